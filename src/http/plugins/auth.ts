import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { fastifyPlugin } from 'fastify-plugin'
import type { Ctx } from '../../core/context.js'
import { accessError, authenticate, type Principal, publicPrincipal, safeEqual } from '../../modules/access/index.js'
import { CSRF_HEADER, checkRightsFirst, SESSION_COOKIE } from '../guards.js'

export interface AuthPluginOptions {
  ctx: Ctx
  /** Requests for which no credentials are read (e.g. static files); they get the public principal. */
  skip?: (req: FastifyRequest) => boolean
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

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
