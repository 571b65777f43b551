/**
 * A record's id is stable across versions; `records` holds the current version's facts (the columns that
 * rules and queries use), `record_versions` every version ever stored with its payload (nothing is updated in
 * place without a version). The current payload is the version row `(id, version)`.
 * Expiry is not a state: it follows from the publication window and the clock.
 */
export interface RecordsTable {
  id: string
  entity_id: string
  class_code: string
  class_version: number
  provider_dept: string
  /** 文书号 or the provider's own key. */
  provider_key: string
  /** Normalised subject identity (USCC, ID-number HMAC, org code, reg no or name key). */
  subject_key: string
  version: number
  /** active | revoked | repaired */
  state: string
  polarity: string
  category: string
  scope: string
  severity: string | null
  severity_override: string | null
  decided_on: string | null
  document_no: string | null
  authority: string | null
  /** Civil dates, inclusive; null when the class has no publication window. */
  publish_from: string | null
  publish_min_until: string | null
  publish_max_until: string | null
  rule_version: string | null
  list_kind: string | null
  list_until: string | null
  minor_at_decision: number
  due_on: string | null
  late: number
  payload_hash: string
  batch_id: string | null
  created_at: string
  updated_at: string
}

export interface RecordVersionsTable {
  record_id: string
  version: number
  /** add | correct | revoke | repair */
  op: string
  class_version: number
  state: string
  severity: string | null
  payload: string
  payload_hash: string
  reason: string | null
  batch_id: string | null
  row_no: number | null
  actor_kind: string
  actor_id: string | null
  created_at: string
  /**
   * Set when an operator released the row from the queue of unmatched subjects (待匹配主体): the queue entry. The
   * version then carries the provider's original batch and row (`batch_id`, `row_no`) and the operator as actor.
   */
  resubmitted_from: string | null
}

/**
 * The change feed (docs/federation.md): one row per stored record version, written in the version's transaction.
 * `seq` is allocated under the audit chain's lock (held until commit), so a reader that saw seq n has seen every
 * change before it: the feed's cursor never skips a change that commits later.
 */
export interface RecordChangesTable {
  seq: number
  record_id: string
  version: number
  created_at: string
}

/** A batch's row counters, in the order every listing of them uses (the table, the quality sums, the batch JSON). */
export const BATCH_COUNTERS = [
  'total',
  'accepted',
  'rejected',
  'duplicates',
  'corrected',
  'revoked',
  'warnings',
  'late',
  'unresolved',
] as const

export type BatchCounter = (typeof BATCH_COUNTERS)[number]

/** The counters of a batch: one number each. */
export type BatchCounters = { [K in BatchCounter]: number }

/** The counters, each taken from `value`, in BATCH_COUNTERS order. */
export function countersOf(value: (counter: keyof BatchCounters) => number): BatchCounters {
  return Object.fromEntries(BATCH_COUNTERS.map((c) => [c, value(c)])) as BatchCounters
}

export interface BatchesTable extends BatchCounters {
  id: string
  class_code: string
  class_version: number
  /** The submitting department; null when rows name their own providers (file import without --dept). */
  dept_code: string | null
  /** api | upload | cli | flow */
  channel: string
  file_name: string | null
  content_hash: string | null
  /** running | completed | failed | revoked */
  status: string
  dry_run: number
  /** Highest source row number committed so far: a rerun resumes after it. */
  rows_done: number
  actor_kind: string
  actor_id: string | null
  error: string | null
  created_at: string
  updated_at: string
  finished_at: string | null
  /** The process running the batch (`host:pid@start`), null when none is. */
  runner: string | null
}

export interface BatchIssuesTable {
  batch_id: string
  seq: number
  row_no: number
  /** error | warning */
  level: string
  field: string | null
  code: string
  message: string
  value: string | null
}

export interface RecordTables {
  records: RecordsTable
  record_versions: RecordVersionsTable
  record_changes: RecordChangesTable
  batches: BatchesTable
  batch_issues: BatchIssuesTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends RecordTables {}
}
