/** One check (联合奖惩核查): who asked, about whom, in which scenario and with what result (a receipt). */
export interface ChecksTable {
  id: string
  /** UTC instant. */
  at: string
  requester_kind: string
  requester_id: string | null
  /** The requester's department (null for principals without one). */
  dept: string | null
  entity_id: string
  scenario: string
  purpose: string | null
  /** 0/1: every measure of the list, not only the department's own. */
  all_measures: number
  /** none | reward | punish | both */
  outcome: string
  hit_count: number
  /** JSON text: the subject as presented (ID masked). */
  subject: string
  /** JSON text: the hits as presented. */
  hits: string
  /** JSON text: the measures an exclusion took away, with the records that excluded them ('[]': none). */
  exclusions: string
  /** Set for checks of one batch request. */
  batch_id: string | null
  /**
   * The readable number (核查编号) `HC-YYYYMMDD-NNNNNN`: the Beijing day of the check and its place in that day, given
   * out in the transaction that stores it (migration 0039; unique).
   */
  number: string | null
}

/** The last check number given out per Beijing day (YYYYMMDD). */
export interface CheckNumbersTable {
  day: string
  last: number
}

/** Feedback on one hit (措施实施反馈); a repost is a new version, exactly one current per check and measure. */
export interface CheckFeedbackTable {
  check_id: string
  measure: string
  version: number
  /** applied | not_applied | partial */
  action: string
  reason: string | null
  /** 成效 */
  effect: string | null
  started_on: string | null
  ended_on: string | null
  dept: string | null
  actor_kind: string
  actor_id: string | null
  created_at: string
  is_current: number
}

/** One batch comparison (批量比对): the inputs row by row with the check made or the error, for the result file. */
export interface CheckBatchesTable {
  id: string
  /** UTC instant. */
  at: string
  requester_kind: string
  requester_id: string | null
  dept: string | null
  scenario: string
  purpose: string | null
  all_measures: number
  /** api (JSON list) | upload (CSV/XLSX file) */
  source: string
  file_name: string | null
  total: number
  checked: number
  failed: number
  /** JSON text: BatchInputRow[] (input code with ID numbers masked, name, checkId or error). */
  items: string
}

export interface CheckTables {
  checks: ChecksTable
  check_feedback: CheckFeedbackTable
  check_batches: CheckBatchesTable
  check_numbers: CheckNumbersTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends CheckTables {}
}
