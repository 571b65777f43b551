import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { recordAudit, searchAuditEvents, verifyAuditChain } from '../../src/modules/audit/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

describeEachDialect('audit hash chain', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await testContext(dialect)
  })
  afterAll(async () => ctx.close())

  async function seed(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      await ctx.db.transaction().execute((trx) =>
        recordAudit(trx, ctx.clock, systemActor('test'), { action: 'test.event', targetType: 'thing', targetId: `t${i}`, details: { i } }),
      )
    }
  }

  it('verifies an intact chain and counts events', async () => {
    await seed(5)
    expect(await verifyAuditChain(ctx.db)).toEqual({ ok: true, checked: 5 })
    const page = await searchAuditEvents(ctx.db, { action: 'test.' }, 1, 2)
    expect(page.total).toBe(5)
    expect(page.items.map((e) => e.targetId)).toEqual(['t4', 't3'])
    expect(page.items[0]?.details).toEqual({ i: 4 })
  })

  it('an event rolled back with its transaction leaves no trace', async () => {
    await expect(
      ctx.db.transaction().execute(async (trx) => {
        await recordAudit(trx, ctx.clock, systemActor('test'), { action: 'test.rolled_back' })
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect((await searchAuditEvents(ctx.db, { action: 'test.rolled_back' }, 1, 10)).total).toBe(0)
    expect((await verifyAuditChain(ctx.db)).ok).toBe(true)
  })

  it('detects an edited event', async () => {
    const before = await verifyAuditChain(ctx.db)
    await sql`update audit_events set details = ${'{"i":99}'} where seq = 3`.execute(ctx.db)
    const r = await verifyAuditChain(ctx.db)
    expect(r.ok).toBe(false)
    expect(r.checked).toBe(2)
    expect(r.firstBad?.seq).toBe(3)
    expect(r.firstBad?.reason).toMatch(/edited/)
    expect(before.ok).toBe(true)
  })
})

describeEachDialect('audit tampering', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await testContext(dialect)
    for (let i = 0; i < 6; i++) {
      await ctx.db.transaction().execute((trx) => recordAudit(trx, ctx.clock, systemActor('test'), { action: 'test.e', details: { i } }))
    }
  })
  afterAll(async () => ctx.close())

  it('detects reordering', async () => {
    await ctx.db.transaction().execute(async (trx) => {
      await sql`update audit_events set seq = -2 where seq = 2`.execute(trx)
      await sql`update audit_events set seq = 2 where seq = 3`.execute(trx)
      await sql`update audit_events set seq = 3 where seq = -2`.execute(trx)
    })
    const r = await verifyAuditChain(ctx.db)
    expect(r.ok).toBe(false)
    expect(r.firstBad?.seq).toBe(2)
    // restore
    await ctx.db.transaction().execute(async (trx) => {
      await sql`update audit_events set seq = -2 where seq = 2`.execute(trx)
      await sql`update audit_events set seq = 2 where seq = 3`.execute(trx)
      await sql`update audit_events set seq = 3 where seq = -2`.execute(trx)
    })
    expect((await verifyAuditChain(ctx.db)).ok).toBe(true)
  })

  it('detects deletion in the middle and of the newest events', async () => {
    await sql`delete from audit_events where seq = 6`.execute(ctx.db)
    const tail = await verifyAuditChain(ctx.db)
    expect(tail).toMatchObject({ ok: false, checked: 5 })
    expect(tail.firstBad?.reason).toMatch(/newest events missing/)
    await sql`delete from audit_events where seq = 4`.execute(ctx.db)
    const mid = await verifyAuditChain(ctx.db)
    expect(mid).toMatchObject({ ok: false, checked: 3 })
    expect(mid.firstBad?.seq).toBe(5)
  })
})

describe('dialect list', () => {
  it('includes postgres under CI', () => {
    if (process.env.CI) expect(process.env.TEST_PG_URL, 'CI must set TEST_PG_URL').toBeTruthy()
    expect(true).toBe(true)
  })
})
