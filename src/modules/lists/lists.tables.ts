import type { PolicyVersionColumns } from '../policies/index.js'

/** One immutable version of the escalation rule (重点关注名单升级规则; definition: the rule without its version). */
export interface ListEscalationRulesTable extends PolicyVersionColumns {}

/**
 * A proposal to put an entity on the focus list (重点关注名单), made by a scan of the escalation rule. It is only a
 * proposal: an operator confirms it with a decision document (then the list record is created through the ingest
 * flow) or rejects it. The proposal facts never change; the decision fields are filled once, when it leaves
 * `proposed` (confirmed | rejected | superseded).
 */
export interface ListProposalsTable {
  id: string
  /** The list the proposal is for: focus. */
  kind: string
  entity_id: string
  /** JSON array of the ids of the records that met the rule. */
  record_ids: string
  record_count: number
  /** The version of the escalation rule the scan applied. */
  rule_version: number
  /** proposed | confirmed | rejected | superseded */
  status: string
  proposed_at: string
  proposed_by: string | null
  decided_at: string | null
  decided_by: string | null
  /** The department that decided (the confirmed record's provider). */
  decided_dept: string | null
  /** 决定文号 (as the list record stores it). */
  document_no: string | null
  /** 决定日期 (civil date). */
  decision_date: string | null
  /** 列入事由 */
  reason: string | null
  /** 列入依据 */
  basis: string | null
  /** Why it was rejected or superseded. */
  status_reason: string | null
  /** The focus_list record created on confirmation. */
  list_record_id: string | null
  batch_id: string | null
  updated_at: string
}

export interface ListTables {
  list_escalation_rules: ListEscalationRulesTable
  list_proposals: ListProposalsTable
}

/** The versions table of the escalation rule, a versioned policy kind: the versioned-policy feature's repository queries it. */
export interface ListPolicyTables {
  list_escalation_rules: ListEscalationRulesTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends ListTables {}
}

// ... and its versions table to the versioned-policy feature (src/modules/policies), which may query only these.
declare module '../policies/policies.kind.js' {
  interface PolicyTables extends ListPolicyTables {}
}
