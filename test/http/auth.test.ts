import fastifyCookie from '@fastify/cookie'
import fastifyRateLimit from '@fastify/rate-limit'
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { AppError } from '../../src/core/errors.js'
import { requireAnyPermission, requirePermission } from '../../src/http/guards.js'
import { authPlugin } from '../../src/http/plugins/auth.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { accessRoutes, addDepartment, createApiKey, createUser } from '../../src/modules/access/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const PASSWORD = 'correct horse battery'
const admin = systemActor('test-admin')
const rng = createRng(7)
const uscc = () => generateUscc(rng, { dept: '1', category: '1', region: '120101' })

async function buildTestApp(ctx: TestContext): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  await app.register(fastifyCookie)
  await app.register(fastifyRateLimit, { global: false })
  app.setErrorHandler((err: FastifyError | AppError, _req, reply) => {
    if (err instanceof AppError) return reply.code(err.status).send(err.toJSON())
    if ((err as FastifyError).validation)
      return reply.code(400).send({ error: { code: 'core.validation', message: err.message, details: {} } })
    const status = (err as FastifyError).statusCode ?? 500
    return reply.code(status).send({
      error: { code: status === 429 ? 'core.rate_limited' : 'core.internal', message: err.message, details: {} },
    })
  })
  await app.register(authPlugin, { ctx })
  await accessRoutes(app, ctx)
  // a route of another module, protected by a permission
  app.get('/api/v1/test/personal', { preHandler: requirePermission('entity.read_personal') }, async (req) => ({
    role: req.principal.role,
  }))
  app.get('/api/v1/test/any', { preHandler: requireAnyPermission('audit.verify', 'batch.submit') }, async (req) => ({
    role: req.principal.role,
  }))
  await app.ready()
  return app
}

function sessionCookie(setCookie: string | string[] | undefined): string {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []
  const c = list.find((s) => s.startsWith('gx_session='))
  if (!c) throw new Error('no gx_session cookie')
  return c
}

describeEachDialect('http: auth plugin and access routes', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let providerKey: string
  let operatorKey: string
  beforeAll(async () => {
    ctx = await testContext(dialect)
    await addDepartment(ctx, admin, { code: 'SCJG', name: '市市场监督管理局', uscc: uscc(), district: '120101' })
    await createUser(ctx, admin, { username: 'op', displayName: '运维甲', role: 'operator', password: PASSWORD })
    await createUser(ctx, admin, { username: 'prov', role: 'provider', dept: 'SCJG', password: PASSWORD })
    providerKey = (await createApiKey(ctx, admin, { role: 'provider', dept: 'SCJG' })).key
    operatorKey = (await createApiKey(ctx, admin, { role: 'operator', name: 'automation' })).key
    app = await buildTestApp(ctx)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  async function loginAs(username: string) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: PASSWORD },
      remoteAddress: '10.1.1.1',
    })
    expect(res.statusCode, res.body).toBe(200)
    const raw = sessionCookie(res.headers['set-cookie'])
    const token = /^gx_session=([^;]+)/.exec(raw)?.[1] as string
    return { res, raw, cookie: `gx_session=${token}`, csrf: res.json().csrfToken as string }
  }

  it('login sets an HttpOnly SameSite=Strict cookie and returns the user and CSRF token', async () => {
    const { res, raw, csrf } = await loginAs('op')
    expect(raw).toMatch(/HttpOnly/i)
    expect(raw).toMatch(/SameSite=Strict/i)
    expect(raw).toMatch(/Path=\//)
    expect(raw).toMatch(/Max-Age=28800/)
    expect(raw).not.toMatch(/Secure/)
    const body = res.json()
    expect(body.user).toEqual({
      id: expect.any(String),
      username: 'op',
      displayName: '运维甲',
      role: 'operator',
      dept: null,
      district: null,
      entityId: null,
    })
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(body.permissions).toContain('dept.write')
    expect(res.headers['cache-control']).toBe('no-store')
    expect(JSON.stringify(body)).not.toContain(/^gx_session=([^;]+)/.exec(raw)?.[1] as string)
  })

  it('a wrong password is 401 access.bad_credentials without a cookie', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'op', password: 'wrong password!' },
    })
    expect(res.statusCode).toBe(401)
    expect(res.json().error.code).toBe('access.bad_credentials')
    expect(res.headers['set-cookie']).toBeUndefined()
    const bad = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'op' } })
    expect(bad.statusCode).toBe(400)
  })

  it('/me works with the cookie and is 401 for the public', async () => {
    const { cookie, csrf } = await loginAs('prov')
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toMatchObject({
      user: { username: 'prov', role: 'provider', dept: 'SCJG', district: '120101' },
      csrfToken: csrf,
      kind: 'user',
    })
    const anon = await app.inject({ method: 'GET', url: '/api/v1/auth/me' })
    expect(anon.statusCode).toBe(401)
    expect(anon.json().error.code).toBe('access.unauthenticated')
  })

  it('a cookie POST without X-CSRF-Token is 403 access.csrf; with it, it works', async () => {
    const { cookie, csrf } = await loginAs('op')
    const payload = { code: 'SWJ', name: '市税务局', uscc: uscc(), district: '120101' }
    const without = await app.inject({ method: 'POST', url: '/api/v1/departments', headers: { cookie }, payload })
    expect(without.statusCode).toBe(403)
    expect(without.json().error.code).toBe('access.csrf')
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: { cookie, 'x-csrf-token': `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}` },
      payload,
    })
    expect(wrong.json().error?.code).toBe('access.csrf')
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: { cookie, 'x-csrf-token': csrf },
      payload,
    })
    expect(ok.statusCode, ok.body).toBe(201)
    expect(ok.json()).toEqual({ code: 'SWJ', name: '市税务局', uscc: payload.uscc, district: '120101' })
    const list = await app.inject({ method: 'GET', url: '/api/v1/departments', headers: { cookie } })
    expect(list.json().items.map((d: { code: string }) => d.code)).toEqual(['SCJG', 'SWJ'])
    const events = (await searchAuditEvents(ctx.db, { action: 'access.dept_created', targetId: 'SWJ' }, 1, 10)).items
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ actorKind: 'user', actorRole: 'operator', requestId: expect.any(String) })
  })

  it('a bearer key works without CSRF', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: { authorization: `Bearer ${operatorKey}` },
      payload: { code: 'RSJ', name: '市人力资源和社会保障局', uscc: uscc() },
    })
    expect(res.statusCode, res.body).toBe(201)
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${operatorKey}` },
    })
    expect(me.json()).toMatchObject({
      kind: 'api_key',
      user: { role: 'operator', displayName: 'automation', username: null },
      csrfToken: null,
    })
  })

  it('public gets 401 on /api/v1/departments; a provider key gets 403 on POST', async () => {
    const anon = await app.inject({ method: 'GET', url: '/api/v1/departments' })
    expect(anon.statusCode).toBe(401)
    expect(anon.json().error.code).toBe('access.unauthenticated')
    const prov = await app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: { authorization: `Bearer ${providerKey}` },
      payload: { code: 'XX', name: '某局', uscc: uscc() },
    })
    expect(prov.statusCode).toBe(403)
    expect(prov.json().error).toMatchObject({ code: 'access.forbidden', details: { permission: 'dept.write' } })
    const read = await app.inject({
      method: 'GET',
      url: '/api/v1/departments',
      headers: { authorization: `Bearer ${providerKey}` },
    })
    expect(read.statusCode).toBe(200)
    const personal = await app.inject({
      method: 'GET',
      url: '/api/v1/test/personal',
      headers: { authorization: `Bearer ${providerKey}` },
    })
    expect(personal.statusCode).toBe(403)
    const any = await app.inject({
      method: 'GET',
      url: '/api/v1/test/any',
      headers: { authorization: `Bearer ${providerKey}` },
    })
    expect(any.json()).toEqual({ role: 'provider' })
    const anyOp = await app.inject({
      method: 'GET',
      url: '/api/v1/test/any',
      headers: { authorization: `Bearer ${operatorKey}` },
    })
    expect(anyOp.json().error).toMatchObject({
      code: 'access.forbidden',
      details: { permission: 'audit.verify | batch.submit' },
    })
    expect((await app.inject({ method: 'GET', url: '/api/v1/test/any' })).statusCode).toBe(401)
  })

  it('an invalid bearer or other Authorization scheme is 401 access.key_invalid', async () => {
    for (const authorization of ['Bearer gx_nope', `Bearer gx_${'Z'.repeat(44)}`, 'Basic b3A6cGFzcw==']) {
      const res = await app.inject({ method: 'GET', url: '/api/v1/departments', headers: { authorization } })
      expect(res.statusCode, authorization).toBe(401)
      expect(res.json().error.code).toBe('access.key_invalid')
    }
  })

  it('users and keys over HTTP: create, list without secrets, revoke', async () => {
    const h = { authorization: `Bearer ${operatorKey}` }
    const u = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: h,
      payload: { username: 'cons', role: 'consumer', dept: 'SWJ', password: PASSWORD },
    })
    expect(u.statusCode, u.body).toBe(201)
    expect(u.json()).toMatchObject({ username: 'cons', role: 'consumer', dept: 'SWJ' })
    expect(u.body).not.toContain('password')
    const users = await app.inject({ method: 'GET', url: '/api/v1/users', headers: h })
    expect(users.json().items.map((x: { username: string }) => x.username)).toEqual(['cons', 'op', 'prov'])
    expect(users.body).not.toContain('scrypt')

    const k = await app.inject({
      method: 'POST',
      url: '/api/v1/keys',
      headers: h,
      payload: { role: 'consumer', dept: 'SWJ', expiresAt: '2027-12-31' },
    })
    expect(k.statusCode, k.body).toBe(201)
    const created = k.json()
    expect(created).toMatchObject({ role: 'consumer', dept: 'SWJ', expiresAt: '2027-12-31T16:00:00.000Z' })
    expect(created.key).toMatch(/^gx_/)
    const list = await app.inject({ method: 'GET', url: '/api/v1/keys', headers: h })
    expect(list.statusCode).toBe(200)
    expect(list.body).not.toContain(created.key)
    expect(list.json().items.find((x: { id: string }) => x.id === created.id)).toMatchObject({
      status: 'active',
      role: 'consumer',
    })
    const use = await app.inject({
      method: 'GET',
      url: '/api/v1/departments',
      headers: { authorization: `Bearer ${created.key}` },
    })
    expect(use.statusCode).toBe(200)
    const del = await app.inject({ method: 'DELETE', url: `/api/v1/keys/${created.id}`, headers: h })
    expect(del.statusCode).toBe(200)
    expect(del.json().status).toBe('revoked')
    const after = await app.inject({
      method: 'GET',
      url: '/api/v1/departments',
      headers: { authorization: `Bearer ${created.key}` },
    })
    expect(after.statusCode).toBe(401)
    const missing = await app.inject({
      method: 'DELETE',
      url: '/api/v1/keys/01890000-0000-7000-8000-000000000000',
      headers: h,
    })
    expect(missing.statusCode).toBe(404)
  })

  it('logout needs the CSRF token, revokes the session and clears the cookie', async () => {
    const { cookie, csrf } = await loginAs('op')
    const noCsrf = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } })
    expect(noCsrf.statusCode).toBe(403)
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    })
    expect(out.statusCode).toBe(200)
    expect(sessionCookie(out.headers['set-cookie'])).toMatch(/gx_session=;|Expires=Thu, 01 Jan 1970/)
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })
    expect(me.statusCode).toBe(401)
    // the stale cookie is cleared on the next request
    expect(me.headers['set-cookie']).toBeDefined()
  })

  it('login is rate limited per client address (20 a minute)', async () => {
    let last = 0
    let code = ''
    for (let i = 0; i < 21; i++) {
      // a new name each time: the login throttling of one name (docs/access.md) is not what is tested here
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: `nobody${i}`, password: 'x' },
        remoteAddress: '10.9.9.9',
      })
      last = res.statusCode
      code = res.json().error.code
      if (i < 20) expect(res.statusCode).toBe(401)
    }
    expect([last, code]).toEqual([429, 'core.rate_limited'])
  })
})
