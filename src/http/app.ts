import fastifyCookie from '@fastify/cookie'
import fastifyHelmet from '@fastify/helmet'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import { Type } from '@sinclair/typebox'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, LogController } from 'fastify'
import { sql } from 'kysely'
import type { Ctx } from '../core/context.js'
import { coreError } from '../core/errors.js'
import { newId } from '../core/ids.js'
import '../flows/entity-file/index.js'
import '../flows/provisional-deadlines/index.js'
import { commitmentRoutes } from '../flows/commitments/index.js'
import { inspectionResultRoutes } from '../flows/inspections/index.js'
import { compareRoutes } from '../flows/compare/index.js'
import { listExitCaseAccess, repairCaseAccess, repairRoutes } from '../flows/repairs/index.js'
import { ingestRoutes } from '../flows/ingest/ingest.routes.js'
import { listFlowRoutes } from '../flows/lists/index.js'
import { unmatchedFlowRoutes } from '../flows/unmatched/index.js'
import { caseQueueRoutes } from '../flows/cases/index.js'
import { markRoutes } from '../flows/record-marks/index.js'
import { recordCorrectionRoutes } from '../flows/record-corrections/index.js'
import { sharingRoutes } from '../flows/sharing/index.js'
import { peerPullRoutes } from '../flows/federation/index.js'
import { agencyReadRoutes } from '../flows/agencies/index.js'
import { watchRoutes } from '../flows/watches/index.js'
import { meRoutes } from '../flows/me-file/index.js'
import { reportFlowRoutes } from '../flows/reports/index.js'
import { objectionFileAccess, objectionRoutes } from '../flows/objections/index.js'
import { federationRoutes } from '../modules/federation/index.js'
import { accessRoutes, describeActors, findRole } from '../modules/access/index.js'
import { agencyRoutes } from '../modules/agencies/index.js'
import { auditRoutes } from '../modules/audit/index.js'
import { authorizationRoutes } from '../modules/authorizations/index.js'
import { calendarRoutes } from '../modules/calendar/index.js'
import { catalogRoutes } from '../modules/catalog/index.js'
import { checkRoutes } from '../modules/checks/index.js'
import { deadlineRoutes } from '../modules/deadlines/index.js'
import { entityRoutes } from '../modules/entities/index.js'
import { type CaseAccessMap, fileRoutes } from '../modules/files/index.js'
import { listRoutes } from '../modules/lists/index.js'
import { measureRoutes } from '../modules/measures/index.js'
import { contentRoutes } from '../modules/content/index.js'
import { gradingRoutes } from '../modules/grading/index.js'
import { inspectionRoutes } from '../modules/inspections/index.js'
import { smeRoutes } from '../modules/sme/index.js'
import { supervisionRoutes } from '../modules/supervision/index.js'
import { notificationRoutes } from '../modules/notifications/index.js'
import { publicRoutes } from '../modules/public/index.js'
import { qualityRoutes } from '../modules/quality/index.js'
import { recordRoutes } from '../modules/records/index.js'
import { reportRoutes } from '../modules/reports/index.js'
import { AGENT_CASE_KIND, agentLetterAccess, subjectRoutes } from '../modules/subjects/index.js'
import { tipFileAccess, tipRoutes } from '../modules/tips/index.js'
import { unmatchedRoutes } from '../modules/unmatched/index.js'
import {
  clientErrorHandler,
  frameworkErrors,
  installErrorHandler,
  MAX_URL_LENGTH,
  notFoundError,
  sendError,
} from './error-handler.js'
import { installMetrics } from './metrics.js'
import { authPlugin } from './plugins/auth.js'
import { installRateLimits } from './plugins/rate-limit.js'
import { installUploads } from './uploads.js'
import { installWeb } from './web.js'

export interface AppOptions {
  /** Serve the built web app (default true). */
  web?: boolean
  /** Who handles cases of further kinds (may read their evidence files), beside the case modules' own (tests). */
  fileCaseAccess?: CaseAccessMap
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
    // client addresses behind a reverse proxy (rate limits, login throttling, /metrics): only from listed proxies
    ...(ctx.config.trustProxy.length > 0 ? { trustProxy: [...ctx.config.trustProxy] } : {}),
    // errors raised before fastify's routing (Node's parser, bad URLs) in the project's shape too
    clientErrorHandler,
    frameworkErrors,
    // requests arriving while the server stops answer 503 core.unavailable (below), not fastify's own body
    return503OnClosing: false,
  })
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id)
    if (closing) {
      reply.header('connection', 'close')
      throw coreError('core.unavailable', { retryAfter: 5 })
    }
    if (req.url.length > MAX_URL_LENGTH) throw coreError('core.uri_too_long', { maxLength: MAX_URL_LENGTH })
  })

  // HSTS and upgrade-insecure-requests only when the site is served over HTTPS (config https / publicUrl):
  // on a plain-HTTP intranet install they would send browsers to an https:// that does not exist.
  const https = ctx.config.https
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
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  })
  await app.register(fastifyCookie)
  await installUploads(app, ctx.config)
  await installRateLimits(app, ctx)
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: '公信 Gongxin API',
        version: '0.1.0',
        description: '公共信用信息平台接口。错误格式：{"error":{"code","message","details"}}。',
      },
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
  installMetrics(app, ctx.config)
  // A body whose fields are all optional (a reason, a note) may be left out altogether, as curl -X POST or a bare
  // console button sends it: it is read as {}. A body with required fields is still refused when missing.
  app.addHook('onRoute', (route) => {
    const body = route.schema?.body as { type?: unknown; required?: unknown } | undefined
    if (body?.type !== 'object' || (Array.isArray(body.required) && body.required.length > 0)) return
    const fill = async (req: FastifyRequest): Promise<void> => {
      if (req.body === undefined) req.body = {}
    }
    const given = route.preValidation
    route.preValidation = given ? [fill, ...(Array.isArray(given) ? given : [given])] : fill
  })
  await app.register(authPlugin, { ctx, skip: (req) => !req.url.startsWith('/api/') })

  const health = Type.Object({ status: Type.String() })
  const readiness = Type.Object({ status: Type.String(), db: Type.String() })
  app.get('/healthz', { schema: { tags: ['运行'], summary: '存活检查', response: { 200: health } } }, async () => ({
    status: 'ok',
  }))
  app.get(
    '/readyz',
    { schema: { tags: ['运行'], summary: '就绪检查（数据库可用）', response: { 200: readiness, 503: readiness } } },
    async (_req, reply) => {
      try {
        await sql`select 1`.execute(ctx.db)
        return { status: 'ready', db: ctx.dbh.kind }
      } catch {
        reply.code(503)
        return { status: 'unavailable', db: ctx.dbh.kind }
      }
    },
  )
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  app.get(
    '/api/v1/public/site',
    {
      schema: {
        tags: ['公开'],
        summary: '站点信息',
        response: {
          200: Type.Object({
            name: Type.String(),
            city: Type.String(),
            contact: Type.Union([Type.String(), Type.Null()], { description: '咨询联系方式（GONGXIN_SITE_CONTACT）' }),
          }),
        },
      },
      config: { rateLimit: { max: ctx.config.publicRateLimit, timeWindow: '1 minute' } },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300')
      return { name: ctx.config.siteName, city: ctx.config.city, contact: ctx.config.siteContact }
    },
  )

  await accessRoutes(app, ctx)
  await entityRoutes(app, ctx)
  // the audit log names its actors and departments; the access module owns them (and writes audit events itself)
  await auditRoutes(app, ctx, {
    names: async (ids) => {
      const { actors, departments } = await describeActors(ctx.db, ids)
      return { actors, departments, roleLabel: (code) => findRole(code)?.label ?? code }
    },
  })
  await catalogRoutes(app, ctx)
  await calendarRoutes(app, ctx)
  await deadlineRoutes(app, ctx)
  await ingestRoutes(app, ctx)
  await recordRoutes(app, ctx)
  await markRoutes(app, ctx)
  await recordCorrectionRoutes(app, ctx)
  await publicRoutes(app, ctx)
  await qualityRoutes(app, ctx)
  await measureRoutes(app, ctx)
  await gradingRoutes(app, ctx)
  await supervisionRoutes(app, ctx)
  await smeRoutes(app, ctx)
  await inspectionRoutes(app, ctx)
  await inspectionResultRoutes(app, ctx)
  await checkRoutes(app, ctx)
  await sharingRoutes(app, ctx)
  await watchRoutes(app, ctx)
  await compareRoutes(app, ctx)
  await listRoutes(app, ctx)
  await listFlowRoutes(app, ctx)
  await commitmentRoutes(app, ctx)
  await repairRoutes(app, ctx)
  await unmatchedRoutes(app, ctx)
  await unmatchedFlowRoutes(app, ctx)
  await subjectRoutes(app, ctx)
  await tipRoutes(app, ctx)
  await notificationRoutes(app, ctx)
  await caseQueueRoutes(app, ctx)
  await meRoutes(app, ctx)
  await objectionRoutes(app, ctx)
  await reportRoutes(app, ctx)
  await reportFlowRoutes(app, ctx)
  await authorizationRoutes(app, ctx)
  await agencyRoutes(app, ctx)
  await agencyReadRoutes(app, ctx)
  await federationRoutes(app, ctx)
  await peerPullRoutes(app, ctx)
  await contentRoutes(app, ctx)
  // evidence files; each case module registers who handles its cases (may read their evidence) here, by case kind
  await fileRoutes(app, ctx, {
    caseAccess: {
      repair: repairCaseAccess,
      list_exit: listExitCaseAccess,
      objection: objectionFileAccess,
      tip: tipFileAccess,
      [AGENT_CASE_KIND]: agentLetterAccess,
      ...options.fileCaseAccess,
    },
  })

  if (options.web !== false) await installWeb(app, ctx.config.webDir)
  else app.setNotFoundHandler((req, reply) => sendError(reply, notFoundError(app, req)))
  return app
}
