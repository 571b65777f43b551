import type { PolicySource, PolicyVersionInfo } from '../../core/versioned-policy.js'
import type { ListKind, Severity } from '../catalog/index.js'

export const MEASURE_KINDS = ['reward', 'punish'] as const
export type MeasureKind = (typeof MEASURE_KINDS)[number]
export const MEASURE_KIND_LABELS: Record<MeasureKind, string> = { reward: '守信激励', punish: '失信惩戒' }

/** Known scenario codes (the set is extensible: any lower-case code is accepted, these have labels). */
export const SCENARIO_LABELS: Record<string, string> = {
  government_procurement: '政府采购',
  bidding: '招标投标',
  fiscal_funds: '财政资金',
  honors: '评优评先',
  admin_approval: '行政审批',
  market_access: '市场准入',
  financing: '融资信贷',
  public_office: '公职任用',
  high_consumption: '高消费限制',
  supervision: '事中事后监管',
}

/**
 * A trigger: a list class (红/黑名单 entry), a record class with a minimum severity, or a credit grade (公共信用综合评价:
 * the subject's current grade by `model` is one of `grades`, e.g. D -> 重点监管).
 */
export type ListTrigger = { type: 'list'; class: string }
export type RecordTrigger = { type: 'record'; class: string; minSeverity?: Severity }
export type GradeTrigger = { type: 'grade'; model: string; grades: string[] }
/** An open union: types this version does not evaluate are stored and skipped. */
export type OtherTrigger = { type: string; [key: string]: unknown }
export type MeasureTrigger = ListTrigger | RecordTrigger | GradeTrigger | OtherTrigger

/** Whether a trigger is a grade trigger. */
export function isGradeTrigger(t: MeasureTrigger): t is GradeTrigger {
  return (
    t.type === 'grade' && typeof (t as GradeTrigger).model === 'string' && Array.isArray((t as GradeTrigger).grades)
  )
}

/**
 * An exclusion: records that keep a measure from applying although a trigger matched (守信激励 is not for a subject
 * with an active serious negative record or on a black or focus list). Matched like triggers, on records that
 * trigger today (active, inside their period); `reason` is the Chinese explanation the check shows.
 * - `list`: an entry of a list of kind `listKind` (any class), or of the list class `class`;
 * - `record`: a record of at least `minSeverity` (any negative class, or only `class`).
 */
export type ListExclusion = { type: 'list'; listKind?: ListKind; class?: string; reason: string }
export type RecordExclusion = { type: 'record'; minSeverity: Severity; class?: string; reason: string }
export type MeasureExclusion = ListExclusion | RecordExclusion

export type MeasureSource = PolicySource

export interface Measure {
  code: string
  version: number
  nameZh: string
  kind: MeasureKind
  /** 措施内容 */
  content: string
  /** 法律和政策依据: at least one. */
  basis: string[]
  /** Implementing departments (stable department codes). */
  departments: string[]
  scenarios: string[]
  triggers: MeasureTrigger[]
  /**
   * When the measure does not apply although a trigger matched (absent: never excluded). Every active reward
   * measure declares them (the measure validator requires it).
   */
  exclusions?: MeasureExclusion[]
  /** Entity kinds the measure applies to. */
  subjectKinds: string[]
  /** Civil dates (inclusive); effectiveTo null = open-ended. */
  effectiveFrom: string
  effectiveTo: string | null
  /** 通用 (general) or 领域 (field-specific, `field` names the field). */
  scope: 'general' | 'field'
  field: string | null
  status: 'active' | 'retired'
}

export type MeasureDefinition = Omit<Measure, 'version'>

export interface MeasureVersionInfo extends PolicyVersionInfo {
  code: string
}

export interface MeasureSummary extends Measure {
  source: MeasureSource
  updatedAt: string
}

/** What the check uses of the objection marks: mark the hit (default) or leave the record out while under objection. */
export type ObjectionPolicy = 'mark' | 'suspend'
