// Runs CLI command groups in the test process against a test database (no build needed): the output is captured,
// and a failure prints as `gongxin` prints it and gives its exit code.
import { Readable, Writable } from 'node:stream'
import { Command } from 'commander'
import { type CliIo, printError } from '../../src/cli/runtime.js'

/** A writable stream that keeps what was written. */
export class Sink extends Writable {
  text = ''
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString()
    cb()
  }
}

/** A command group's registration, e.g. registerCatalogCommands. */
export type RegisterCommands = (program: Command, io: CliIo) => void

export interface CliOutcome {
  out: string
  err: string
  /** 0 on success, otherwise the exit code printError gives the failure. */
  code: number
}

/**
 * A runner for `gongxin <args>` with only the given command groups, on the database `db()` returns (read when a
 * command runs, so it may be set in beforeAll). `--json` in the arguments prints failures as JSON.
 */
export function inProcessCli(
  db: () => { config: { db: string }; dir: string },
  ...groups: RegisterCommands[]
): (args: string[], stdin?: string) => Promise<CliOutcome> {
  return async (args, stdin = '') => {
    const { config, dir } = db()
    const out = new Sink()
    const err = new Sink()
    const io: CliIo = {
      out,
      err,
      stdin: Readable.from([stdin]),
      env: { GONGXIN_DB: config.db, GONGXIN_LOG_LEVEL: 'silent', GONGXIN_DATA_DIR: dir },
    }
    const program = new Command('gongxin')
      .exitOverride()
      .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => err.write(s) })
    for (const register of groups) register(program, io)
    for (const c of program.commands) for (const sub of c.commands) sub.exitOverride()
    let code = 0
    try {
      await program.parseAsync(['node', 'gongxin', ...args])
    } catch (e) {
      code = printError(io, e, args.includes('--json'))
    }
    return { out: out.text, err: err.text, code: code || (io.exitCode ?? 0) }
  }
}
