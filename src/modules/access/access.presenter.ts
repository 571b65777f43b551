import { Type } from '@sinclair/typebox'
import { StringEnum, StringOrNull } from '../../http/typed.js'
import type { Principal } from './access.principal.js'
import { permissionsOf, type RoleCatalog } from './access.roles.js'
import type { ApiKeyView, CreatedApiKey, Department, LoginResult, UserSummary, UserView } from './access.service.js'

/** The only shapes of the access module that leave the server, with their response schemas. */

export const DepartmentSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  uscc: Type.String(),
  district: StringOrNull(),
})

const userFields = {
  id: Type.String(),
  username: StringOrNull(),
  displayName: Type.String(),
  role: Type.String(),
  dept: StringOrNull(),
  district: StringOrNull(),
  entityId: StringOrNull(),
}

export const UserSchema = Type.Object(userFields)

export const UserSummarySchema = Type.Object({
  ...userFields,
  roleLabel: Type.String(),
  disabled: Type.Boolean(),
  lockedUntil: StringOrNull(),
  lastLoginAt: StringOrNull(),
  createdAt: Type.String(),
})

export const SessionSchema = Type.Object({
  user: UserSchema,
  csrfToken: StringOrNull(),
  expiresAt: Type.Optional(StringOrNull()),
  kind: Type.Optional(StringEnum(['user', 'api_key'])),
  permissions: Type.Array(Type.String()),
})

export const ApiKeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  role: Type.String(),
  dept: StringOrNull(),
  scopes: Type.Array(Type.String()),
  expiresAt: StringOrNull(),
  revokedAt: StringOrNull(),
  createdAt: Type.String(),
  createdBy: StringOrNull(),
  lastUsedAt: StringOrNull(),
  status: StringEnum(['active', 'expired', 'revoked']),
})

export const CreatedApiKeySchema = Type.Object({
  id: Type.String(),
  key: Type.String(),
  role: Type.String(),
  dept: StringOrNull(),
  expiresAt: StringOrNull(),
})

/** (Its fields are not marked required: the schema is published as it was before it was typed.) */
export const RoleCatalogSchema = Type.Partial(
  Type.Object({
    roles: Type.Array(
      Type.Partial(
        Type.Object({
          code: Type.String(),
          label: Type.String(),
          principals: Type.Array(Type.String()),
          requires: Type.Array(Type.String()),
          permissions: Type.Array(Type.String()),
        }),
      ),
    ),
    permissions: Type.Array(Type.Partial(Type.Object({ code: Type.String(), label: Type.String() }))),
  }),
)

export const OkSchema = Type.Object({ ok: Type.Boolean() })

export function presentDepartment(d: Department): Department {
  return { code: d.code, name: d.name, uscc: d.uscc, district: d.district }
}

export function presentUser(u: UserView): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    dept: u.dept,
    district: u.district,
    entityId: u.entityId,
  }
}

export function presentUserSummary(u: UserSummary): UserSummary {
  return {
    ...presentUser(u),
    roleLabel: u.roleLabel,
    disabled: u.disabled,
    lockedUntil: u.lockedUntil,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
  }
}

export interface SessionView {
  user: {
    id: string
    username: string | null
    displayName: string
    role: string
    dept: string | null
    district: string | null
    entityId: string | null
  }
  csrfToken: string | null
  expiresAt: string | null
  kind: 'user' | 'api_key'
  permissions: string[]
}

/** Who is signed in (login, /me): the user, the CSRF token for cookie sessions, and the permissions for the UI. */
export function presentSession(p: Principal): SessionView {
  return {
    user: {
      id: p.id ?? '',
      username: p.username ?? null,
      displayName: p.displayName ?? p.username ?? '',
      role: p.role,
      dept: p.dept,
      district: p.district,
      entityId: p.entityId,
    },
    csrfToken: p.csrfToken ?? null,
    expiresAt: p.expiresAt ?? null,
    kind: p.kind === 'api_key' ? 'api_key' : 'user',
    permissions: [...p.permissions].sort(),
  }
}

export function presentApiKey(k: ApiKeyView): ApiKeyView {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    role: k.role,
    dept: k.dept,
    scopes: [...k.scopes],
    expiresAt: k.expiresAt,
    revokedAt: k.revokedAt,
    createdAt: k.createdAt,
    createdBy: k.createdBy,
    lastUsedAt: k.lastUsedAt,
    status: k.status,
  }
}

export function presentCreatedApiKey(k: CreatedApiKey): CreatedApiKey {
  return { id: k.id, key: k.key, role: k.role, dept: k.dept, expiresAt: k.expiresAt }
}

/** The session a login opens, as /me shows it afterwards (the user's permissions come from the role). */
export function presentLogin(r: LoginResult): SessionView {
  return presentSession({
    kind: 'user',
    id: r.user.id,
    username: r.user.username,
    displayName: r.user.displayName,
    role: r.user.role,
    dept: r.user.dept,
    district: r.user.district,
    entityId: r.user.entityId,
    permissions: permissionsOf(r.user.role),
    csrfToken: r.csrfToken,
    expiresAt: r.expiresAt,
  })
}

/** The roles and permissions, in the catalog's order. */
export function presentRoleCatalog(c: RoleCatalog) {
  return {
    roles: [...c.roles.values()].map((r) => ({
      code: r.code,
      label: r.label,
      principals: [...r.principals],
      requires: [...r.requires],
      permissions: [...r.permissions],
    })),
    permissions: [...c.permissions.entries()].map(([code, label]) => ({ code, label })),
  }
}
