import fastifyRateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest, onRequestHookHandler, RouteOptions } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { coreError } from '../../core/errors.js'

/** The public rate limit's window. */
export const PUBLIC_WINDOW_MS = 60_000

/**
 * Rate limits, per client address (in memory, per process; trusted clients in config are exempt):
 * - every route that declares `config.rateLimit` (the public routes and login) is a public route: its requests
 *   count in one bucket per client shared by all public routes, `publicRateLimit` per minute, so alternating
 *   routes does not multiply the budget;
 * - the route's own `config.rateLimit` is kept as a stricter budget of that route (e.g. public entity files at a
 *   quarter of the limit, login at 20 a minute).
 * Over either: 429 core.rate_limited with Retry-After.
 */
export async function installRateLimits(app: FastifyInstance, ctx: Ctx): Promise<void> {
  await app.register(fastifyRateLimit, {
    global: false,
    allowList: ctx.config.trustedClients,
    errorResponseBuilder: (_req, context) =>
      coreError('core.rate_limited', { retryAfter: Math.max(1, Math.ceil(context.ttl / 1000)) }),
  })
  const shared = app.createRateLimit({ max: ctx.config.publicRateLimit, timeWindow: PUBLIC_WINDOW_MS })
  const publicBucket: onRequestHookHandler = async (req: FastifyRequest, reply) => {
    // a route's own allow list (anonymousOnly below) exempts its callers from the shared bucket too
    const allow = (req.routeOptions.config?.rateLimit as { allowList?: unknown } | undefined)?.allowList
    if (typeof allow === 'function' && (await allow(req, req.ip))) return
    const r = await shared(req)
    if (r.isAllowed || !r.isExceeded) return
    const retryAfter = Math.max(1, r.ttlInSeconds)
    reply.header('retry-after', String(retryAfter))
    throw coreError('core.rate_limited', { retryAfter })
  }
  // Registered after the plugin: its per-route hook runs first, then the shared bucket.
  app.addHook('onRoute', (route: RouteOptions) => {
    const limit = route.config?.rateLimit
    if (limit === undefined || limit === null || limit === false) return
    const hooks =
      route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]
    // A HEAD route copies its GET route's options, hooks included: add the bucket once.
    if (!hooks.includes(publicBucket)) route.onRequest = [...hooks, publicBucket]
  })
}

/**
 * A public route's `config.rateLimit` that counts anonymous callers only (routes open to both the public and signed-in
 * principals, e.g. evidence uploads): signed-in principals and trusted clients pass without counting, in the route's
 * own budget (`max` a minute) and in the shared public bucket alike.
 */
export function anonymousOnly(
  ctx: Ctx,
  max: number,
): { max: number; timeWindow: number; allowList: (req: FastifyRequest, key: string) => boolean } {
  const trusted = new Set(ctx.config.trustedClients)
  return {
    max,
    timeWindow: PUBLIC_WINDOW_MS,
    allowList: (req, key) => {
      const kind = (req as { principal?: { kind: string } | null }).principal?.kind
      return (kind !== undefined && kind !== 'public') || trusted.has(key)
    },
  }
}
