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

/**
 * The Merkle tree over the events (RFC 6962, docs/audit-log.md): the hash (hex) of every full subtree, level 0 = the
 * leaves (leaf i = the event with seq i + 1), node (level, idx) covers leaves [idx * 2^level, (idx + 1) * 2^level).
 * Filled by the catch-up step (extendAuditTree), never in the event's own transaction.
 */
export interface AuditTreeNodesTable {
  level: number
  idx: number
  hash: string
}

/** Signed checkpoints: tree size, root (hex), time, signing key id, Ed25519 signature (base64) over the text. */
export interface AuditCheckpointsTable {
  size: number
  root: string
  at: string
  key_id: string
  signature: string
}

export interface AuditTables {
  audit_events: AuditEventsTable
  audit_head: AuditHeadTable
  audit_subjects: AuditSubjectsTable
  audit_tree_nodes: AuditTreeNodesTable
  audit_checkpoints: AuditCheckpointsTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends AuditTables {}
}
