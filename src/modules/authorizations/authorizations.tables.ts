/**
 * One authorisation grant: a subject (its entity) lets a grantee use some of its rights (`scopes`) until an instant.
 * Revoked grants stay with when and by whom; `uses` and `last_used_at` count the uses (each also an audit event).
 */
export interface AuthorizationGrantsTable {
  id: string
  entity_id: string
  /** A department or agency code, a USCC, or an account id (user or API key). */
  grantee: string
  /** JSON array of scope strings, e.g. ["report.full"]. */
  scopes: string
  /** ISO instant the grant ends (exclusive). */
  until: string
  note: string | null
  created_at: string
  created_by: string | null
  revoked_at: string | null
  revoked_by: string | null
  last_used_at: string | null
  uses: number
}

export interface AuthorizationTables {
  authorization_grants: AuthorizationGrantsTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends AuthorizationTables {}
}
