// Migration 0039: readable check numbers. The checks stored before it get their numbers (HC-YYYYMMDD-NNNNNN) in the
// order they were made within each Beijing day, and the day counters continue from there.
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { closeContext, type Ctx } from '../../src/container.js'
import { down } from '../../src/db/migrations/0039-check-numbers.js'
import { runCheck } from '../../src/modules/checks/index.js'
import { bearer, companyUscc, ingestCourtDefaulter, seedDepts } from '../checks/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { migrateAgain } from './helpers.js'

describeEachDialect('migration 0039: readable check numbers', (dialect) => {
  let first: TestContext
  let ctx: Ctx
  const made: { id: string; at: string }[] = []
  const uscc = companyUscc()

  beforeAll(async () => {
    first = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepts(first)
    await bearer(first, 'consumer', 'tj-czj')
    await ingestCourtDefaulter(first, uscc, '天津市测试迁移编号有限公司', '（2026）津01执91号')
    const actor = { kind: 'api_key' as const, id: 'k-czj', role: 'consumer', dept: 'tj-czj' }
    // Beijing 2026-06-01 10:00, 23:59, then 2026-06-02 00:01 and 09:00
    for (const at of ['2026-06-01T02:00:00Z', '2026-06-01T15:59:00Z', '2026-06-01T16:01:00Z', '2026-06-02T01:00:00Z']) {
      first.clock.set(at)
      const c = await runCheck(first, actor, {
        subject: { uscc },
        scenario: 'government_procurement',
        purpose: '政府采购供应商资格审查',
      })
      made.push({ id: c.checkId, at })
    }
    // the shape before 0039: no numbers, no counters
    await down(first.db)
    await sql`delete from schema_migrations where name = '0039-check-numbers'`.execute(first.db)
    ctx = await migrateAgain(first)
  })
  afterAll(async () => {
    await closeContext(ctx)
  })

  it('numbers the checks stored before, day by day in the order they were made, and the counters continue', async () => {
    const rows = await ctx.db.selectFrom('checks').select(['id', 'number']).orderBy('at').execute()
    expect(rows.map((r) => [r.id, r.number])).toEqual([
      [made[0]?.id, 'HC-20260601-000001'],
      [made[1]?.id, 'HC-20260601-000002'],
      [made[2]?.id, 'HC-20260602-000001'],
      [made[3]?.id, 'HC-20260602-000002'],
    ])
    const counters = await ctx.db.selectFrom('check_numbers').selectAll().orderBy('day').execute()
    expect(counters.map((c) => [c.day, Number(c.last)])).toEqual([
      ['20260601', 2],
      ['20260602', 2],
    ])
    const next = await runCheck(
      ctx,
      { kind: 'api_key', id: 'k-czj', role: 'consumer', dept: 'tj-czj' },
      {
        subject: { uscc },
        scenario: 'government_procurement',
        purpose: '政府采购供应商资格审查',
      },
    )
    expect(next.number).toBe('HC-20260602-000003')
  })
})
