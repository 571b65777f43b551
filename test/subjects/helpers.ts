import type { FastifyInstance } from 'fastify'
import { expect } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateResidentId, generateUscc } from '../../src/identifiers/index.js'
import { createUser } from '../../src/modules/access/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import type { TestContext } from '../support/context.js'

export const admin = systemActor('test-admin')
const rng = createRng(20261206)
export const companyUscc = (): string => generateUscc(rng, { region: '120116' })
export const adultId = (): string => generateResidentId(rng, { region: '120103', birthDate: '1985-03-04' })
export const PASSWORD = 'correct horse battery'

export async function testApp(ctx: TestContext): Promise<FastifyInstance> {
  const app = await buildApp(ctx, { web: false })
  await app.ready()
  return app
}

/** The session cookie and CSRF headers of a login over HTTP. */
export async function login(
  app: FastifyInstance,
  username: string,
  password = PASSWORD,
  ip = '10.7.7.7',
): Promise<Record<string, string>> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
    remoteAddress: ip,
  })
  expect(res.statusCode, res.body).toBe(200)
  const raw = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('gx_session='))
  const token = /^gx_session=([^;]+)/.exec(raw ?? '')?.[1] as string
  return { cookie: `gx_session=${token}`, 'x-csrf-token': res.json().csrfToken as string }
}

/** An operator user, logged in. */
export async function operatorLogin(ctx: TestContext, app: FastifyInstance, username: string) {
  await createUser(ctx, admin, { username, role: 'operator', password: PASSWORD })
  return login(app, username)
}

export async function auditEvents(ctx: TestContext, action: string) {
  // oldest first: .at(-1) is the latest
  return (await searchAuditEvents(ctx.db, { action }, 1, 200)).items
    .filter((e) => e.action === action)
    .sort((a, b) => Number(a.seq) - Number(b.seq))
}
