import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
// Imported from the access module's principal file (roles and errors only), not its index or service, so that every
// module's routes can use the guards without loading the access service.
import { accessError } from '../modules/access/access.errors.js'
import type { Actor } from '../core/actor.js'
import { can, type Principal, principalActor, publicPrincipal } from '../modules/access/access.principal.js'

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

/** The session cookie and the header that carries its CSRF token. */
export const SESSION_COOKIE = 'gx_session'
export const CSRF_HEADER = 'x-csrf-token'

// Route guards: a route names the permission it needs; the auth plugin runs the guard as soon as the caller is known.

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
export function checkRightsFirst(route: RouteOptions): void {
  const pre = asList(route.preHandler) as Guard[]
  const moved = pre.filter((h) => guards.has(h))
  if (moved.length === 0) return
  const rest = pre.filter((h) => !guards.has(h))
  if (rest.length > 0) route.preHandler = rest as RouteOptions['preHandler']
  else delete route.preHandler
  route.onRequest = [...asList(route.onRequest), ...moved] as RouteOptions['onRequest']
}

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

/** Who acts in this request (for a service command): the caller's principal with the request id and, when given, the
 * stated purpose. Routes use it instead of building the actor from the access module. */
export function requestActor(req: FastifyRequest, purpose?: string): Actor {
  return principalActor(req.principal ?? publicPrincipal, req.id, purpose)
}
