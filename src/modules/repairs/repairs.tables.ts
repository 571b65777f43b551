/**
 * The facts of a repair case (信用修复申请), keyed by the case (number, state, history and clocks are the cases
 * module's). Texts are stored masked; their clear text is sealed (`sealed`) like every personal free text.
 */
export interface RepairsTable {
  case_id: string
  record_id: string
  /** The record's version when the application was filed: approval repairs exactly that version. */
  record_version: number
  entity_id: string
  class_code: string
  /** The publication rule set the record was decided under (eligibility was computed from it). */
  rule_set: string | null
  severity: string | null
  earliest_on: string | null
  /** 修复申请说明 (masked). */
  statement: string
  /** JSON text: the evidence file ids. */
  evidence: string
  /** The 信用修复 commitment filed with the application. */
  commitment_id: string | null
  /** The deciding department's reasons (masked). */
  decision_reason: string | null
  /** JSON text of the clear texts sealed (statement, decision_reason), or null. */
  sealed: string | null
  /** JSON text, set on approval: the departments told of the repair, each with its delivery and due date. */
  recipients: string | null
  created_at: string
  decided_at: string | null
}

/** The facts of an application to leave a list early (申请移出, case kind `list_exit`), keyed by the case. */
export interface ListExitsTable {
  case_id: string
  record_id: string
  record_version: number
  entity_id: string
  class_code: string
  /** The class's exit condition the applicant claims (one of the class's `list.exitRules`). */
  ground: string
  /** 移出申请说明 (masked). */
  statement: string
  /** JSON text: the evidence file ids. */
  evidence: string
  commitment_id: string | null
  decision_reason: string | null
  sealed: string | null
  /** The list entry's last day as the approval set it. */
  last_day: string | null
  created_at: string
  decided_at: string | null
}

export interface RepairTables {
  repairs: RepairsTable
  list_exits: ListExitsTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends RepairTables {}
}
