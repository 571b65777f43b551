// A grading model (公共信用综合评价模型): versioned data, one policy per model code (src/modules/policies).
// Every number in a model is an integer: scores are integer points, decay is in whole percent, so the arithmetic
// is exact (base + every reason's points = score, docs/grading.md).

export const GRADING_SEVERITIES = ['minor', 'general', 'serious'] as const
export type GradingSeverity = (typeof GRADING_SEVERITIES)[number]

/** Whether records under objection (异议处理中) count: `count` (default; the grade is marked) or `exclude`. */
export const OBJECTION_POLICIES = ['count', 'exclude'] as const
export type ObjectionCounting = (typeof OBJECTION_POLICIES)[number]

/** A dimension (评价维度): its share of the base score and the most it can score; its score stays in [0, max]. */
export interface GradingDimension {
  code: string
  label: string
  base: number
  max: number
}

/** From `fromMonths` full months after the decision date, a record counts `percent` % of its points. */
export interface DecayStep {
  fromMonths: number
  percent: number
}

/**
 * Points by a record's amount field (e.g. the fine): every full `step` yuan adds `points` (same sign as the item's
 * points), at most `maxPoints` in all (a magnitude). `field` names the class field by code or by role.
 */
export interface AmountRule {
  field: string
  step: number
  points: number
  maxPoints: number
}

/** An item (评分项): the records of these classes (and severities) score `points` each, decayed by age, capped. */
export interface GradingItem {
  code: string
  label: string
  dimension: string
  classes: string[]
  /** Severities it takes (empty: any, including none for positive and neutral classes). */
  severities: GradingSeverity[]
  points: number
  amount: AmountRule | null
  decay: DecayStep[]
  /** The most the item may add or take in all (a magnitude); null: no cap. */
  cap: number | null
}

/** A grade band: scores from `min` to `max` (both inclusive) get `grade`. */
export interface GradeBand {
  grade: string
  label: string
  min: number
  max: number
}

export interface GradingModelDefinition {
  code: string
  name: string
  description: string
  status: 'active' | 'retired'
  /** Entity kinds it grades (organisations only: never natural_person). */
  subjectKinds: string[]
  /** GB/T 4754 sections (A-T) it grades; empty: every industry. */
  industries: string[]
  objections: ObjectionCounting
  dimensions: GradingDimension[]
  items: GradingItem[]
  bands: GradeBand[]
  /** Legal and policy basis, practice it follows. */
  basis: string[]
}

export type GradingModel = GradingModelDefinition & { version: number }

/** One record as scoring reads it (records in SQL, the amount from its payload). */
export interface ScoredRecord {
  id: string
  classCode: string
  severity: string | null
  /** active | revoked | repaired */
  state: string
  decidedOn: string | null
  publishFrom: string | null
  publishMaxUntil: string | null
  listKind: string | null
  listUntil: string | null
  /** Civil date the record was repaired (state repaired); it counted before that day. */
  repairedOn: string | null
  /** The amount field's value in yuan, by field code (only fields a model's amount rule names). */
  amounts: Record<string, number | null>
  underObjection: boolean
}

export interface GradeReason {
  code: string
  label: string
  points: number
  records: string[]
}

export interface DimensionScore {
  code: string
  label: string
  score: number
  max: number
}

/** A grade as computed (and stored, and explained). */
export interface GradeResult {
  model: string
  version: number
  asOf: string
  base: number
  score: number
  grade: string
  underObjection: boolean
  dimensions: DimensionScore[]
  reasons: GradeReason[]
  /** The first day after `asOf` on which time alone may change the grade (a record's window, list or decay step). */
  validUntil: string | null
}
