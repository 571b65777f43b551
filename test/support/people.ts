// The people and departments an HTTP test needs, shared by the test helpers: the departments seeded, API keys
// as bearer headers, subject accounts logged in (cookie and CSRF headers).
import type { FastifyInstance } from 'fastify'
import { expect } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { generateUscc, type Rng } from '../../src/identifiers/index.js'
import { addDepartment, createApiKey, createUser } from '../../src/modules/access/index.js'
import type { TestContext } from './context.js'

export const admin = systemActor('test-admin')
export const PASSWORD = 'correct horse battery'

/**
 * Registers the departments: codes (named 测试部门 <code>) or code -> name; their USCCs drawn from the caller's rng,
 * so that the caller's other draws stay as they were.
 */
export async function seedDepartments(
  ctx: TestContext,
  depts: readonly string[] | Readonly<Record<string, string>>,
  rng: Rng,
): Promise<void> {
  const named = Array.isArray(depts)
    ? (depts as readonly string[]).map((code) => [code, `测试部门 ${code}`] as const)
    : Object.entries(depts)
  for (const [code, name] of named)
    await addDepartment(ctx, admin, {
      code,
      name,
      uscc: generateUscc(rng, { dept: '1', category: '1', region: '120000' }),
      district: '120000',
    })
}

/** An API key of the role (and department) as a bearer header; named `<role>-<dept or noDept>`. */
export async function bearerKey(
  ctx: TestContext,
  role: string,
  dept?: string,
  noDept = 'none',
): Promise<Record<string, string>> {
  const { key } = await createApiKey(ctx, admin, { role, ...(dept ? { dept } : {}), name: `${role}-${dept ?? noDept}` })
  return { authorization: `Bearer ${key}` }
}

/** A console login (cookie and CSRF headers); sessions end after idle time, so tests moving the clock log in again. */
export async function loginAs(
  app: FastifyInstance,
  username: string,
  remoteAddress = '10.7.7.7',
): Promise<Record<string, string>> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: PASSWORD },
    remoteAddress,
  })
  expect(res.statusCode, res.body).toBe(200)
  const raw = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('gx_session='))
  const token = /^gx_session=([^;]+)/.exec(raw ?? '')?.[1] as string
  return { cookie: `gx_session=${token}`, 'x-csrf-token': res.json().csrfToken as string }
}

/** A subject account bound to the entity, logged in. */
export async function subjectAccount(
  ctx: TestContext,
  app: FastifyInstance,
  username: string,
  entityId: string,
  remoteAddress?: string,
): Promise<Record<string, string>> {
  await createUser(ctx, admin, { username, role: 'subject', entityId, password: PASSWORD })
  return loginAs(app, username, remoteAddress)
}
