/** An inspector of a department's pool (执法检查人员名录), with the district office the inspector works in. */
export interface InspectorsTable {
  id: string
  dept_code: string
  name: string
  /** 执法证号: unique within the department. */
  badge_no: string
  /** GB/T 2260 code of the district office. */
  district: string
  /** active | inactive (inactive inspectors are not drawn). */
  status: string
  created_at: string
  updated_at: string
}

/** A declared conflict of interest: the inspector is never drawn for the entity while it is open. */
export interface InspectorConflictsTable {
  id: string
  inspector_id: string
  entity_id: string
  reason: string
  created_at: string
  created_by: string | null
  withdrawn_at: string | null
  withdrawn_by: string | null
}

/**
 * A 双随机 inspection plan: draft -> frozen (candidate document, its hash and the seed's commitment published; the
 * seed sealed with the key ring) -> drawn (seed revealed, targets stored) -> completed (every target has a result).
 */
export interface InspectionPlansTable {
  id: string
  /** <dept>-<year>-<nnn>: the number of the plan and the prefix of its results' document numbers. */
  number: string
  dept_code: string
  name: string
  /** 检查事项 */
  matter: string
  /** JSON: GB/T 4754 sections (empty: every industry the policy's model grades). */
  industries: string
  /** JSON: GB/T 2260 district codes (empty: every district). */
  districts: string
  period_from: string
  period_to: string
  policy_code: string
  /** The policy version the plan was frozen with (null while a draft). */
  policy_version: number | null
  status: string
  /** The frozen document (exact text: its SHA-256 is frozen_hash). */
  frozen: string | null
  frozen_hash: string | null
  /** SHA-256 of the seed's 32 bytes: the commitment published at the freeze. */
  seed_hash: string | null
  /** The seed sealed with the key ring until the draw. */
  seed_sealed: string | null
  /** The seed, revealed by the draw (64 hex digits). */
  seed: string | null
  candidates: number
  targets: number
  results: number
  /** JSON: the strata of the draw (grade, candidates, requested, drawn, takeAll). */
  strata: string | null
  created_at: string
  created_by: string | null
  updated_at: string
  frozen_at: string | null
  drawn_at: string | null
  completed_at: string | null
}

/** A drawn target with its inspectors and, once recorded, its result and the record that publishes it. */
export interface InspectionTargetsTable {
  plan_id: string
  position: number
  entity_id: string
  stratum: string
  /** JSON: inspector ids in draw order. */
  inspectors: string
  result: string | null
  result_detail: string | null
  inspected_on: string | null
  document_no: string | null
  record_id: string | null
  recorded_at: string | null
  recorded_by: string | null
}

export interface InspectionTables {
  inspectors: InspectorsTable
  inspector_conflicts: InspectorConflictsTable
  inspection_plans: InspectionPlansTable
  inspection_targets: InspectionTargetsTable
}

declare module '../../db/database.js' {
  interface Database extends InspectionTables {}
}
