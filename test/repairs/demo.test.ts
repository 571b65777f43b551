// The demo city's repairs: approved (record repaired), rejected, waiting, and a serious record not yet eligible.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { generateDemo } from '../../src/flows/demo/index.js'
import { eligibilityFor, listRepairsFor } from '../../src/flows/repairs/index.js'
import { type Principal, permissionsOf } from '../../src/modules/access/index.js'
import { recordsOfEntity } from '../../src/modules/records/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const operator: Principal = {
  kind: 'api_key',
  id: null,
  role: 'operator',
  dept: null,
  district: null,
  entityId: null,
  permissions: permissionsOf('operator'),
}

describeEachDialect('demo: credit repairs', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-12-06T02:00:00.000Z' })
    await generateDemo(ctx, { entities: 300, seed: 7, recordsPerEntity: 2 })
  }, 180_000)
  afterAll(async () => ctx?.close())

  it('has repairs approved, rejected and waiting, and a record not yet eligible', async () => {
    const page = await listRepairsFor(ctx, operator, { pageSize: 50 })
    expect(page.items.map((i) => i.state).sort()).toEqual(['approved', 'rejected', 'submitted'])
    const approved = page.items.find((i) => i.state === 'approved')
    expect(approved?.recipients[0]).toMatchObject({ dept: 'tj-scjg', role: 'decider' })
    const entityId = approved?.entityId as string
    const records = await recordsOfEntity(ctx.db, entityId)
    expect(records.find((r) => r.id === approved?.recordId)?.state).toBe('repaired')
    const serious = records.find((r) => r.document_no === '津市监罚〔2026〕9804号')
    const e = await eligibilityFor(ctx, operator, serious?.id as string)
    expect([e.eligible, e.ruleSet, e.earliestDate]).toEqual([false, '2026', '2027-05-13'])
    expect(e.reasons.map((r) => r.code)).toEqual(['min_period'])
  })
})
