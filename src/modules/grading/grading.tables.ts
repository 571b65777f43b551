import type { PolicyVersionColumns } from '../policies/index.js'

/** One immutable version of a grading model (definition: the whole model, version included). */
export interface GradingModelsTable extends PolicyVersionColumns {
  code: string
}

/**
 * Grades as history: one row per (entity, model) each time its grade changed (or the model version did); exactly
 * one current row per (model, entity). A row holds for every day from `as_of` to the day before `valid_until`
 * (null: until a change) as long as the entity's change counter still equals `entity_version`.
 */
export interface GradesTable {
  id: string
  entity_id: string
  model_code: string
  model_version: number
  /** Civil date the grade was computed as of. */
  as_of: string
  /** The first day on which time alone may change the grade; null: none foreseen. */
  valid_until: string | null
  base: number
  score: number
  grade: string
  /** JSON: [[dimension code, score], ...] in model order (labels and maxima come from the model version). */
  dimensions: string
  /** JSON: [[item code, points, [record id, ...]], ...] ordered by contribution (labels from the model version). */
  reasons: string
  /** 0/1: a record it counts (or leaves out, model option) is under objection (异议处理中). */
  under_objection: number
  /** The entity's change counter (entity_changes) read before its records were. */
  entity_version: number
  graded_at: string
  /** 0/1 */
  is_current: number
}

/**
 * Entities to grade again: marked in the transaction of every change to their records or marks; `seq` grows with
 * every mark, so a run removes a row only when no mark came after the one it graded.
 */
export interface GradingQueueTable {
  entity_id: string
  seq: number
  marked_at: string
}

/** One immutable version of the grade publication policy (definition: GradePublication). */
export interface GradePublicationVersionsTable extends PolicyVersionColumns {}

export interface GradingTables {
  grading_models: GradingModelsTable
  grade_publication_versions: GradePublicationVersionsTable
  grades: GradesTable
  grading_queue: GradingQueueTable
}

/** The versions table of grading models, a versioned policy kind. */
export interface GradingPolicyTables {
  grading_models: GradingModelsTable
  grade_publication_versions: GradePublicationVersionsTable
}

declare module '../../db/database.js' {
  interface Database extends GradingTables {}
}

declare module '../policies/policies.kind.js' {
  interface PolicyTables extends GradingPolicyTables {}
}
