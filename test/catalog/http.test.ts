import fastifyCookie from '@fastify/cookie'
import fastifyRateLimit from '@fastify/rate-limit'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { installErrorHandler } from '../../src/http/error-handler.js'
import { authPlugin } from '../../src/http/plugins/auth.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { addDepartment, createApiKey } from '../../src/modules/access/index.js'
import { calendarRoutes } from '../../src/modules/calendar/index.js'
import { catalogRoutes, getClass } from '../../src/modules/catalog/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const admin = systemActor('test-admin')

describeEachDialect('http: catalog and calendar routes', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let operator: Record<string, string>
  let provider: Record<string, string>
  beforeAll(async () => {
    ctx = await testContext(dialect)
    await addDepartment(ctx, admin, {
      code: 'tj-scjg',
      name: '天津市市场监督管理委员会',
      uscc: generateUscc(createRng(3), { dept: '1', category: '1', region: '120000' }),
      district: '120000',
    })
    operator = {
      authorization: `Bearer ${(await createApiKey(ctx, admin, { role: 'operator', name: 'catalog-admin' })).key}`,
    }
    provider = {
      authorization: `Bearer ${(await createApiKey(ctx, admin, { role: 'provider', dept: 'tj-scjg' })).key}`,
    }
    app = Fastify({
      logger: false,
      ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
    })
    await app.register(fastifyCookie)
    await app.register(fastifyRateLimit, { global: false })
    installErrorHandler(app)
    await app.register(authPlugin, { ctx })
    await catalogRoutes(app, ctx)
    await calendarRoutes(app, ctx)
    await app.ready()
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  it('the class list is public (summary) and fuller with catalog.read', async () => {
    const pub = await app.inject({ method: 'GET', url: '/api/v1/catalog/classes' })
    expect(pub.statusCode).toBe(200)
    const items = pub.json().items as Record<string, unknown>[]
    expect(items.length).toBeGreaterThanOrEqual(30)
    expect(items.find((i) => i.code === 'admin_penalty')).toEqual({
      code: 'admin_penalty',
      version: 1,
      nameZh: '行政处罚信息',
      nameEn: 'Administrative penalty',
      category: 'administrative',
      categoryLabel: '行政管理信息',
      polarity: 'negative',
      scope: 'public',
      listKind: null,
    })
    const full = await app.inject({ method: 'GET', url: '/api/v1/catalog/classes', headers: provider })
    expect(full.json().items.find((i: { code: string }) => i.code === 'court_defaulter')).toMatchObject({
      providers: ['tj-fy'],
      source: 'default',
      listKind: 'black',
    })
  })

  it('definitions, versions and schemas need catalog.read', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/catalog/classes/admin_penalty' })).statusCode).toBe(401)
    const res = await app.inject({ method: 'GET', url: '/api/v1/catalog/classes/admin_penalty', headers: provider })
    expect(res.statusCode).toBe(200)
    expect(res.json().fields.find((f: { code: string }) => f.code === 'CF_NR_FK')).toMatchObject({
      label: '罚款金额',
      unit: '万元',
      role: 'fine_amount',
    })
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/catalog/classes/nope', headers: provider })).json().error.code,
    ).toBe('catalog.class_not_found')
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/catalog/classes/admin_penalty?version=5', headers: provider }))
        .statusCode,
    ).toBe(404)
    const schema = await app.inject({
      method: 'GET',
      url: '/api/v1/catalog/classes/admin_penalty/schema',
      headers: provider,
    })
    expect(schema.json().schema.required).toContain('CF_JDRQ')
    const rules = await app.inject({ method: 'GET', url: '/api/v1/catalog/publication-rules' })
    expect(rules.json().items.map((r: { version: string }) => r.version)).toEqual(['2019', '2026'])
    expect(rules.json().items[1].periods.minor).toEqual({ minMonths: 0, maxMonths: 3 })
  })

  it('PUT needs catalog.write, makes a version, and diff shows it', async () => {
    const def = JSON.parse(JSON.stringify(await getClass(ctx.db, 'tax_a_grade'))) as Record<string, unknown>
    def.publicationMonths = 24
    const body = { definition: def, reason: '延长公示期', baseVersion: 1 }
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: '/api/v1/catalog/classes/tax_a_grade',
          headers: provider,
          payload: body,
        })
      ).statusCode,
    ).toBe(403)
    const put = await app.inject({
      method: 'PUT',
      url: '/api/v1/catalog/classes/tax_a_grade',
      headers: operator,
      payload: body,
    })
    expect(put.statusCode, put.body).toBe(200)
    expect(put.json()).toMatchObject({ code: 'tax_a_grade', version: 2, publicationMonths: 24 })
    const stale = await app.inject({
      method: 'PUT',
      url: '/api/v1/catalog/classes/tax_a_grade',
      headers: operator,
      payload: { ...body, definition: { ...def, retentionYears: 9 } },
    })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().error.code).toBe('catalog.version_conflict')
    const bad = await app.inject({
      method: 'PUT',
      url: '/api/v1/catalog/classes/tax_a_grade',
      headers: operator,
      payload: { definition: { ...def, polarity: 'negative' }, reason: '错误' },
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().error.message).toMatch(/负面信息类别须有失信程度规则/)
    const versions = await app.inject({
      method: 'GET',
      url: '/api/v1/catalog/classes/tax_a_grade/versions',
      headers: provider,
    })
    expect(versions.json().items.map((v: { version: number; source: string }) => [v.version, v.source])).toEqual([
      [1, 'default'],
      [2, 'operator'],
    ])
    const diff = await app.inject({ method: 'GET', url: '/api/v1/catalog/classes/tax_a_grade/diff', headers: provider })
    expect(diff.json()).toMatchObject({
      from: 1,
      to: 2,
      changes: [{ property: 'publicationMonths', before: 12, after: 24 }],
    })
  })

  it('calendar: public reads, working-day arithmetic, operator loads', async () => {
    const years = await app.inject({ method: 'GET', url: '/api/v1/calendar/years' })
    expect(years.json().items.map((y: { year: number }) => y.year)).toEqual([2024, 2025, 2026])
    const wd = await app.inject({ method: 'GET', url: '/api/v1/calendar/working-days?from=2026-09-29&add=7' })
    expect(wd.json()).toEqual({ date: '2026-09-29', working: true, kind: 'workday', add: 7, result: '2026-10-14' })
    const unknown = await app.inject({ method: 'GET', url: '/api/v1/calendar/working-days?from=2027-03-01' })
    expect(unknown.statusCode).toBe(422)
    expect(unknown.json().error).toMatchObject({
      code: 'calendar.year_unknown',
      message: '工作日历缺少 2027 年数据，请先导入国务院办公厅公布的节假日安排。',
    })
    const year = {
      source: '测试用 2027 年节假日安排',
      holidays: [{ name: '元旦', dates: ['2027-01-01'] }],
      workdays: [] as string[],
    }
    expect(
      (await app.inject({ method: 'PUT', url: '/api/v1/calendar/years/2027', headers: provider, payload: year }))
        .statusCode,
    ).toBe(403)
    const put = await app.inject({
      method: 'PUT',
      url: '/api/v1/calendar/years/2027',
      headers: operator,
      payload: { ...year, reason: '测试' },
    })
    expect(put.json()).toEqual({ year: 2027, version: 1, changed: true })
    const bad = await app.inject({
      method: 'PUT',
      url: '/api/v1/calendar/years/2028',
      headers: operator,
      payload: year,
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().error.code).toBe('calendar.invalid')
    expect((await app.inject({ method: 'GET', url: '/api/v1/calendar/working-days?from=2027-03-01' })).json()).toEqual({
      date: '2027-03-01',
      working: true,
      kind: 'workday',
    })
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/calendar/years/2027/versions' })).json().items,
    ).toHaveLength(1)
  })
})
