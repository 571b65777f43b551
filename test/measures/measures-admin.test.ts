// List management over HTTP: create a local measure, edit it as a new version, compare versions, retire it.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { getMeasure } from '../../src/modules/measures/index.js'
import { bearer, companyUscc, ingestCourtDefaulter, seedDepts, testApp } from '../checks/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const local = {
  code: 'punish_cd_local_subsidy',
  nameZh: '限制申请本市产业扶持资金',
  kind: 'punish',
  content: '失信被执行人申请本市产业扶持资金的，不予支持。',
  basis: ['《关于对失信被执行人实施联合惩戒的合作备忘录》（发改财金〔2016〕141号）'],
  departments: ['tj-czj'],
  scenarios: ['fiscal_funds'],
  triggers: [{ type: 'list', class: 'court_defaulter' }],
  subjectKinds: ['legal_person'],
  effectiveFrom: '2026-01-01',
}

describeEachDialect('measures: create, edit, diff and retire', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let operator: Record<string, string>
  let consumer: Record<string, string>
  const defaulter = companyUscc()

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepts(ctx)
    operator = await bearer(ctx, 'operator')
    consumer = await bearer(ctx, 'consumer', 'tj-czj')
    await ingestCourtDefaulter(ctx, defaulter, '天津市测试停用措施建材有限公司', '（2026）津01执9号')
    app = await testApp(ctx)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const post = (url: string, headers: Record<string, string>, payload: unknown) =>
    app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> })

  it('an operator adds a local measure (version 1, audited); the code cannot be taken twice', async () => {
    const r = await post('/api/v1/measures', operator, { definition: local, reason: '本市新增地方措施' })
    expect(r.statusCode).toBe(201)
    expect(r.json()).toMatchObject({
      code: local.code,
      version: 1,
      status: 'active',
      scope: 'general',
      effectiveTo: null,
      basis: local.basis,
    })
    const again = await post('/api/v1/measures', operator, { definition: local, reason: '本市新增地方措施' })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('measure.exists')
    expect(again.json().error.message).toContain(local.code)
    const events = (await searchAuditEvents(ctx.db, { action: 'measure.created' }, 1, 10)).items
    expect(events.map((e) => e.targetId)).toEqual([local.code])
    const versions = (
      await app.inject({ method: 'GET', url: `/api/v1/measures/${local.code}/versions`, headers: consumer })
    ).json().items
    expect(versions.map((v: { version: number; source: string }) => [v.version, v.source])).toEqual([[1, 'operator']])
  })

  it('refuses bad definitions with Chinese messages naming the field, and non-writers', async () => {
    const bad = await post('/api/v1/measures', operator, {
      definition: { ...local, code: 'punish_bad_one', basis: [], kind: 'fine', effectiveFrom: '2026-02-30' },
      reason: '测试',
    })
    expect(bad.statusCode).toBe(422)
    const { code, message, details } = bad.json().error
    expect(code).toBe('measure.invalid_definition')
    expect(message).toContain('basis（法律和政策依据）')
    expect(message).toContain('kind 应为 reward（守信激励）或 punish（失信惩戒）')
    expect(message).toContain('effectiveFrom（生效日期）')
    expect(details.problems).toHaveLength(3)
    const noCode = await post('/api/v1/measures', operator, {
      definition: { ...local, code: 'Bad Code' },
      reason: '测试',
    })
    expect(noCode.statusCode).toBe(422)
    expect(noCode.json().error.message).toContain('code（措施代码）')
    const forbidden = await post('/api/v1/measures', consumer, {
      definition: { ...local, code: 'punish_cd_other' },
      reason: '测试',
    })
    expect(forbidden.statusCode).toBe(403)
    const retireForbidden = await post(`/api/v1/measures/${local.code}/retire`, consumer, { reason: '测试停用' })
    expect(retireForbidden.statusCode).toBe(403)
    expect((await getMeasure(ctx.db, local.code)).version).toBe(1)
  })

  it('an edit is version 2; the diff lists exactly the changed properties with before and after', async () => {
    const put = await app.inject({
      method: 'PUT',
      url: `/api/v1/measures/${local.code}`,
      headers: operator,
      payload: {
        definition: {
          ...local,
          content: '失信被执行人申请本市产业扶持资金的，不予支持；已获支持的，停止拨付。',
          scenarios: ['fiscal_funds', 'honors'],
        },
        reason: '补充停止拨付',
        baseVersion: 1,
      },
    })
    expect(put.statusCode).toBe(200)
    expect(put.json().version).toBe(2)
    const diff = await app.inject({
      method: 'GET',
      url: `/api/v1/measures/${local.code}/diff?from=1&to=2`,
      headers: consumer,
    })
    expect(diff.statusCode).toBe(200)
    expect(diff.json()).toEqual({
      code: local.code,
      from: 1,
      to: 2,
      changes: [
        {
          property: 'content',
          before: local.content,
          after: '失信被执行人申请本市产业扶持资金的，不予支持；已获支持的，停止拨付。',
        },
        { property: 'scenarios', before: ['fiscal_funds'], after: ['fiscal_funds', 'honors'] },
      ],
    })
    // default pair: the current version and the one before
    const dflt = (
      await app.inject({ method: 'GET', url: `/api/v1/measures/${local.code}/diff`, headers: consumer })
    ).json()
    expect([dflt.from, dflt.to, dflt.changes.length]).toEqual([1, 2, 2])
    const reverse = (
      await app.inject({ method: 'GET', url: `/api/v1/measures/${local.code}/diff?from=2&to=1`, headers: consumer })
    ).json()
    expect(reverse.changes[1]).toEqual({
      property: 'scenarios',
      before: ['fiscal_funds', 'honors'],
      after: ['fiscal_funds'],
    })
    const missing = await app.inject({
      method: 'GET',
      url: `/api/v1/measures/${local.code}/diff?from=1&to=7`,
      headers: consumer,
    })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().error.code).toBe('measure.version_not_found')
    expect(missing.json().error.message).toContain('第 7 版')
    // a stale base version is a conflict
    const stale = await app.inject({
      method: 'PUT',
      url: `/api/v1/measures/${local.code}`,
      headers: operator,
      payload: { definition: { ...local, content: '另一种写法的措施内容。' }, reason: '并发修改', baseVersion: 1 },
    })
    expect(stale.statusCode).toBe(409)
  })

  it('retiring makes a new version with status retired; it leaves the list and stops applying in checks', async () => {
    const check = () =>
      post('/api/v1/checks', consumer, {
        subject: { uscc: defaulter },
        scenario: 'government_procurement',
        purpose: '政府采购供应商资格审查',
      })
    const before = (await check()).json()
    expect(before.hits.map((h: { measure: string }) => h.measure)).toContain('punish_cd_procurement')

    const current = await getMeasure(ctx.db, 'punish_cd_procurement')
    const r = await post('/api/v1/measures/punish_cd_procurement/retire', operator, {
      reason: '上位文件废止，停止实施',
      baseVersion: current.version,
    })
    expect(r.statusCode).toBe(200)
    expect(r.json()).toMatchObject({ code: 'punish_cd_procurement', version: current.version + 1, status: 'retired' })
    const diff = (
      await app.inject({ method: 'GET', url: '/api/v1/measures/punish_cd_procurement/diff', headers: consumer })
    ).json()
    expect(diff.changes).toEqual([{ property: 'status', before: 'active', after: 'retired' }])
    const list = (await app.inject({ method: 'GET', url: '/api/v1/measures', headers: consumer })).json().items
    expect(list.some((m: { code: string }) => m.code === 'punish_cd_procurement')).toBe(false)
    const all = (
      await app.inject({ method: 'GET', url: '/api/v1/measures?includeRetired=true', headers: consumer })
    ).json().items
    expect(all.find((m: { code: string }) => m.code === 'punish_cd_procurement')?.status).toBe('retired')

    const after = (await check()).json()
    expect(after.hits.map((h: { measure: string }) => h.measure)).not.toContain('punish_cd_procurement')

    const again = await post('/api/v1/measures/punish_cd_procurement/retire', operator, { reason: '重复停用' })
    expect(again.statusCode).toBe(422)
    expect(again.json().error.code).toBe('measure.already_retired')
    const events = (await searchAuditEvents(ctx.db, { action: 'measure.updated' }, 1, 10)).items
    const retire = events.find((e) => e.targetId === 'punish_cd_procurement')
    expect(retire?.details).toMatchObject({ reason: '上位文件废止，停止实施', changed: ['status'] })
  })
})
