import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateResidentId, generateUscc } from '../../src/identifiers/index.js'
import { addDepartment, createApiKey, createUser } from '../../src/modules/access/index.js'
import { searchAuditEvents, verifyAuditChain } from '../../src/modules/audit/index.js'
import { createEntity } from '../../src/modules/entities/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

describeEachDialect('HTTP app', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let operatorKey: string
  let providerKey: string
  let peerKey: string
  let orgId: string
  let personId: string
  const rng = createRng(9)
  const uscc = generateUscc(rng, { region: '120116' })
  const idNumber = generateResidentId(rng, { region: '120116', birthDate: '1970-01-02', sex: 'male' })
  const bearer = (k: string) => ({ authorization: `Bearer ${k}` })

  beforeAll(async () => {
    ctx = await testContext(dialect)
    const actor = systemActor('test')
    await addDepartment(ctx, actor, {
      code: 'tj-scjg',
      name: '天津市市场监督管理委员会',
      uscc: generateUscc(rng, { dept: '1', category: '1', region: '120000' }),
    })
    operatorKey = (await createApiKey(ctx, actor, { role: 'operator' })).key
    providerKey = (await createApiKey(ctx, actor, { role: 'provider', dept: 'tj-scjg' })).key
    peerKey = (await createApiKey(ctx, actor, { role: 'peer' })).key
    orgId = (
      await createEntity(ctx, actor, { kind: 'legal_person', name: '天津港湾物流有限公司', uscc, district: '120116' })
    ).id
    personId = (await createEntity(ctx, actor, { kind: 'natural_person', name: '赵六', idNumber })).id
    await createUser(ctx, actor, {
      username: 'self',
      role: 'subject',
      entityId: orgId,
      password: 'correct horse battery',
    })
    app = await buildApp(ctx, { web: false })
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  it('health, readiness, metrics, OpenAPI and docs', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' })
    const ready = await app.inject('/readyz')
    expect(ready.statusCode).toBe(200)
    expect(ready.json()).toEqual({ status: 'ready', db: dialect })
    const metrics = await app.inject('/metrics')
    expect(metrics.body).toContain('gongxin_http_request_duration_seconds')
    const spec = (await app.inject('/api/openapi.json')).json()
    expect(spec.openapi).toBe('3.0.3')
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/entities/{id}',
        '/api/v1/auth/login',
        '/api/v1/departments',
        '/api/v1/audit/events',
      ]),
    )
    // every API operation documents (and serialises through) a schema for its success answer
    const undocumented = Object.entries(
      spec.paths as Record<string, Record<string, { responses?: Record<string, { content?: unknown }> }>>,
    )
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(
            ([, op]) =>
              !Object.entries(op.responses ?? {}).some(
                ([code, r]) => /^2/.test(code) && (r.content !== undefined || code === '204'),
              ),
          )
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      )
    expect(undocumented).toEqual([])
    const site = await app.inject('/api/v1/public/site')
    expect(site.json()).toEqual({ name: '信用天津', city: '天津市', contact: null })
    const docs = await app.inject('/api/docs/')
    expect([200, 302]).toContain(docs.statusCode)
  })

  it('answers errors in one shape with Chinese messages, request ids and security headers', async () => {
    const r = await app.inject({ url: '/api/v1/nothing-here', headers: { 'x-request-id': 'req-12345678' } })
    expect(r.statusCode).toBe(404)
    expect(r.json()).toEqual({
      error: { code: 'core.not_found', message: '请求的资源不存在。', details: { path: '/api/v1/nothing-here' } },
    })
    expect(r.headers['x-request-id']).toBe('req-12345678')
    expect(r.headers['x-content-type-options']).toBe('nosniff')
    expect(String(r.headers['content-security-policy'])).toContain("default-src 'self'")
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/entities',
      headers: bearer(operatorKey),
      payload: { kind: 'alien' },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('core.validation')
    expect(bad.json().error.message).toMatch(/缺少必填字段「name」/)
  })

  it('scopes entity routes by principal', async () => {
    expect((await app.inject(`/api/v1/entities/${orgId}`)).statusCode).toBe(401)
    expect((await app.inject({ url: `/api/v1/entities/${orgId}`, headers: bearer(peerKey) })).statusCode).toBe(403)
    expect((await app.inject({ url: `/api/v1/entities/${orgId}`, headers: bearer(providerKey) })).statusCode).toBe(200)
    const ok = await app.inject({ url: `/api/v1/entities/by-uscc/${uscc}`, headers: bearer(operatorKey) })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toMatchObject({
      id: orgId,
      kind: 'legal_person',
      uscc,
      district: '120116',
      districtName: expect.stringContaining('滨海新区'),
    })
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'self', password: 'correct horse battery' },
    })
    expect(login.statusCode).toBe(200)
    const cookie = String(login.headers['set-cookie']).split(';')[0] as string
    expect((await app.inject({ url: `/api/v1/entities/${orgId}`, headers: { cookie } })).statusCode).toBe(200)
    const other = await app.inject({ url: `/api/v1/entities/${personId}`, headers: { cookie } })
    expect(other.statusCode).toBe(403)
    expect(other.json().error.code).toBe('access.forbidden')
  })

  it('never shows a clear ID number without permission, purpose and an audit event', async () => {
    const file = await app.inject({ url: `/api/v1/entities/${personId}/file`, headers: bearer(operatorKey) })
    expect(file.statusCode).toBe(200)
    expect(file.body).not.toContain(idNumber)
    expect(file.json().basic.idNumberMasked).toBe(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`)
    const noPurpose = await app.inject({ url: `/api/v1/entities/${personId}/id-number`, headers: bearer(operatorKey) })
    expect(noPurpose.statusCode).toBe(400)
    expect(noPurpose.json().error.code).toBe('access.purpose_required')
    const ok = await app.inject({
      url: `/api/v1/entities/${personId}/id-number`,
      headers: { ...bearer(operatorKey), 'x-purpose': encodeURIComponent('核查失信被执行人身份') },
    })
    expect(ok.json()).toEqual({ entityId: personId, idNumber })
    const events = await searchAuditEvents(ctx.db, { action: 'entity.read_id_number', targetId: personId }, 1, 5)
    expect(events.items.map((e) => e.purpose)).toEqual(['核查失信被执行人身份'])
    expect(events.items[0]?.actorRole).toBe('operator')
  })

  it('resolves subjects; an ID number needs a purpose', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/entities/resolve',
      headers: bearer(operatorKey),
      payload: { name: '天津港湾物流有限公司' },
    })
    expect(r.json()).toEqual({ status: 'matched', entityId: orgId, reason: 'name', name: '天津港湾物流有限公司' })
    const p = await app.inject({
      method: 'POST',
      url: '/api/v1/entities/resolve',
      headers: bearer(operatorKey),
      payload: { idNumber },
    })
    expect(p.json().error.code).toBe('access.purpose_required')
    const p2 = await app.inject({
      method: 'POST',
      url: '/api/v1/entities/resolve',
      headers: bearer(operatorKey),
      payload: { idNumber, purpose: '行政审批核查' },
    })
    expect(p2.json()).toMatchObject({ status: 'matched', entityId: personId, reason: 'id_number' })
    expect(p2.body).not.toContain(idNumber)
  })

  it('audit routes: filter, export, verify', async () => {
    const list = await app.inject({
      url: '/api/v1/audit/events?action=entity.create&pageSize=5',
      headers: bearer(operatorKey),
    })
    expect(list.json().total).toBe(2)
    const csv = await app.inject({ url: '/api/v1/audit/events.csv?action=entity.create', headers: bearer(operatorKey) })
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body.split('\n')[0]).toContain('序号')
    expect(csv.body.trim().split('\n')).toHaveLength(3)
    const verify = await app.inject({ method: 'POST', url: '/api/v1/audit/verify', headers: bearer(operatorKey) })
    expect(verify.statusCode).toBe(403)
    expect((await verifyAuditChain(ctx.db)).ok).toBe(true)
  })
})
