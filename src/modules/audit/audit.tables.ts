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
}

/** One row (id = 1): the newest event's seq and hash, so truncating the tail is detected. */
export interface AuditHeadTable {
  id: number
  seq: number
  hash: string
  updated_at: string
}

export interface AuditTables {
  audit_events: AuditEventsTable
  audit_head: AuditHeadTable
}
