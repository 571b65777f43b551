import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { fastifyPlugin } from 'fastify-plugin'
import type { Ctx } from '../../container.js'
// Imported from the files, not the module's index, so that the index (which exports the routes that
// import this plugin) and this plugin do not load each other.
import { accessError } from '../../modules/access/access.errors.js'
import { safeEqual } from '../../modules/access/access.secrets.js'
import { authenticate, can, type Principal, publicPrincipal } from '../../modules/access/access.service.js'

export const SESSION_COOKIE = 'gx_session'
export const CSRF_HEADER = 'x-csrf-token'

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling: set for every request by authPlugin (the public principal when anonymous). */
    principal: Principal
  }
  interface FastifyContextConfig {
    /** false: this route does not check the CSRF token of cookie sessions (login only). */
    csrf?: boolean
  }
}

export interface AuthPluginOptions {
  ctx: Ctx
  /** Requests for which no credentials are read (e.g. static files); they get the public principal. */
  skip?: (req: FastifyRequest) => boolean
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

type Guard = (req: FastifyRequest, reply: FastifyReply) => Promise<void>

/** The permission guards made by requirePermission and requireAnyPermission. */
const guards = new WeakSet<Guard>()

function asList<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v]
}

/**
 * A route declares its permission guard as a preHandler (after validation in fastify's order); it is moved to the
 * route's onRequest hooks, right after the principal is known, so that the caller's rights are checked before the
 * body is read and validated: an anonymous request gets 401 and a caller without the permission 403, never a
 * validation error that would tell it about the route's input.
 */
function checkRightsFirst(route: RouteOptions): void {
  const pre = asList(route.preHandler) as Guard[]
  const moved = pre.filter((h) => guards.has(h))
  if (moved.length === 0) return
  const rest = pre.filter((h) => !guards.has(h))
  if (rest.length > 0) route.preHandler = rest as RouteOptions['preHandler']
  else delete route.preHandler
  route.onRequest = [...asList(route.onRequest), ...moved] as RouteOptions['onRequest']
}

/** `Authorization: Bearer gx_...` -> the key; any other Authorization header is refused (fail closed). */
function bearerOf(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization
  if (h === undefined) return undefined
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(h)
  if (!m) throw accessError('access.key_invalid', { reason: 'scheme' })
  return m[1]
}

/**
 * Sets `request.principal` on every request: API key (Authorization: Bearer gx_...), else the session
 * cookie gx_session, else the public principal. Cookie-authenticated POST/PUT/PATCH/DELETE must carry
 * the session's CSRF token in X-CSRF-Token; bearer requests are exempt (no ambient credentials).
 */
export const authPlugin = fastifyPlugin<AuthPluginOptions>(
  async (app: FastifyInstance, opts: AuthPluginOptions) => {
    const { ctx } = opts
    app.decorateRequest('principal', null as unknown as Principal)
    app.addHook('onRoute', checkRightsFirst)
    app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      req.principal = publicPrincipal
      if (opts.skip?.(req)) return
      const bearer = bearerOf(req)
      const cookieToken = bearer === undefined ? req.cookies?.[SESSION_COOKIE] : undefined
      const principal = await authenticate(ctx, { bearer, cookieToken })
      req.principal = principal
      if (cookieToken && principal.kind === 'public') {
        // Stale or revoked session: drop the cookie so the browser stops sending it.
        reply.clearCookie(SESSION_COOKIE, {
          path: '/',
          httpOnly: true,
          sameSite: 'strict',
          secure: ctx.config.secureCookies,
        })
        return
      }
      if (principal.kind === 'user' && UNSAFE_METHODS.has(req.method) && req.routeOptions.config?.csrf !== false) {
        const given = req.headers[CSRF_HEADER]
        if (typeof given !== 'string' || !principal.csrfToken || !safeEqual(given, principal.csrfToken))
          throw accessError('access.csrf')
      }
    })
  },
  { name: 'gongxin-auth', fastify: '5.x', dependencies: ['@fastify/cookie'] },
)

/**
 * A guard (declare it as the route's preHandler; authPlugin runs it before the body is read and validated) that
 * lets the request through only with the permission: 401 access.unauthenticated for the anonymous principal,
 * 403 access.forbidden for everybody else.
 */
export function requirePermission(permission: string): Guard {
  const guard: Guard = async (req) => {
    const p = req.principal ?? publicPrincipal
    if (can(p, permission)) return
    throw p.kind === 'public'
      ? accessError('access.unauthenticated', { permission })
      : accessError('access.forbidden', { permission })
  }
  guards.add(guard)
  return guard
}

/**
 * Like requirePermission, but any one of the permissions is enough, e.g.
 * `requireAnyPermission('entity.read', 'self.read')` followed by assertEntityScope() in the handler.
 */
export function requireAnyPermission(...permissions: string[]): Guard {
  const guard: Guard = async (req) => {
    const p = req.principal ?? publicPrincipal
    if (permissions.some((perm) => can(p, perm))) return
    const permission = permissions.join(' | ')
    throw p.kind === 'public'
      ? accessError('access.unauthenticated', { permission })
      : accessError('access.forbidden', { permission })
  }
  guards.add(guard)
  return guard
}
