import type { Generated } from 'kysely'

export interface DepartmentsTable {
  code: string
  name: string
  uscc: string
  district: string | null
  created_at: string
  updated_at: string
}

export interface UsersTable {
  id: string
  username: string
  display_name: string
  /** scrypt$N$r$p$salt$hash (salt and hash base64). */
  password_hash: string
  role: string
  dept_code: string | null
  district: string | null
  entity_id: string | null
  /** An agency account (role agency): the registered credit agency it belongs to (migration 0040). */
  agency_id: Generated<string | null>
  /** Unused since login throttling (migration 0012, table login_throttle); kept, always 0. */
  failed_logins: Generated<number>
  /** Unused since login throttling (migration 0012); kept, always null. */
  locked_until: Generated<string | null>
  disabled: Generated<number>
  created_at: string
  updated_at: string
  last_login_at: string | null
}

export interface SessionsTable {
  /** Opaque session id (UUIDv7): safe to log and to show. */
  id: string
  /** SHA-256 (hex) of the session token; the token itself only lives in the cookie. */
  token_hash: string
  user_id: string
  csrf_token: string
  created_at: string
  expires_at: string
  last_seen_at: string
  revoked_at: string | null
  ip: string | null
}

export interface ApiKeysTable {
  id: string
  name: string
  /** SHA-256 of the key; the key is shown once at creation. */
  key_hash: string
  prefix: string
  role: string
  dept_code: string | null
  /** JSON array of permissions the key is limited to; [] = every permission of its role. */
  scopes: string
  /** An agency key (role agency): the registered credit agency it belongs to (migration 0040). */
  agency_id: Generated<string | null>
  expires_at: string | null
  revoked_at: string | null
  created_at: string
  created_by: string | null
  last_used_at: string | null
}

/**
 * Login throttling (access.throttle.ts): one row per bucket. Failures leak away one per period; a row whose level
 * has leaked to zero and whose wait is over (`forget_at`) is deleted.
 */
export interface LoginThrottleTable {
  /** SHA-256 (hex) of the bucket: scope, account name and/or client address. */
  key: string
  scope: 'pair' | 'account' | 'address'
  /** SHA-256 (hex) of the account name, for pair and account buckets (clearing an account); null for addresses. */
  account: string | null
  /** The level: failed (or not yet decided) attempts not leaked away. */
  failures: number
  /** The instant from which the next leak is counted. */
  leaked_at: string
  /** No attempt of this bucket is checked before this instant. */
  blocked_until: string | null
  /** When the level is back at zero and no wait is left: the row can be deleted. */
  forget_at: string
  updated_at: string
}

export interface AccessTables {
  departments: DepartmentsTable
  users: UsersTable
  sessions: SessionsTable
  api_keys: ApiKeysTable
  login_throttle: LoginThrottleTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends AccessTables {}
}
