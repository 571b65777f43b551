import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { getRule, listRuleVersions, loadDefaultEscalationRule, updateRule } from '../../src/modules/lists/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { admin, ruleWith, seedDepts } from './helpers.js'

describeEachDialect('lists: the escalation rule file is loaded as versions, operators’ edits kept', (dialect) => {
  let ctx: TestContext
  const file = (name: string, rule: Record<string, unknown>) => {
    const path = join(ctx.testDb.dir, name)
    writeFileSync(path, JSON.stringify({ about: 'test', rule }))
    return path
  }

  beforeAll(async () => {
    ctx = await testContext(dialect)
    await seedDepts(ctx)
  })
  afterAll(async () => ctx.close())

  it('migrate loaded the shipped file once; loading it again changes nothing', async () => {
    expect((await listRuleVersions(ctx.db)).map((v) => [v.version, v.source, v.isCurrent])).toEqual([
      [1, 'default', true],
    ])
    expect(await loadDefaultEscalationRule(ctx)).toEqual({ outcome: 'unchanged', version: 1 })
    expect((await listRuleVersions(ctx.db)).length).toBe(1)
  })

  it('a changed default file becomes the current version while the current one is a default', async () => {
    const r = await loadDefaultEscalationRule(ctx, {
      path: file('v2.json', ruleWith({ enabled: false, generalRecords: 4 })),
    })
    expect(r).toEqual({ outcome: 'updated', version: 2 })
    expect((await getRule(ctx.db)).rule.generalRecords).toBe(4)
    expect((await getRule(ctx.db, 1)).rule.generalRecords).toBe(3)
  })

  it('an operator’s version is never replaced by a newer default: the default is stored, not made current', async () => {
    await updateRule(ctx, admin, ruleWith({ generalRecords: 5 }), '本市试行五条')
    const r = await loadDefaultEscalationRule(ctx, {
      path: file('v4.json', ruleWith({ enabled: false, generalRecords: 6 })),
    })
    expect(r).toEqual({ outcome: 'kept', version: 4 })
    const current = await getRule(ctx.db)
    expect(current).toMatchObject({ version: 3, source: 'operator', rule: { enabled: true, generalRecords: 5 } })
    expect((await listRuleVersions(ctx.db)).map((v) => [v.version, v.source, v.isCurrent])).toEqual([
      [1, 'default', false],
      [2, 'default', false],
      [3, 'operator', true],
      [4, 'default', false],
    ])
    const events = await searchAuditEvents(ctx.db, { action: 'lists.rule_defaults_loaded' }, 1, 50)
    expect(events.items.map((e) => (e.details as { outcome: string }).outcome).sort()).toEqual([
      'added',
      'kept',
      'updated',
    ])
  })

  it('a bad default file is refused with the file and the field named', async () => {
    await expect(
      loadDefaultEscalationRule(ctx, { path: file('bad.json', ruleWith({ withinMonths: 'twelve' })) }),
    ).rejects.toMatchObject({ code: 'lists.rule_invalid', message: expect.stringMatching(/bad\.json.*withinMonths/) })
    await expect(loadDefaultEscalationRule(ctx, { path: join(ctx.testDb.dir, 'missing.json') })).rejects.toMatchObject({
      code: 'lists.rule_defaults_unreadable',
    })
    expect((await listRuleVersions(ctx.db)).length).toBe(4)
  })
})
