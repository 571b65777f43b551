import fastifyCookie from '@fastify/cookie'
import fastifyHelmet from '@fastify/helmet'
import fastifyMultipart from '@fastify/multipart'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify'
import { sql } from 'kysely'
import type { Ctx } from '../container.js'
import { newId } from '../core/ids.js'
import '../flows/entity-file/index.js'
import { ingestRoutes } from '../flows/ingest/ingest.routes.js'
import { accessRoutes } from '../modules/access/index.js'
import { auditRoutes } from '../modules/audit/audit.routes.js'
import { calendarRoutes } from '../modules/calendar/calendar.routes.js'
import { catalogRoutes } from '../modules/catalog/catalog.routes.js'
import { entityRoutes } from '../modules/entities/entities.routes.js'
import { checkRoutes } from '../modules/checks/index.js'
import { commitmentRoutes } from '../flows/commitments/index.js'
import { measureRoutes } from '../modules/measures/index.js'
import { markRoutes } from '../modules/marks/index.js'
import { listFlowRoutes } from '../flows/lists/index.js'
import { listRoutes } from '../modules/lists/index.js'
import { publicRoutes } from '../modules/public/index.js'
import { qualityRoutes } from '../modules/quality/index.js'
import { recordRoutes } from '../modules/records/records.routes.js'
import { installErrorHandler } from './error-handler.js'
import { installMetrics } from './metrics.js'
import { authPlugin } from './plugins/auth.js'
import { installWeb } from './web.js'

export interface AppOptions {
  /** Serve the built web app (default true). */
  web?: boolean
}

/**
 * The HTTP app. Order: external plugins (security headers, cookies, rate limit, OpenAPI), then the
 * app's own plugins (auth, errors, metrics), then module routes, then the web app.
 */
export async function buildApp(ctx: Ctx, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : newId()
    },
    bodyLimit: ctx.config.bodyLimitBytes,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  })
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id)
  })

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  })
  await app.register(fastifyCookie)
  await app.register(fastifyMultipart, { limits: { fileSize: 512 * 1024 * 1024, files: 1, fields: 10 } })
  await app.register(fastifyRateLimit, {
    global: false,
    allowList: ctx.config.trustedClients,
    errorResponseBuilder: (_req, context) => ({
      statusCode: 429,
      error: { code: 'core.rate_limited', message: `请求过于频繁，请 ${Math.ceil(context.ttl / 1000)} 秒后再试。`, details: { retryAfter: Math.ceil(context.ttl / 1000) } },
    }),
  })
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: '公信 Gongxin API', version: '0.1.0', description: '公共信用信息平台接口。错误格式：{"error":{"code","message","details"}}。' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: '部门接口密钥（gongxin key create）' },
          session: { type: 'apiKey', in: 'cookie', name: 'gx_session' },
        },
      },
    },
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true })

  installErrorHandler(app)
  installMetrics(app)
  await app.register(authPlugin, { ctx, skip: (req) => !req.url.startsWith('/api/') })

  app.get('/healthz', { schema: { tags: ['运行'], summary: '存活检查' } }, async () => ({ status: 'ok' }))
  app.get('/readyz', { schema: { tags: ['运行'], summary: '就绪检查（数据库可用）' } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(ctx.db)
      return { status: 'ready', db: ctx.dbh.kind }
    } catch {
      reply.code(503)
      return { status: 'unavailable', db: ctx.dbh.kind }
    }
  })
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  app.get(
    '/api/v1/public/site',
    { schema: { tags: ['公开'], summary: '站点信息' }, config: { rateLimit: { max: ctx.config.publicRateLimit, timeWindow: '1 minute' } } },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300')
      return { name: ctx.config.siteName, city: ctx.config.city }
    },
  )

  await accessRoutes(app, ctx)
  await entityRoutes(app, ctx)
  await auditRoutes(app, ctx)
  await catalogRoutes(app, ctx)
  await calendarRoutes(app, ctx)
  await ingestRoutes(app, ctx)
  await recordRoutes(app, ctx)
  await markRoutes(app, ctx)
  await publicRoutes(app, ctx)
  await qualityRoutes(app, ctx)
  await measureRoutes(app, ctx)
  await checkRoutes(app, ctx)
  await listRoutes(app, ctx)
  await listFlowRoutes(app, ctx)
  await commitmentRoutes(app, ctx)

  if (options.web !== false) await installWeb(app, ctx.config.webDir)
  else app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: { code: 'core.not_found', message: '请求的资源不存在。', details: { path: req.url } } }))
  return app
}
