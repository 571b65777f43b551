import type { FastifyInstance } from 'fastify'
import { expect } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { addDepartment, createApiKey, createUser } from '../../src/modules/access/index.js'
import { markRoutes } from '../../src/flows/record-marks/index.js'
import { publicRoutes } from '../../src/modules/public/index.js'
import type { TestContext } from '../support/context.js'

export const admin = systemActor('test-admin')
const rng = createRng(20261128)
export const companyUscc = (): string => generateUscc(rng, { dept: '9', category: '1', region: '120116' })
export const PASSWORD = 'correct horse battery'

/** tj-czj receives commitments in approvals (consumer), tj-scjg is a providing department. */
export const DEPTS = ['tj-czj', 'tj-scjg', 'tj-jtw'] as const

export async function seedDepts(ctx: TestContext): Promise<void> {
  for (const code of DEPTS)
    await addDepartment(ctx, admin, {
      code,
      name: `测试部门 ${code}`,
      uscc: generateUscc(rng, { dept: '1', category: '1', region: '120000' }),
      district: '120000',
    })
}

export async function bearer(ctx: TestContext, role: string, dept?: string): Promise<Record<string, string>> {
  const { key } = await createApiKey(ctx, admin, { role, ...(dept ? { dept } : {}), name: `${role}-${dept ?? 'none'}` })
  return { authorization: `Bearer ${key}` }
}

/** The real app (all routes), plus the public and mark routes when buildApp does not register them yet. */
export async function testApp(ctx: TestContext): Promise<FastifyInstance> {
  const app = await buildApp(ctx, { web: false })
  if (!app.hasRoute({ method: 'GET', url: '/api/v1/public/stats' })) await publicRoutes(app, ctx)
  if (!app.hasRoute({ method: 'POST', url: '/api/v1/records/:id/marks' })) await markRoutes(app, ctx)
  await app.ready()
  return app
}

/** A subject account bound to the entity, logged in: cookie and CSRF headers. */
export async function subjectLogin(
  ctx: TestContext,
  app: FastifyInstance,
  username: string,
  entityId: string,
): Promise<Record<string, string>> {
  await createUser(ctx, admin, { username, role: 'subject', entityId, password: PASSWORD })
  return login(app, username)
}

/** A console login (cookie and CSRF headers); sessions end after idle time, so tests moving the clock log in again. */
export async function login(app: FastifyInstance, username: string): Promise<Record<string, string>> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: PASSWORD },
    remoteAddress: '10.7.7.7',
  })
  expect(res.statusCode, res.body).toBe(200)
  const raw = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('gx_session='))
  const token = /^gx_session=([^;]+)/.exec(raw ?? '')?.[1] as string
  return { cookie: `gx_session=${token}`, 'x-csrf-token': res.json().csrfToken as string }
}
