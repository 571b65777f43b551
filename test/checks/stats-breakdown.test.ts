// The figures behind the check statistics charts: checks by scenario and department, hit rate, feedback rate.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { bearer, companyUscc, ingestCourtDefaulter, ingestTaxA, seedDepts, testApp } from './helpers.js'

describeEachDialect('checks: statistics by scenario and department', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let czj: Record<string, string>
  let jtw: Record<string, string>
  let operator: Record<string, string>
  const defaulter = companyUscc()
  const taxA = companyUscc()

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepts(ctx)
    czj = await bearer(ctx, 'consumer', 'tj-czj')
    jtw = await bearer(ctx, 'consumer', 'tj-jtw')
    operator = await bearer(ctx, 'operator')
    await ingestCourtDefaulter(ctx, defaulter, '天津市测试统计建材有限公司', '（2026）津01执41号')
    await ingestTaxA(ctx, taxA, '天津市测试统计科技有限公司')
    app = await testApp(ctx)

    const check = async (headers: Record<string, string>, uscc: string, scenario: string) => {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/checks',
        headers,
        payload: { subject: { uscc }, scenario, purpose: '统计测试' },
      })
      if (r.statusCode !== 200) throw new Error(r.body)
      return r.json() as { checkId: string; hits: { measure: string }[] }
    }
    // 2026-06-01 (Shanghai): finance bureau, government procurement: a punishment hit (fed back) and a reward hit
    const hit = await check(czj, defaulter, 'government_procurement')
    await check(czj, taxA, 'government_procurement')
    const fb = await app.inject({
      method: 'POST',
      url: `/api/v1/checks/${hit.checkId}/feedback`,
      headers: czj,
      payload: { measure: hit.hits[0]?.measure, action: 'applied', effect: '取消投标资格' },
    })
    if (fb.statusCode !== 200) throw new Error(fb.body)
    // 2026-06-03: transport commission, high consumption: two hits without feedback, one miss
    ctx.clock.set('2026-06-03T03:00:00Z')
    await check(jtw, defaulter, 'high_consumption')
    await check(jtw, defaulter, 'high_consumption')
    await check(jtw, taxA, 'high_consumption')
    // 2026-06-03: finance bureau, fiscal funds: none of the bureau's own measures applies to the taxpayer (a miss)
    await check(czj, taxA, 'fiscal_funds')
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const get = (url: string, headers: Record<string, string>) => app.inject({ method: 'GET', url, headers })

  it('operators see every department: totals, per scenario (most checks first) and per department', async () => {
    const r = await get('/api/v1/checks/stats/by-scenario', operator)
    expect(r.statusCode).toBe(200)
    const body = r.json()
    expect(body.totals).toEqual({
      checks: 6,
      checksWithHits: 4,
      hitRate: 0.6667,
      hits: 4,
      hitsWithFeedback: 1,
      feedbackRate: 0.25,
    })
    expect(
      body.byScenario.map((s: Record<string, unknown>) => [
        s.scenario,
        s.checks,
        s.checksWithHits,
        s.hitRate,
        s.feedbackRate,
      ]),
    ).toEqual([
      ['high_consumption', 3, 2, 0.6667, 0],
      ['government_procurement', 2, 2, 1, 0.5],
      ['fiscal_funds', 1, 0, 0, 0],
    ])
    expect(body.byDept.map((d: Record<string, unknown>) => [d.dept, d.checks, d.hits, d.hitsWithFeedback])).toEqual([
      ['tj-czj', 3, 2, 1],
      ['tj-jtw', 3, 2, 0],
    ])
  })

  it('a date range (Shanghai civil days) and a department filter', async () => {
    const day1 = (await get('/api/v1/checks/stats/by-scenario?from=2026-06-01&to=2026-06-02', operator)).json()
    expect([day1.from, day1.to, day1.totals.checks, day1.totals.feedbackRate]).toEqual([
      '2026-06-01',
      '2026-06-02',
      2,
      0.5,
    ])
    const later = (await get('/api/v1/checks/stats/by-scenario?from=2026-06-03', operator)).json()
    expect(later.totals).toMatchObject({ checks: 4, checksWithHits: 2, hitRate: 0.5, hitsWithFeedback: 0 })
    const jtwOnly = (await get('/api/v1/checks/stats/by-scenario?dept=tj-jtw', operator)).json()
    expect(jtwOnly.byDept.map((d: { dept: string }) => d.dept)).toEqual(['tj-jtw'])
    const bad = await get('/api/v1/checks/stats/by-scenario?from=2026-06-05&to=2026-06-01', operator)
    expect(bad.statusCode).toBe(422)
    expect(bad.json().error.code).toBe('checks.stats_range_invalid')
  })

  it('a department without stats.read sees only its own checks, whatever dept it asks for', async () => {
    const own = (await get('/api/v1/checks/stats/by-scenario?dept=tj-jtw', czj)).json()
    expect(own.dept).toBe('tj-czj')
    expect(own.byDept.map((d: { dept: string }) => d.dept)).toEqual(['tj-czj'])
    expect(own.totals).toMatchObject({ checks: 3, checksWithHits: 2, hits: 2, hitsWithFeedback: 1, feedbackRate: 0.5 })
  })

  it('the existing per-department statistics keep their fields and gain hitRate', async () => {
    const items = (await get('/api/v1/checks/stats', operator)).json().items
    expect(items[0]).toMatchObject({
      dept: 'tj-czj',
      checks: 3,
      checksWithHits: 2,
      hits: 2,
      hitsWithFeedback: 1,
      feedbackRate: 0.5,
      hitRate: 0.6667,
      actions: { applied: 1, not_applied: 0, partial: 0 },
    })
  })
})
