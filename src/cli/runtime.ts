import type { Writable } from 'node:stream'
import type { Command } from 'commander'
import { type ConfigInput, loadConfig } from '../core/config.js'
import { AppError } from '../core/errors.js'
import { closeContext, type Ctx, type OpenOptions, openContext } from '../container.js'
import { openMigratedContext } from '../setup.js'

/** What every command needs: output streams and a way to open the context honouring --db. */
export interface CliIo {
  out: Writable
  err: Writable
  stdin: NodeJS.ReadableStream
  env: NodeJS.ProcessEnv
  /** Set by a command that ran but found a failure (a verification that does not match): the CLI exits with it. */
  exitCode?: number
}

export const processIo: CliIo = { out: process.stdout, err: process.stderr, stdin: process.stdin, env: process.env }

/** Global options every command accepts. */
export interface GlobalOptions {
  db?: string
  json?: boolean
}

/** Reads --db (and other config overrides) from the command's own and its parents' options. */
export function configOverrides(cmd: Command, extra: ConfigInput = {}): ConfigInput {
  const opts = cmd.optsWithGlobals() as GlobalOptions
  return { db: opts.db, ...extra }
}

/** Opens the context for a command, runs `fn`, always closes. */
export async function withContext<T>(
  io: CliIo,
  cmd: Command,
  fn: (ctx: Ctx) => Promise<T>,
  options: OpenOptions & { overrides?: ConfigInput } = {},
): Promise<T> {
  const config = loadConfig(io.env, configOverrides(cmd, options.overrides))
  // migrate, start and demo load the default policies after migrating; every other command only opens
  const ctx = options.migrate ? await openMigratedContext(config, options) : await openContext(config, options)
  try {
    return await fn(ctx)
  } finally {
    await closeContext(ctx)
  }
}

export function writeJson(io: CliIo, value: unknown): void {
  io.out.write(`${JSON.stringify(value)}\n`)
}

/** A usage error: exit code 2 with a message. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** Coded errors that mean the input was wrong (bad value, too large, unsupported format, unprocessable): exit 2. */
const INPUT_STATUSES: ReadonlySet<number> = new Set([400, 413, 415, 422])

export function printError(io: CliIo, e: unknown, json: boolean): number {
  if (e instanceof UsageError) {
    io.err.write(`用法错误：${e.message}\n`)
    return 2
  }
  if (e instanceof AppError) {
    if (json) io.out.write(`${JSON.stringify(e.toJSON())}\n`)
    io.err.write(`错误 [${e.code}]：${e.message}\n`)
    return INPUT_STATUSES.has(e.status) ? 2 : 1
  }
  io.err.write(`内部错误：${(e as Error)?.stack ?? String(e)}\n`)
  return 1
}
