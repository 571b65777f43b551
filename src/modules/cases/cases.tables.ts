/**
 * A case (办件) is one application a subject, a tipster or an operator files with the platform: an objection (异议),
 * a credit repair (信用修复), a tip (举报), an application to leave a list (申请移出). `cases` holds what every kind
 * shares - number, state, who applied, who handles it now, the record and entity it is about, an optimistic-lock
 * version; the kind's own facts live in its module's table (objections, repairs, tips). Every transition is a row in
 * `case_events`, never updated or deleted; every running clock is a row in `case_deadlines`.
 */
export interface CasesTable {
  id: string
  /** objection | repair | tip | list_exit */
  kind: string
  /** 办件编号, e.g. YY2026000001: unique, shown to the applicant. */
  number: string
  state: string
  /** Bumped by every transition: two decisions racing on one case cannot both win. */
  version: number
  /** The entity the case is about (null for a tip that names none). */
  entity_id: string | null
  /** The record the case is about (objections, repairs). */
  record_id: string | null
  /** subject | operator | public | dept: who filed it. */
  applicant_kind: string
  /** The user who filed it (null for anonymous tips). */
  applicant_user: string | null
  /** The department that must act next (the record's provider, the competent department); null: the credit office. */
  handler_dept: string | null
  /** The deadline policy version the case runs under (a later change applies to new cases only). */
  policy_version: string | null
  /** The kind's outcome once decided (corrected | revoked | upheld, approved | rejected, verified | ...). */
  outcome: string | null
  /** Civil date the case was filed (Asia/Shanghai). */
  opened_on: string
  closed_at: string | null
  created_at: string
  updated_at: string
}

export interface CaseEventsTable {
  case_id: string
  /** 1, 2, ...: the case's own sequence. */
  seq: number
  /** submit, accept, reject, forward, decide, withdraw, ... */
  action: string
  from_state: string | null
  to_state: string
  /** JSON text: what the step recorded (reasons, outcome, corrected fields); personal text masked. */
  details: string
  actor_kind: string
  actor_id: string | null
  actor_dept: string | null
  at: string
}

export interface CaseDeadlinesTable {
  case_id: string
  /** The deadline policy item: objection.accept, objection.provider_verify, repair.decide, ... */
  code: string
  /** Civil date the clock started. */
  start_on: string
  working_days: number
  /** Civil date (inclusive) by which the step is due. */
  due_on: string
  /** 1 when the count ran past the last year of the working-day calendar (weekends only there). */
  provisional: number
  /** When the step was done (the instant); null while the clock runs. */
  met_at: string | null
}

/** The last number given per (prefix, year). */
export interface CaseCountersTable {
  prefix: string
  year: string
  last: number
}

export interface CaseTables {
  cases: CasesTable
  case_events: CaseEventsTable
  case_deadlines: CaseDeadlinesTable
  case_counters: CaseCountersTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends CaseTables {}
}
