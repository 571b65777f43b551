import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { recordAudit, searchAuditEvents, verifyAuditChain } from '../../src/modules/audit/index.js'
import { describeEachDialect, dialects, type TestContext, testContext } from '../support/context.js'

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
    // migrate itself records the loading of the default catalog and calendar
    const base = (await verifyAuditChain(ctx.db)).checked
    await seed(5)
    expect(await verifyAuditChain(ctx.db)).toEqual({ ok: true, checked: base + 5 })
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
    const target = before.checked - 2
    await sql`update audit_events set details = ${'{"i":99}'} where seq = ${target}`.execute(ctx.db)
    const r = await verifyAuditChain(ctx.db)
    expect(r.ok).toBe(false)
    expect(r.checked).toBe(target - 1)
    expect(r.firstBad?.seq).toBe(target)
    expect(r.firstBad?.reason).toMatch(/edited/)
    expect(before.ok).toBe(true)
  })
})

describeEachDialect('audit tampering', (dialect) => {
  let ctx: TestContext
  let base = 0
  beforeAll(async () => {
    ctx = await testContext(dialect)
    base = (await verifyAuditChain(ctx.db)).checked
    for (let i = 0; i < 6; i++) {
      await ctx.db.transaction().execute((trx) => recordAudit(trx, ctx.clock, systemActor('test'), { action: 'test.e', details: { i } }))
    }
  })
  afterAll(async () => ctx.close())

  it('detects reordering', async () => {
    const a = base + 2
    const b = base + 3
    const swap = () =>
      ctx.db.transaction().execute(async (trx) => {
        await sql`update audit_events set seq = -2 where seq = ${a}`.execute(trx)
        await sql`update audit_events set seq = ${a} where seq = ${b}`.execute(trx)
        await sql`update audit_events set seq = ${b} where seq = -2`.execute(trx)
      })
    await swap()
    const r = await verifyAuditChain(ctx.db)
    expect(r.ok).toBe(false)
    expect(r.firstBad?.seq).toBe(a)
    await swap()
    expect((await verifyAuditChain(ctx.db)).ok).toBe(true)
  })

  it('detects deletion in the middle and of the newest events', async () => {
    await sql`delete from audit_events where seq = ${base + 6}`.execute(ctx.db)
    const tail = await verifyAuditChain(ctx.db)
    expect(tail).toMatchObject({ ok: false, checked: base + 5 })
    expect(tail.firstBad?.reason).toMatch(/newest events missing/)
    await sql`delete from audit_events where seq = ${base + 4}`.execute(ctx.db)
    const mid = await verifyAuditChain(ctx.db)
    expect(mid).toMatchObject({ ok: false, checked: base + 3 })
    expect(mid.firstBad?.seq).toBe(base + 5)
  })
})

describe('dialect list', () => {
  it('runs exactly the databases asked for', () => {
    const wanted = (process.env.TEST_DIALECTS ?? '').split(',').filter(Boolean)
    if (wanted.length) expect(dialects).toEqual(wanted)
    else expect(dialects).toEqual(process.env.TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'])
  })
})
