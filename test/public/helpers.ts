import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../src/container.js'
import { buildApp } from '../../src/http/app.js'
import { markRoutes } from '../../src/flows/record-marks/index.js'
import { publicRoutes } from '../../src/modules/public/index.js'

/** The real app with the public and mark routes (registered here until the lead wires them into buildApp). */
export async function appWithPublic(ctx: Ctx): Promise<FastifyInstance> {
  const app = await buildApp(ctx, { web: false })
  if (!app.hasRoute({ method: 'GET', url: '/api/v1/public/stats' })) await publicRoutes(app, ctx)
  if (!app.hasRoute({ method: 'POST', url: '/api/v1/records/:id/marks' })) await markRoutes(app, ctx)
  await app.ready()
  return app
}
