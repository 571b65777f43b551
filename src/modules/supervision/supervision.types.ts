// A supervision policy (信用分级分类监管政策): versioned data, one policy per code (src/modules/policies). Per grade
// of one grading model: the share of the stratum a 双随机 draw inspects, how often, and which measures apply.

export const FREQUENCIES = ['year', 'half_year', 'quarter', 'month'] as const
export type Frequency = (typeof FREQUENCIES)[number]
export const FREQUENCY_LABELS: Record<Frequency, string> = {
  year: '每年',
  half_year: '每半年',
  quarter: '每季度',
  month: '每月',
}

/** The stratum of organisations without a current grade by the policy's model. */
export const UNGRADED = 'ungraded'

/**
 * One stratum: the organisations whose current grade by the model is `grade`. A draw takes `percent` % of the
 * stratum's candidates, rounded up, and at least `minimum` (all of them when that is not fewer than the candidates).
 * `frequency` is how often the policy wants such a draw (one plan per period). `measures` names the measures (by code)
 * that follow from the grade, e.g. 重点监管 for D (their `grade` trigger is what makes them apply in checks).
 */
export interface SupervisionStratum {
  grade: string
  percent: number
  minimum: number
  frequency: Frequency
  measures: string[]
}

export interface SupervisionPolicyDefinition {
  code: string
  name: string
  description: string
  status: 'active' | 'retired'
  /** The grading model whose grades make the strata. */
  model: string
  /** One per grade band of the model, in the order draws take them. */
  strata: SupervisionStratum[]
  /** Organisations the model covers but has not graded yet; null: they are not candidates. */
  ungraded: Omit<SupervisionStratum, 'grade' | 'measures'> | null
  /** Inspectors drawn per target (双随机: at least two law-enforcement officers). */
  inspectorsPerTarget: number
  /** An inspector is never drawn for an organisation registered in the district the inspector works in. */
  excludeSameDistrict: boolean
  basis: string[]
}

export type SupervisionPolicy = SupervisionPolicyDefinition & { version: number }
