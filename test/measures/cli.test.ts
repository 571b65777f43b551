import { Readable, Writable } from 'node:stream'
import { Command } from 'commander'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerMeasureCommands } from '../../src/cli/commands/measures.js'
import { type CliIo, printError } from '../../src/cli/runtime.js'
import { closeContext, openContext } from '../../src/container.js'
import { describeEachDialect, freshDatabase, type TestDb } from '../support/context.js'

class Sink extends Writable {
  text = ''
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString()
    cb()
  }
}

describeEachDialect('cli: measures', (dialect) => {
  let testDb: TestDb
  beforeAll(async () => {
    testDb = await freshDatabase(dialect)
    await closeContext(await openContext(testDb.config, { migrate: true }))
  })
  afterAll(async () => testDb.cleanup())

  async function run(args: string[]): Promise<{ out: string; code: number }> {
    const out = new Sink()
    const err = new Sink()
    const io: CliIo = {
      out,
      err,
      stdin: Readable.from(['']),
      env: { GONGXIN_DB: testDb.config.db, GONGXIN_LOG_LEVEL: 'silent', GONGXIN_DATA_DIR: testDb.dir },
    }
    const program = new Command('gongxin')
      .exitOverride()
      .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => err.write(s) })
    registerMeasureCommands(program, io)
    for (const c of program.commands) for (const sub of c.commands) sub.exitOverride()
    let code = 0
    try {
      await program.parseAsync(['node', 'gongxin', ...args])
    } catch (e) {
      code = printError(io, e, args.includes('--json'))
    }
    return { out: out.text, code }
  }

  it('measures list prints the list; --json is one array with bases', async () => {
    const text = await run(['measures', 'list'])
    expect(text.code).toBe(0)
    expect(text.out).toMatch(/punish_cd_high_consumption\s+限制乘坐交通工具高消费\s+失信惩戒\s+高消费限制/)
    expect(text.out).toMatch(/共 \d+ 项措施。/)
    const json = JSON.parse((await run(['measures', 'list', '--json'])).out) as { code: string; basis: string[] }[]
    expect(json.length).toBeGreaterThanOrEqual(30)
    expect(json.every((m) => m.basis.length > 0)).toBe(true)
  })
})
