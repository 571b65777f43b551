import type { FastifyInstance, HTTPMethods } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { buildApp } from '../../src/http/app.js'
import { createApiKey } from '../../src/modules/access/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

/**
 * Routes anyone may call without credentials. Everything else in the route table needs a login or a key, and must
 * say so (401) before it looks at the request's input.
 */
const ANONYMOUS = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  // a subject activates its account before it has one (docs/rights.md); throttled like the login
  'POST /api/v1/subject/activate',
  'GET /api/v1/catalog/classes',
  'GET /api/v1/catalog/publication-rules',
  'GET /api/v1/calendar/years',
  'GET /api/v1/calendar/years/{year}',
  'GET /api/v1/calendar/years/{year}/versions',
  'GET /api/v1/calendar/working-days',
  'GET /api/v1/calendar/status',
  'GET /healthz',
  'GET /readyz',
  // evidence files: anonymous tipsters upload too (rate-limited, owned by an upload token; docs/files.md)
  'POST /api/v1/files',
  // the audit log's signed checkpoints, consistency proofs and signing keys: hashes and sizes only, for witnesses
  // outside the platform (docs/audit-log.md)
  'GET /api/v1/audit/checkpoint',
  'GET /api/v1/audit/proofs/consistency',
  'GET /.well-known/gongxin-keys.json',
  // a peer platform registering this one needs its platform id and signing keys (docs/federation.md)
  'GET /api/v1/federation/platform',
])
const isAnonymous = (method: string, path: string) =>
  path.startsWith('/api/v1/public/') || ANONYMOUS.has(`${method} ${path}`)

interface RouteEntry {
  method: HTTPMethods
  path: string
}

/** The app's route table as published in its OpenAPI document (every route has a schema; /metrics is apart). */
async function routeTable(app: FastifyInstance): Promise<RouteEntry[]> {
  const spec = (await app.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> }
  const routes: RouteEntry[] = []
  for (const [path, ops] of Object.entries(spec.paths))
    for (const method of Object.keys(ops)) routes.push({ method: method.toUpperCase() as HTTPMethods, path })
  return routes
}

/** Every path parameter filled with something no schema accepts as an id, a year or a code. */
const badUrl = (path: string) => `${path.replace(/\{[^}]+\}/g, '%20!')}?page=-1&pageSize=abc&bogus[]=1`

describeEachDialect('HTTP: authentication is checked before the input on every protected route', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let routes: RouteEntry[]
  let peerKey: string
  beforeAll(async () => {
    ctx = await testContext(dialect)
    peerKey = (await createApiKey(ctx, systemActor('test'), { role: 'peer' })).key
    app = await buildApp(ctx, { web: false })
    routes = await routeTable(app)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  it('the route table is the whole API', () => {
    const protectedRoutes = routes.filter((r) => !isAnonymous(r.method, r.path))
    expect(protectedRoutes.length).toBeGreaterThan(60)
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /api/v1/entities', 'POST /api/v1/checks', 'PUT /api/v1/catalog/classes/{code}']),
    )
  })

  it('an anonymous request with an invalid query, path and body gets 401, not 400', async () => {
    const answers: string[] = []
    for (const r of routes.filter((x) => !isAnonymous(x.method, x.path))) {
      const withBody = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method)
      const res = await app.inject({
        method: r.method,
        url: badUrl(r.path),
        ...(withBody ? { payload: { bogus: [1, 2, 3], reason: 7 } } : {}),
      })
      answers.push(`${r.method} ${r.path} -> ${res.statusCode} ${res.json().error?.code}`)
    }
    expect(answers.filter((a) => !a.endsWith('-> 401 access.unauthenticated'))).toEqual([])
  })

  it('a malformed or oversized body is not even read for an anonymous caller', async () => {
    for (const r of routes.filter((x) => !isAnonymous(x.method, x.path) && ['POST', 'PUT'].includes(x.method))) {
      const res = await app.inject({
        method: r.method,
        url: badUrl(r.path),
        headers: { 'content-type': 'application/json' },
        payload: '{"unterminated": ',
      })
      expect([r.path, res.statusCode, res.json().error.code]).toEqual([r.path, 401, 'access.unauthenticated'])
    }
    const huge = await app.inject({
      method: 'POST',
      url: '/api/v1/entities',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(ctx.config.bodyLimitBytes + 10) }),
    })
    expect([huge.statusCode, huge.json().error.code]).toEqual([401, 'access.unauthenticated'])
  })

  it('a caller without the permission gets 403 before validation; with it, validation answers', async () => {
    const operatorKey = (await createApiKey(ctx, systemActor('test'), { role: 'operator' })).key
    const peer = await app.inject({
      method: 'POST',
      url: '/api/v1/entities',
      headers: { authorization: `Bearer ${peerKey}` },
      payload: { bogus: true },
    })
    expect([peer.statusCode, peer.json().error.code]).toEqual([403, 'access.forbidden'])
    const operator = await app.inject({
      method: 'POST',
      url: '/api/v1/entities',
      headers: { authorization: `Bearer ${operatorKey}` },
      payload: { bogus: true },
    })
    expect([operator.statusCode, operator.json().error.code]).toEqual([400, 'core.validation'])
  })
})
