import type { Principal } from './access.principal.js'
import type { ApiKeyView, CreatedApiKey, Department, UserSummary, UserView } from './access.service.js'

/** The only shapes of the access module that leave the server, with their JSON schemas. */

const nullableString = { type: ['string', 'null'] } as const

export const departmentJsonSchema = {
  type: 'object',
  required: ['code', 'name', 'uscc', 'district'],
  properties: {
    code: { type: 'string' },
    name: { type: 'string' },
    uscc: { type: 'string' },
    district: nullableString,
  },
} as const

export const userJsonSchema = {
  type: 'object',
  required: ['id', 'username', 'displayName', 'role', 'dept', 'district', 'entityId'],
  properties: {
    id: { type: 'string' },
    username: nullableString,
    displayName: { type: 'string' },
    role: { type: 'string' },
    dept: nullableString,
    district: nullableString,
    entityId: nullableString,
  },
} as const

export const userSummaryJsonSchema = {
  type: 'object',
  required: [...userJsonSchema.required, 'roleLabel', 'disabled', 'lockedUntil', 'lastLoginAt', 'createdAt'],
  properties: {
    ...userJsonSchema.properties,
    roleLabel: { type: 'string' },
    disabled: { type: 'boolean' },
    lockedUntil: nullableString,
    lastLoginAt: nullableString,
    createdAt: { type: 'string' },
  },
} as const

export const sessionJsonSchema = {
  type: 'object',
  required: ['user', 'csrfToken', 'permissions'],
  properties: {
    user: userJsonSchema,
    csrfToken: nullableString,
    expiresAt: nullableString,
    kind: { type: 'string', enum: ['user', 'api_key'] },
    permissions: { type: 'array', items: { type: 'string' } },
  },
} as const

export const apiKeyJsonSchema = {
  type: 'object',
  required: [
    'id',
    'name',
    'prefix',
    'role',
    'dept',
    'scopes',
    'expiresAt',
    'revokedAt',
    'createdAt',
    'createdBy',
    'lastUsedAt',
    'status',
  ],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    prefix: { type: 'string' },
    role: { type: 'string' },
    dept: nullableString,
    scopes: { type: 'array', items: { type: 'string' } },
    expiresAt: nullableString,
    revokedAt: nullableString,
    createdAt: { type: 'string' },
    createdBy: nullableString,
    lastUsedAt: nullableString,
    status: { type: 'string', enum: ['active', 'expired', 'revoked'] },
  },
} as const

export const createdApiKeyJsonSchema = {
  type: 'object',
  required: ['id', 'key', 'role', 'dept', 'expiresAt'],
  properties: {
    id: { type: 'string' },
    key: { type: 'string' },
    role: { type: 'string' },
    dept: nullableString,
    expiresAt: nullableString,
  },
} as const

export const errorJsonSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: { type: 'object', additionalProperties: true },
      },
    },
  },
} as const

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
