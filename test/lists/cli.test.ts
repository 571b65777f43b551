import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerListCommands } from '../../src/cli/commands/lists.js'
import { closeContext, openContext } from '../../src/container.js'
import { openMigratedContext } from '../../src/setup.js'
import { updateRule } from '../../src/modules/lists/index.js'
import { inProcessCli } from '../support/cli-in-process.js'
import { describeEachDialect, freshDatabase, type TestContext, type TestDb } from '../support/context.js'
import { admin, companyUscc, ingestPenalties, ruleWith, seedDepts } from './helpers.js'

describeEachDialect('cli: lists scan', (dialect) => {
  let testDb: TestDb
  const company = { name: '天津市测试命令行商贸有限公司', uscc: companyUscc() }
  beforeAll(async () => {
    testDb = await freshDatabase(dialect)
    const ctx = await openMigratedContext(testDb.config)
    await seedDepts(ctx as TestContext)
    // recent decisions relative to the real clock (the CLI runs on it)
    const day = (n: number) => new Date(Date.now() - n * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10)
    await ingestPenalties(ctx as TestContext, company, [day(40), day(20), day(5)])
    await closeContext(ctx)
  })
  afterAll(async () => testDb.cleanup())

  const run = inProcessCli(() => testDb, registerListCommands)

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
