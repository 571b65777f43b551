/** One batch comparison (批量比对): an uploaded list of subjects compared in the background, chunk by chunk. */
export interface ComparisonsTable {
  id: string
  /** UTC instants. */
  created_at: string
  updated_at: string
  finished_at: string | null
  requester_kind: string
  requester_id: string | null
  requester_role: string | null
  /** The requester's department: who may read the comparison. */
  dept: string | null
  /** The scenario whose measures are evaluated (null: lists and serious records only). */
  scenario: string | null
  purpose: string
  /** 0/1: every measure of the scenario, not only the department's own. */
  all_measures: number
  file_name: string | null
  /** queued | running | done | failed */
  status: string
  error: string | null
  /** The process running it (`host:pid@start`), null when none is. */
  runner: string | null
  total: number
  /** Rows whose result is stored (the rows with seq <= processed). */
  processed: number
  /** Outcome counts over the processed rows. */
  hit: number
  no_hit: number
  ambiguous: number
  unresolved: number
}

/** A row of the uploaded list as it was read, until the comparison is done: nothing in it is a clear ID number. */
export interface ComparisonInputsTable {
  comparison_id: string
  /** 1-based position in the list. */
  seq: number
  /** The file's row number. */
  row_no: number | null
  /** The code as given, an ID number masked. */
  code: string | null
  name: string | null
  /** A valid USCC, normalised. */
  uscc: string | null
  /** Any other code (organisation code, registration number, a code that failed its check). */
  other_code: string | null
  /** A person's ID number: its keyed hash (keys.hmac of the normalised number) and masked form, never the number. */
  id_hmac: string | null
  id_masked: string | null
  /** Why the row cannot be compared at all (no code, a mistyped ID number), in Chinese. */
  rejected: string | null
}

/** The result of one row. */
export interface ComparisonResultsTable {
  comparison_id: string
  seq: number
  row_no: number | null
  code: string | null
  name: string | null
  /** hit | no_hit | ambiguous | unresolved */
  outcome: string
  entity_id: string | null
  /** JSON text: the matched subject as a check presents it (ID masked). */
  subject: string | null
  /** JSON text: candidate entities (ambiguous names, conflicting codes). */
  candidates: string
  /** JSON text: CompareHits (lists, serious records, measures). */
  hits: string
  /** Why the row is not matched (Chinese). */
  message: string | null
}

export interface CompareTables {
  comparisons: ComparisonsTable
  comparison_inputs: ComparisonInputsTable
  comparison_results: ComparisonResultsTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends CompareTables {}
}
