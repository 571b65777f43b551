import type { Actor } from '../../core/actor.js'
import { accessError } from './access.errors.js'
import { PUBLIC_ROLE, permissionsOf } from './access.roles.js'

// Who is calling and what they may do: the principal every request carries, and the deny-by-default checks on it.
// A leaf of the access module (roles and errors only), so that route guards and other modules' routes can use it
// without loading the access service.

export interface Principal {
  kind: 'user' | 'api_key' | 'public'
  id: string | null
  username?: string
  displayName?: string
  role: string
  dept: string | null
  district: string | null
  entityId: string | null
  /** Agency accounts and keys: the registered credit agency they belong to (null: none). */
  agencyId?: string | null
  permissions: ReadonlySet<string>
  /** Cookie sessions only. */
  sessionId?: string
  csrfToken?: string
  /** Cookie sessions only: when the session ends at the latest. */
  expiresAt?: string
}

/** The anonymous principal: permissions of the `public` role. */
export const publicPrincipal: Principal = Object.freeze({
  kind: 'public',
  id: null,
  role: PUBLIC_ROLE,
  dept: null,
  district: null,
  entityId: null,
  permissions: permissionsOf(PUBLIC_ROLE),
}) as Principal

/** Deny by default: true only when the principal's role (and key scopes) grant the permission. */
export function can(principal: Principal, permission: string): boolean {
  return principal.permissions.has(permission)
}

/** Throws 401 access.unauthenticated (public) or 403 access.forbidden unless the principal may. */
export function assertCan(principal: Principal, permission: string): void {
  if (can(principal, permission)) return
  throw principal.kind === 'public'
    ? accessError('access.unauthenticated', { permission })
    : accessError('access.forbidden', { permission })
}

/**
 * Subject accounts are limited to their own entity, whatever permission they hold. Call it in every
 * route or service that reads one entity's data.
 */
export function assertEntityScope(principal: Principal, entityId: string): void {
  if (principal.role === 'subject' && principal.entityId !== entityId)
    throw accessError('access.forbidden', { permission: 'self.read', entityId })
}

/** The audit actor for a principal. */
export function principalActor(p: Principal, requestId?: string, purpose?: string): Actor {
  return {
    kind: p.kind,
    id: p.id,
    role: p.role,
    dept: p.dept,
    requestId,
    purpose,
    ...(p.entityId ? { entityId: p.entityId } : {}),
  }
}
