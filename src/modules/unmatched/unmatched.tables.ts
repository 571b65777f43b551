/**
 * The queue of unmatched subjects (待匹配主体): rows of real batches whose subject the pipeline could not tie to one
 * entity, one entry per subject key (the same subject in many rows and batches is one entry), each row kept as
 * planned (its payload sealed exactly as a record's) until an operator matches or registers the entity, or the
 * provider resubmits the record. Instants as UTC text, JSON as text.
 */
export interface UnmatchedEntriesTable {
  id: string
  /** The rows' subject key (`uscc:`, `org:`, `reg:`, `name:` + the normalised code or name). */
  subject_key: string
  /** open | matched | registered | resubmitted | withdrawn */
  status: string
  /** The resolver's cause code for the latest row (UnresolvedCause). */
  cause: string
  /** The resolver's Chinese message for the latest row. */
  message: string
  /** The subject as the latest row describes it: name, USCC, other codes, kind, district, category (JSON). */
  subject: string
  name: string | null
  uscc: string | null
  first_seen_at: string
  last_seen_at: string
  /** The entity the rows were released to (matched or registered). */
  entity_id: string | null
  decided_at: string | null
  decided_by_kind: string | null
  decided_by: string | null
  /** The operator's reason for the decision (what was verified), when given. */
  reason: string | null
  updated_at: string
}

export interface UnmatchedRowsTable {
  batch_id: string
  row_no: number
  entry_id: string
  /** The providing department the row was planned for. */
  dept: string
  class_code: string
  class_version: number
  provider_key: string
  document_no: string | null
  decided_on: string | null
  subject_key: string
  name_key: string | null
  /** The row's plan as the pipeline made it (JSON; payload sealed like a record's, no subject). */
  plan: string
  /** pending | released | resubmitted | withdrawn (its batch was revoked) */
  status: string
  /** Released rows: added | corrected | revoked | duplicate | rejected. */
  outcome: string | null
  /** Released rows that the pipeline rejected: why (Chinese). */
  outcome_message: string | null
  record_id: string | null
  /** Resubmitted rows: the provider's batch that carried the record again. */
  resubmitted_batch_id: string | null
  created_at: string
  settled_at: string | null
}

export interface UnmatchedTables {
  unmatched_entries: UnmatchedEntriesTable
  unmatched_rows: UnmatchedRowsTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends UnmatchedTables {}
}
