export interface AuditEventsTable {
  seq: number
  id: string
  at: string
  actor_kind: string
  actor_id: string | null
  actor_role: string | null
  actor_dept: string | null
  action: string
  target_type: string | null
  target_id: string | null
  request_id: string | null
  purpose: string | null
  /** JSON text. */
  details: string
  prev_hash: string
  hash: string
  /**
   * Events written before ID numbers were masked on the way in, whose purpose or details held one (migration 0010):
   * the original purpose and details sealed with AES-GCM, with the digest of what is shown now. Null otherwise.
   */
  sealed: string | null
}

/** One row (id = 1): the newest event's seq and hash, so truncating the tail is detected. */
export interface AuditHeadTable {
  id: number
  seq: number
  hash: string
  updated_at: string
}

/**
 * The audit log indexed by subject entity: one row per entity an event read about (a check, a batch check's every
 * subject, an ID number reveal, an authorised read), written in the event's transaction. Not covered by the hash:
 * it is derived from the event (see docs/rights.md).
 */
export interface AuditSubjectsTable {
  entity_id: string
  seq: number
  audit_id: string
}

export interface AuditTables {
  audit_events: AuditEventsTable
  audit_head: AuditHeadTable
  audit_subjects: AuditSubjectsTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends AuditTables {}
}
