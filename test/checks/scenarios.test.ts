// An unknown scenario is never answered `none`: every route that takes one (single and batch checks, the upload, the
// measure list filter, the credit review's check) refuses it with 422 checks.scenario_unknown, before anything is
// read or stored. "Unknown" means no measure of the list in force names it - a typo, a scenario whose measures were
// all retired, or one whose measures are not in force yet. Feedback on a code the list never had is
// checks.measure_unknown.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/http/app.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { listMeasures, retireMeasure } from '../../src/modules/measures/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { multipart } from '../support/multipart.js'
import { admin, bearer, companyUscc, ingestCourtDefaulter, seedDepts } from './helpers.js'

describeEachDialect('checks: unknown scenarios and measures', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let czj: Record<string, string>
  let operator: Record<string, string>
  const defaulter = companyUscc()

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepts(ctx)
    czj = await bearer(ctx, 'consumer', 'tj-czj')
    operator = await bearer(ctx, 'operator')
    await ingestCourtDefaulter(ctx, defaulter, '天津市场景测试建材有限公司', '（2026）津01执5号')
    app = await buildApp(ctx, { web: false })
    await app.ready()
  })
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  const post = (url: string, payload: Record<string, unknown>, headers = czj) =>
    app.inject({ method: 'POST', url, headers, payload })
  const get = (url: string, headers = czj) => app.inject({ method: 'GET', url, headers })
  const stored = async () => ({
    checks: (await searchAuditEvents(ctx.db, { action: 'check.run' }, 1, 100)).total,
    batches: (await searchAuditEvents(ctx.db, { action: 'check.batch' }, 1, 100)).total,
  })

  describe('a scenario no measure names (a typo)', () => {
    it('single check: 422 checks.scenario_unknown naming the scenarios in force; nothing stored, not even for an unknown subject', async () => {
      const before = await stored()
      for (const subject of [{ uscc: defaulter }, { uscc: companyUscc() }, { idNumber: '11010519491231002X' }]) {
        const r = await post('/api/v1/checks', { subject, scenario: 'goverment_procurement' })
        expect(r.statusCode).toBe(422)
        const { error } = r.json()
        expect(error.code).toBe('checks.scenario_unknown')
        expect(error.message).toContain('「goverment_procurement」')
        expect(error.message).toContain('政府采购（government_procurement）')
        expect(error.details.scenario).toBe('goverment_procurement')
        expect(error.details.known).toEqual(expect.arrayContaining(['government_procurement', 'high_consumption']))
      }
      expect(await stored()).toEqual(before)
      // the same subject in a known scenario: a real answer
      const ok = await post('/api/v1/checks', { subject: { uscc: defaulter }, scenario: 'government_procurement' })
      expect(ok.json().outcome).toBe('punish')
    })

    it('JSON batch and upload: 422, no batch stored', async () => {
      const before = await stored()
      const batch = await post('/api/v1/checks/batch', { subjects: [{ uscc: defaulter }], scenario: 'procurement' })
      expect(batch.statusCode).toBe(422)
      expect(batch.json().error.code).toBe('checks.scenario_unknown')
      const body = multipart(
        { scenario: 'procurement' },
        { name: 'list.csv', content: `统一社会信用代码\n${defaulter}\n`, type: 'text/csv' },
      )
      const upload = await app.inject({
        method: 'POST',
        url: '/api/v1/checks/batch/upload',
        headers: { ...czj, ...body.headers },
        payload: body.payload,
      })
      expect(upload.statusCode).toBe(422)
      expect(upload.json().error.code).toBe('checks.scenario_unknown')
      expect(await stored()).toEqual(before)
    })

    it('the measure list filter: 422 instead of an empty list; known scenarios filter as before', async () => {
      const bad = await get('/api/v1/measures?scenario=procurement')
      expect(bad.statusCode).toBe(422)
      expect(bad.json().error.code).toBe('checks.scenario_unknown')
      const good = await get('/api/v1/measures?scenario=high_consumption')
      expect(good.statusCode).toBe(200)
      expect(good.json().items.length).toBeGreaterThan(0)
    })

    it('GET /api/v1/checks/scenarios lists the scenarios in force with labels and counts', async () => {
      const r = await get('/api/v1/checks/scenarios')
      expect(r.statusCode).toBe(200)
      const items = r.json().items as { code: string; nameZh: string; measures: number }[]
      expect(items[0]).toMatchObject({ code: 'government_procurement', nameZh: '政府采购' })
      expect(items.map((i) => i.code).sort()).toEqual(
        [
          'admin_approval',
          'bidding',
          'financing',
          'fiscal_funds',
          'government_procurement',
          'high_consumption',
          'honors',
          'market_access',
          'public_office',
          'supervision',
        ].sort(),
      )
      expect(items.every((i) => i.measures > 0)).toBe(true)
      expect((await app.inject({ method: 'GET', url: '/api/v1/checks/scenarios' })).statusCode).toBe(401)
    })
  })

  it('a scenario whose measures were all retired is unknown for checks; the list shows it only with retired ones', async () => {
    expect((await post('/api/v1/checks', { subject: { uscc: defaulter }, scenario: 'market_access' })).statusCode).toBe(
      200,
    )
    for (const m of await listMeasures(ctx.db, { scenario: 'market_access' }))
      expect((await post(`/api/v1/measures/${m.code}/retire`, { reason: '本市暂停该场景' }, operator)).statusCode).toBe(
        200,
      )
    const r = await post('/api/v1/checks', { subject: { uscc: defaulter }, scenario: 'market_access' })
    expect(r.statusCode).toBe(422)
    expect(r.json().error.code).toBe('checks.scenario_unknown')
    expect(r.json().error.details.known).not.toContain('market_access')
    expect((await get('/api/v1/measures?scenario=market_access')).statusCode).toBe(422)
    const retired = await get('/api/v1/measures?scenario=market_access&includeRetired=true')
    expect(retired.statusCode).toBe(200)
    expect(retired.json().items.every((m: { status: string }) => m.status === 'retired')).toBe(true)
    const scenarios = (await get('/api/v1/checks/scenarios')).json().items.map((i: { code: string }) => i.code)
    expect(scenarios).not.toContain('market_access')
  })

  it('a new local scenario is known once its measure is in force (effectiveFrom), not before', async () => {
    const created = await post(
      '/api/v1/measures',
      {
        definition: {
          code: 'punish_cd_land_transfer',
          nameZh: '限制参与国有土地出让',
          kind: 'punish',
          content: '失信被执行人参与国有建设用地使用权出让时依法予以限制。',
          basis: ['《关于对失信被执行人实施联合惩戒的合作备忘录》（发改财金〔2016〕141号）'],
          departments: ['tj-czj'],
          scenarios: ['land_transfer'],
          triggers: [{ type: 'list', class: 'court_defaulter' }],
          subjectKinds: ['legal_person'],
          effectiveFrom: '2026-07-01',
        },
        reason: '本市新增土地出让场景',
      },
      operator,
    )
    expect(created.statusCode).toBe(201)
    const early = await post('/api/v1/checks', { subject: { uscc: defaulter }, scenario: 'land_transfer' })
    expect(early.statusCode).toBe(422)
    expect(early.json().error.code).toBe('checks.scenario_unknown')
    // the list shows the measure (it is active), so the filter knows the scenario
    expect((await get('/api/v1/measures?scenario=land_transfer')).json().items).toHaveLength(1)
    ctx.clock.set('2026-07-01T02:00:00Z')
    const now = await post('/api/v1/checks', { subject: { uscc: defaulter }, scenario: 'land_transfer' })
    expect(now.statusCode).toBe(200)
    expect(now.json().hits.map((h: { measure: string }) => h.measure)).toEqual(['punish_cd_land_transfer'])
    ctx.clock.set('2026-06-01T02:00:00Z')
  })

  it('feedback on a code the measure list never had is checks.measure_unknown; a known one not hit stays measure_not_hit', async () => {
    const check = (
      await post('/api/v1/checks', { subject: { uscc: defaulter }, scenario: 'government_procurement' })
    ).json()
    const feedback = (measure: string) =>
      post(`/api/v1/checks/${check.checkId}/feedback`, { measure, action: 'applied' })
    const unknown = await feedback('punish_cd_procurment')
    expect(unknown.statusCode).toBe(422)
    expect(unknown.json().error.code).toBe('checks.measure_unknown')
    expect(unknown.json().error.message).toContain('「punish_cd_procurment」')
    expect((await feedback('punish_cd_bidding')).json().error.code).toBe('checks.measure_not_hit')
    expect((await feedback('punish_cd_procurement')).statusCode).toBe(200)
  })

  it('the credit review checks in admin_approval: with no measure in force there, 422, never a review saying none', async () => {
    const ok = await post('/api/v1/reviews', { subject: { uscc: defaulter }, purpose: '建筑工程施工许可审查' })
    expect(ok.statusCode).toBe(200)
    for (const m of await listMeasures(ctx.db, { scenario: 'admin_approval' }))
      await retireMeasure(ctx, admin, m.code, '测试：停用行政审批场景的全部措施')
    const r = await post('/api/v1/reviews', { subject: { uscc: defaulter }, purpose: '建筑工程施工许可审查' })
    expect(r.statusCode).toBe(422)
    expect(r.json().error.code).toBe('checks.scenario_unknown')
    expect(r.json().error.details.scenario).toBe('admin_approval')
  })
})
