import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { markRoutes } from '../../src/flows/record-marks/index.js'
import { publicRoutes } from '../../src/modules/public/index.js'
import type { TestContext } from '../support/context.js'
import { admin, bearerKey, loginAs, PASSWORD, seedDepartments, subjectAccount } from '../support/people.js'

export { admin, PASSWORD }
const rng = createRng(20261128)
export const companyUscc = (): string => generateUscc(rng, { dept: '9', category: '1', region: '120116' })

/** tj-czj receives commitments in approvals (consumer), tj-scjg is a providing department. */
export const DEPTS = ['tj-czj', 'tj-scjg', 'tj-jtw'] as const

export const seedDepts = (ctx: TestContext): Promise<void> => seedDepartments(ctx, DEPTS, rng)

export const bearer = (ctx: TestContext, role: string, dept?: string) => bearerKey(ctx, role, dept)

/** The real app (all routes), plus the public and mark routes when buildApp does not register them yet. */
export async function testApp(ctx: TestContext): Promise<FastifyInstance> {
  const app = await buildApp(ctx, { web: false })
  if (!app.hasRoute({ method: 'GET', url: '/api/v1/public/stats' })) await publicRoutes(app, ctx)
  if (!app.hasRoute({ method: 'POST', url: '/api/v1/records/:id/marks' })) await markRoutes(app, ctx)
  await app.ready()
  return app
}

/** A subject account bound to the entity, logged in: cookie and CSRF headers. */
export const subjectLogin = (ctx: TestContext, app: FastifyInstance, username: string, entityId: string) =>
  subjectAccount(ctx, app, username, entityId)

/** A console login (cookie and CSRF headers); sessions end after idle time, so tests moving the clock log in again. */
export const login = (app: FastifyInstance, username: string) => loginAs(app, username)
