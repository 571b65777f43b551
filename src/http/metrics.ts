import type { FastifyInstance, FastifyRequest } from 'fastify'
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client'
import type { Config } from '../core/config.js'
import { coreError } from '../core/errors.js'
import { safeEqual } from '../modules/access/index.js'
import { addressMatcher } from './addresses.js'

/**
 * Who may read /metrics: a request with `Authorization: Bearer <metricsToken>`, or one from an address in
 * metricsClients (loopback by default). A request that came through a proxy (X-Forwarded-For or Forwarded) is
 * judged by its address only when trustProxy is configured, since without it every proxied request would appear
 * to come from the proxy's (often loopback) address.
 */
export function metricsAccess(
  config: Pick<Config, 'metricsToken' | 'metricsClients' | 'trustProxy'>,
): (req: FastifyRequest) => boolean {
  const trusted = addressMatcher(config.metricsClients)
  return (req) => {
    const auth = req.headers.authorization
    if (config.metricsToken && typeof auth === 'string') {
      const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(auth)
      if (m && safeEqual(m[1] as string, config.metricsToken)) return true
    }
    const proxied = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined
    if (proxied && config.trustProxy.length === 0) return false
    return trusted(req.ip)
  }
}

/** Prometheus metrics at /metrics (token or trusted address): process defaults plus request durations by route. */
export function installMetrics(
  app: FastifyInstance,
  config: Pick<Config, 'metricsToken' | 'metricsClients' | 'trustProxy'>,
): Registry {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'gongxin_' })
  const duration = new Histogram({
    name: 'gongxin_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  })
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched'
    duration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000)
  })
  const may = metricsAccess(config)
  const onRequest = async (req: FastifyRequest) => {
    if (!may(req)) throw coreError('core.metrics_forbidden')
  }
  app.get('/metrics', { schema: { hide: true }, onRequest }, async (_req, reply) => {
    reply.type(registry.contentType)
    return registry.metrics()
  })
  return registry
}
