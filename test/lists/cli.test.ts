import { Readable, Writable } from 'node:stream'
import { Command } from 'commander'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerListCommands } from '../../src/cli/commands/lists.js'
import { type CliIo, printError } from '../../src/cli/runtime.js'
import { closeContext, openContext } from '../../src/container.js'
import { updateRule } from '../../src/modules/lists/index.js'
import { describeEachDialect, freshDatabase, type TestContext, type TestDb } from '../support/context.js'
import { admin, companyUscc, ingestPenalties, ruleWith, seedDepts } from './helpers.js'

class Sink extends Writable {
  text = ''
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString()
    cb()
  }
}

describeEachDialect('cli: lists scan', (dialect) => {
  let testDb: TestDb
  const company = { name: '天津市测试命令行商贸有限公司', uscc: companyUscc() }
  beforeAll(async () => {
    testDb = await freshDatabase(dialect)
    const ctx = await openContext(testDb.config, { migrate: true })
    await seedDepts(ctx as TestContext)
    // recent decisions relative to the real clock (the CLI runs on it)
    const day = (n: number) => new Date(Date.now() - n * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10)
    await ingestPenalties(ctx as TestContext, company, [day(40), day(20), day(5)])
    await closeContext(ctx)
  })
  afterAll(async () => testDb.cleanup())

  async function run(args: string[]): Promise<{ out: string; err: string; code: number }> {
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
    registerListCommands(program, io)
    for (const c of program.commands) for (const sub of c.commands) sub.exitOverride()
    let code = 0
    try {
      await program.parseAsync(['node', 'gongxin', ...args])
    } catch (e) {
      code = printError(io, e, args.includes('--json'))
    }
    return { out: out.text, err: err.text, code }
  }

  it('with the rule off, scan says so and proposes nothing', async () => {
    const text = await run(['lists', 'scan'])
    expect(text.code).toBe(0)
    expect(text.out).toContain('升级规则（第 1 版）未启用，未生成列入建议')
    const json = JSON.parse((await run(['lists', 'scan', '--json'])).out)
    expect(json).toMatchObject({ enabled: false, ruleVersion: 1, proposed: [], open: 0 })
    expect((await run(['lists', 'rule'])).out).toMatch(
      /升级规则第 1 版（默认）：未启用；12 个月内一般失信记录达到 3 条时提出列入建议/,
    )
  })

  it('with the rule on, scan prints the proposals; --json carries them', async () => {
    const ctx = await openContext(testDb.config)
    await updateRule(ctx, admin, ruleWith({}), '启用')
    await closeContext(ctx)
    const text = await run(['lists', 'scan'])
    expect(text.code).toBe(0)
    expect(text.out).toContain(company.name)
    expect(text.out).toContain('新增列入建议 1 条，失效 0 条，待确认共 1 条')
    const json = JSON.parse((await run(['lists', 'scan', '--json'])).out)
    expect(json).toMatchObject({ enabled: true, ruleVersion: 2, proposed: [], open: 1 })
  })
})
