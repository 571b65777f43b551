// Readable check numbers (核查编号 HC-YYYYMMDD-NNNNNN, a counter per Beijing day kept with the checks) and repeats:
// checks of the same entity and scenario by the same department that hit the same measures within
// REPEAT_CHECK_MINUTES of each other are one feedback to-do, and feedback on one is feedback on all of them.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { entityChecks, REPEAT_CHECK_MINUTES, runCheck } from '../../src/modules/checks/index.js'
import { resolveEntity } from '../../src/modules/entities/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { bearer, companyUscc, ingestCourtDefaulter, seedDepts, testApp } from './helpers.js'

const HC = /^HC-\d{8}-\d{6}$/

describeEachDialect('checks: readable numbers and repeated checks', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let czj: Record<string, string>
  let jtw: Record<string, string>
  let fy: Record<string, string>
  const defaulter = companyUscc()
  const other = companyUscc()
  let entityId = ''

  beforeAll(async () => {
    // 2026-06-01 10:00 in Beijing
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepts(ctx)
    czj = await bearer(ctx, 'consumer', 'tj-czj')
    jtw = await bearer(ctx, 'consumer', 'tj-jtw')
    fy = await bearer(ctx, 'consumer', 'tj-fy')
    await ingestCourtDefaulter(ctx, defaulter, '天津市测试编号建材有限公司', '（2026）津01执71号')
    await ingestCourtDefaulter(ctx, other, '天津市测试编号商贸有限公司', '（2026）津01执72号')
    const e = await resolveEntity(ctx.db, ctx.keys, { uscc: defaulter })
    if (e.status !== 'matched') throw new Error('defaulter not resolved')
    entityId = e.entityId
    app = await testApp(ctx)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const check = async (headers: Record<string, string>, uscc: string, scenario = 'government_procurement') => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/checks',
      headers,
      payload: { subject: { uscc }, scenario, purpose: '政府采购供应商资格审查' },
    })
    expect(r.statusCode, r.body).toBe(200)
    return r.json() as { checkId: string; number: string; at: string }
  }
  const pending = async (headers: Record<string, string>, days = 0) => {
    const r = await app.inject({ method: 'GET', url: `/api/v1/checks/feedback/pending?days=${days}`, headers })
    expect(r.statusCode).toBe(200)
    return r.json().items as {
      checkId: string
      number: string
      subject: { uscc: string }
      scenario: string
      pendingMeasures: string[]
      workingDays: number
      repeats: { checkId: string; number: string; at: string }[]
    }[]
  }

  it('numbers the checks of a Beijing day in order, in single and batch checks, receipts and the entity file', async () => {
    const first = await check(czj, defaulter)
    const second = await check(jtw, other, 'high_consumption')
    expect(first.number).toBe('HC-20260601-000001')
    expect(second.number).toBe('HC-20260601-000002')
    const batch = await app.inject({
      method: 'POST',
      url: '/api/v1/checks/batch',
      headers: jtw,
      payload: { subjects: [{ uscc: other }, { uscc: companyUscc() }, { uscc: defaulter }], scenario: 'bidding' },
    })
    expect(batch.statusCode).toBe(200)
    const items = batch.json().items as { index: number; number?: string; error?: unknown }[]
    expect(items.map((i) => i.number ?? null)).toEqual(['HC-20260601-000003', null, 'HC-20260601-000004'])
    const receipt = await app.inject({ method: 'GET', url: `/api/v1/checks/${first.checkId}`, headers: czj })
    expect(receipt.json()).toMatchObject({ checkId: first.checkId, number: 'HC-20260601-000001' })
    const result = await app.inject({
      method: 'GET',
      url: `/api/v1/checks/batch/${batch.json().batchId}`,
      headers: jtw,
    })
    expect(result.statusCode).toBe(200)
    expect(result.json().items.map((i: { number: string | null }) => i.number)).toEqual([
      'HC-20260601-000003',
      null,
      'HC-20260601-000004',
    ])
    const file = await entityChecks(ctx.db, entityId)
    expect(file.items.map((c) => c.number).sort()).toEqual(['HC-20260601-000001', 'HC-20260601-000004'])
  })

  it('a new Beijing day starts again at 1; checks made at once get distinct consecutive numbers', async () => {
    ctx.clock.set('2026-06-01T16:30:00Z') // 2026-06-02 00:30 in Beijing
    const next = await check(jtw, other, 'high_consumption')
    expect(next.number).toBe('HC-20260602-000001')
    const actor = { kind: 'api_key' as const, id: 'k-jtw', role: 'consumer', dept: 'tj-jtw' }
    const many = await Promise.all(
      Array.from({ length: 8 }, () =>
        runCheck(ctx, actor, { subject: { uscc: other }, scenario: 'high_consumption', purpose: '限制高消费核查' }),
      ),
    )
    const numbers = many.map((c) => c.number)
    expect(numbers.every((n) => HC.test(n))).toBe(true)
    expect([...numbers].sort()).toEqual(
      Array.from({ length: 8 }, (_, i) => `HC-20260602-${String(i + 2).padStart(6, '0')}`),
    )
    const stored = await ctx.db.selectFrom('check_numbers').selectAll().orderBy('day').execute()
    expect(stored.map((r) => [r.day, Number(r.last)])).toEqual([
      ['20260601', 4],
      ['20260602', 9],
    ])
  })

  it('two checks of one entity and scenario by one department within minutes are one feedback to-do', async () => {
    expect(REPEAT_CHECK_MINUTES).toBe(30)
    ctx.clock.set('2026-06-03T02:00:00Z')
    const a = await check(czj, defaulter)
    ctx.clock.set('2026-06-03T02:04:00Z')
    const b = await check(czj, defaulter)
    // another scenario of the same department, and another department's check in its scenario, are not repeats
    await check(czj, defaulter, 'fiscal_funds')
    await check(fy, defaulter, 'high_consumption')
    await check(jtw, defaulter, 'high_consumption')
    ctx.clock.set('2026-06-03T02:40:00Z') // 36 minutes after the last one: a new check
    const c = await check(czj, defaulter)
    const todos = (await pending(czj)).filter((t) => t.subject.uscc === defaulter)
    const procurement = todos.filter((t) => t.scenario === 'government_procurement')
    // the check of 2026-06-01 (alone), the pair of 2026-06-03 (one to-do on the newer check), the later one
    expect(procurement.map((t) => [t.checkId, t.repeats.map((r) => r.checkId)])).toEqual([
      [expect.any(String), []],
      [b.checkId, [a.checkId]],
      [c.checkId, []],
    ])
    expect(procurement[1]?.repeats[0]).toMatchObject({ number: a.number, at: a.at })
    expect(procurement[1]?.number).toBe(b.number)
    expect(todos.filter((t) => t.scenario === 'fiscal_funds')).toHaveLength(1)
    for (const dept of [fy, jtw])
      expect(
        (await pending(dept))
          .filter((t) => t.subject.uscc === defaulter && t.scenario === 'high_consumption')
          .map((t) => t.repeats),
      ).toEqual([[]])

    // the to-do's age counts from its first check: two working days later it is still one to-do
    ctx.clock.set('2026-06-05T03:00:00Z')
    const later = (await pending(czj, 2)).find((t) => t.checkId === b.checkId)
    expect(later).toMatchObject({ workingDays: 2, repeats: [{ checkId: a.checkId }] })

    // feedback on the to-do's check is feedback on its repeat too (and answers the to-do)
    const fb = await app.inject({
      method: 'POST',
      url: `/api/v1/checks/${b.checkId}/feedback`,
      headers: czj,
      payload: { measure: 'punish_cd_procurement', action: 'applied', effect: '取消供应商资格' },
    })
    expect(fb.statusCode, fb.body).toBe(200)
    expect(fb.json()).toMatchObject({ checkId: b.checkId, version: 1, current: true })
    const older = (await app.inject({ method: 'GET', url: `/api/v1/checks/${a.checkId}`, headers: czj })).json()
    expect(older.feedback).toMatchObject([
      {
        checkId: a.checkId,
        measure: 'punish_cd_procurement',
        action: 'applied',
        effect: '取消供应商资格',
        current: true,
      },
    ])
    const left = (await pending(czj)).filter((t) => t.subject.uscc === defaulter)
    expect(left.map((t) => t.checkId)).not.toContain(b.checkId)
    expect(left.map((t) => t.checkId)).toContain(c.checkId)
    const events = (await searchAuditEvents(ctx.db, { action: 'check.feedback' }, 1, 10)).items
    expect(events.map((e) => [e.targetId, e.details.sameAs ?? null]).sort()).toEqual(
      [
        [b.checkId, null],
        [a.checkId, b.checkId],
      ].sort(),
    )
  })

  it('a repeat made after the feedback is answered by it: no new to-do, and the statistics count it answered', async () => {
    ctx.clock.set('2026-06-08T02:00:00Z')
    const x = await check(czj, other, 'fiscal_funds')
    ctx.clock.set('2026-06-08T02:01:00Z')
    const fb = await app.inject({
      method: 'POST',
      url: `/api/v1/checks/${x.checkId}/feedback`,
      headers: czj,
      payload: { measure: 'punish_cd_fiscal', action: 'applied', effect: '不予安排财政资金' },
    })
    expect(fb.statusCode, fb.body).toBe(200)
    ctx.clock.set('2026-06-08T02:05:00Z')
    const y = await check(czj, other, 'fiscal_funds')
    expect((await pending(czj)).filter((t) => t.subject.uscc === other)).toEqual([])
    const stats = await app.inject({
      method: 'GET',
      url: '/api/v1/checks/stats?from=2026-06-08&to=2026-06-08',
      headers: czj,
    })
    expect(stats.json().items).toMatchObject([
      { dept: 'tj-czj', checks: 2, hits: 2, hitsWithFeedback: 2, feedbackRate: 1 },
    ])
    const breakdown = await app.inject({
      method: 'GET',
      url: '/api/v1/checks/stats/by-scenario?from=2026-06-08&to=2026-06-08',
      headers: czj,
    })
    expect(breakdown.json().totals).toMatchObject({ checks: 2, hits: 2, hitsWithFeedback: 2, feedbackRate: 1 })
    // the receipt of the later check shows no feedback of its own: it was given on the earlier one
    const receipt = (await app.inject({ method: 'GET', url: `/api/v1/checks/${y.checkId}`, headers: czj })).json()
    expect(receipt.feedback).toEqual([])
  })
})
