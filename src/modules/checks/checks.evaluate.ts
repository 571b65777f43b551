// Pure rules of a check: when a record triggers, which measures apply, what the outcome is. No I/O, no clock.
import { SEVERITY_RANK, type Severity } from '../catalog/index.js'
import {
  type GradeTrigger,
  isGradeTrigger,
  type Measure,
  type MeasureExclusion,
  type MeasureKind,
} from '../measures/index.js'
import type { RecordRow } from '../records/index.js'

export type CheckOutcome = 'none' | 'reward' | 'punish' | 'both'

export interface TriggerRef {
  recordId: string
  class: string
  documentNo: string | null
  period: { from: string; until: string | null }
}

/**
 * A grade that triggered a measure (公共信用综合评价): the subject's grade by the model with its reasons, every point
 * traced to its records (as GET /api/v1/entities/:id/grade explains it).
 */
export interface GradeRef {
  model: string
  modelName: string
  version: number
  asOf: string
  score: number
  grade: string
  gradeLabel: string
  underObjection: boolean
  reasons: { code: string; label: string; points: number; records: string[] }[]
}

export interface CheckHit {
  measure: string
  version: number
  nameZh: string
  kind: MeasureKind
  content: string
  basis: string[]
  implementingDepartments: string[]
  scope: 'general' | 'field'
  field: string | null
  triggeredBy: TriggerRef[]
  /** The grade that triggered it (a `grade` trigger), with its reasons; absent when only records did. */
  grade?: GradeRef
  /** The last civil day any triggering record still triggers; null = open-ended (until exit, or while the grade holds). */
  validUntil: string | null
  underObjection: boolean
}

/** A record that keeps a measure from applying (an exclusion of the measure matched it). */
export interface ExclusionRef extends TriggerRef {
  severity: string | null
  /** red | black | focus for a list entry. */
  listKind: string | null
  underObjection: boolean
  /** The exclusion's Chinese explanation (from the measure list). */
  reason: string
}

/** A measure a trigger matched but an exclusion took away: which records triggered it, which excluded it. */
export interface CheckExclusion {
  measure: string
  version: number
  nameZh: string
  kind: MeasureKind
  triggeredBy: TriggerRef[]
  /** The grade that triggered it (a `grade` trigger); absent when only records did. */
  grade?: GradeRef
  excludedBy: ExclusionRef[]
}

export type TriggerRecord = Pick<
  RecordRow,
  | 'id'
  | 'class_code'
  | 'state'
  | 'severity'
  | 'decided_on'
  | 'document_no'
  | 'publish_from'
  | 'publish_max_until'
  | 'list_kind'
  | 'list_until'
>

/**
 * The period in which a record triggers measures, when `today` (Asia/Shanghai civil date) lies inside it; else null.
 * Local rule (the disclosure module has no "active now" helper that ignores the publication scope: a
 * 政务共享 record triggers measures although it is not public): the record is active (revoked and repaired ones
 * never trigger), and today lies inside its list period (list entries: from publish_from or the decision date to
 * the earlier of list_until and the end of the publication window, as on the portal; open when neither is set)
 * or, for other records, inside its publication window (expired records never trigger).
 */
export function triggerPeriod(r: TriggerRecord, today: string): { from: string; until: string | null } | null {
  if (r.state !== 'active') return null
  const from = r.publish_from ?? r.decided_on
  if (!from || today < from) return null
  if (r.list_kind) {
    // the earlier of the list period and the publication window: an entry off the portal no longer triggers
    const until =
      r.list_until && (!r.publish_max_until || r.list_until < r.publish_max_until)
        ? r.list_until
        : (r.publish_max_until ?? null)
    if (until !== null && today > until) return null
    return { from, until }
  }
  const until = r.publish_max_until
  if (!until || today > until) return null
  return { from, until }
}

function severityOf(r: TriggerRecord): Severity | null {
  // `severity` already holds a provider's override; `severity_override` is its reason
  return r.severity as Severity | null
}

/** Whether one trigger of a measure matches one record. Trigger types not known here never match (nor `grade`: see gradeHit). */
export function matchesTrigger(trigger: Measure['triggers'][number], r: TriggerRecord): boolean {
  if (trigger.type === 'list') return r.class_code === trigger.class && r.list_kind !== null
  if (trigger.type === 'record') {
    if (r.class_code !== trigger.class) return false
    const min = (trigger as { minSeverity?: Severity }).minSeverity
    if (!min) return true
    const sev = severityOf(r)
    return sev !== null && SEVERITY_RANK[sev] >= SEVERITY_RANK[min]
  }
  return false
}

/**
 * Whether an exclusion of a measure matches a record: `list` an entry of the list kind (and class, when named),
 * `record` a record of at least the severity (of the class, when named). Types not known here never match (the
 * measure validator accepts only these two).
 */
export function matchesExclusion(x: MeasureExclusion, r: TriggerRecord): boolean {
  if (x.class !== undefined && r.class_code !== x.class) return false
  if (x.type === 'list') return r.list_kind !== null && (x.listKind === undefined || r.list_kind === x.listKind)
  if (x.type === 'record') {
    const sev = severityOf(r)
    return sev !== null && SEVERITY_RANK[sev] >= SEVERITY_RANK[x.minSeverity]
  }
  return false
}

/**
 * What a check must read besides the trigger classes to evaluate the exclusions of `measures`: the classes they
 * name, the list kinds and the severities that match (the records query takes any of them).
 */
export function exclusionReads(measures: readonly Measure[]): {
  classes: string[]
  listKinds: string[]
  severities: Severity[]
} {
  const classes = new Set<string>()
  const listKinds = new Set<string>()
  const severities = new Set<Severity>()
  for (const m of measures)
    for (const x of m.exclusions ?? []) {
      if (x.class !== undefined) classes.add(x.class)
      else if (x.type === 'list') {
        if (x.listKind !== undefined) listKinds.add(x.listKind)
      } else if (x.type === 'record')
        for (const [sev, rank] of Object.entries(SEVERITY_RANK) as [Severity, number][])
          if (rank >= SEVERITY_RANK[x.minSeverity]) severities.add(sev)
    }
  return { classes: [...classes], listKinds: [...listKinds], severities: [...severities] }
}

export interface MeasureSelection {
  scenario: string
  entityKind: string
  today: string
  /** The requester's department; null = none. */
  dept: string | null
  allMeasures: boolean
}

/** Measures that may apply: active, in force today, for the scenario and subject kind, implemented by the dept. */
export function candidateMeasures(measures: readonly Measure[], s: MeasureSelection): Measure[] {
  return measures.filter(
    (m) =>
      m.status === 'active' &&
      m.effectiveFrom <= s.today &&
      (m.effectiveTo === null || s.today <= m.effectiveTo) &&
      m.scenarios.includes(s.scenario) &&
      m.subjectKinds.includes(s.entityKind) &&
      (s.allMeasures || (s.dept !== null && m.departments.includes(s.dept))),
  )
}

/** The grade trigger of a measure that the subject's grades match, and the grade; undefined when none does. */
export function gradeHit(m: Measure, grades: ReadonlyMap<string, GradeRef> | undefined): GradeRef | undefined {
  if (!grades) return undefined
  for (const t of m.triggers) {
    if (!isGradeTrigger(t)) continue
    const g = grades.get(t.model)
    if (g && t.grades.includes(g.grade)) return g
  }
  return undefined
}

/** The grading models the grade triggers of `measures` name. */
export function gradeModels(measures: readonly Measure[]): string[] {
  return [
    ...new Set(measures.flatMap((m) => m.triggers.filter(isGradeTrigger).map((t: GradeTrigger) => t.model))),
  ].sort()
}

export interface EvaluationInput {
  measures: readonly Measure[]
  /** The subject's current grades by model code (for grade triggers; absent: no grade triggers). */
  grades?: ReadonlyMap<string, GradeRef>
  /** The subject's records (of the classes the measures name). */
  records: readonly TriggerRecord[]
  /**
   * The records that may count against the subject - trigger a punishment or exclude a measure (default: all).
   * A natural person's records decided before 18 are left out (minors' protection); rewards still use `records`.
   */
  adverse?: readonly TriggerRecord[]
  today: string
  /** Ids of records with an open objection mark. */
  underObjection: ReadonlySet<string>
  /** `suspend`: records under objection neither trigger nor exclude; `mark`: they do, and the result says so. */
  policy: 'mark' | 'suspend'
}

export interface Evaluation {
  hits: CheckHit[]
  /** Measures a trigger matched but an exclusion took away, with the records on both sides. */
  exclusions: CheckExclusion[]
}

type Live = { r: TriggerRecord; period: { from: string; until: string | null } }

/**
 * The hits: each candidate measure with the records that trigger it now, unless a record that counts against the
 * subject matches one of the measure's exclusions (then the measure is reported as excluded, with that record and
 * the exclusion's reason). A record triggers or excludes only inside its period (active, not expired, not repaired).
 */
export function evaluate(input: EvaluationInput): Evaluation {
  const { today, underObjection, policy } = input
  const liveOf = (records: readonly TriggerRecord[]): Live[] =>
    records
      .map((r) => ({ r, period: triggerPeriod(r, today) }))
      .filter((x): x is Live => x.period !== null)
      .filter((x) => policy === 'mark' || !underObjection.has(x.r.id))
  const live = liveOf(input.records)
  const adverse = input.adverse ? liveOf(input.adverse) : live
  const ref = (x: Live): TriggerRef => ({
    recordId: x.r.id,
    class: x.r.class_code,
    documentNo: x.r.document_no,
    period: x.period,
  })
  const hits: CheckHit[] = []
  const exclusions: CheckExclusion[] = []
  for (const m of input.measures) {
    const by = (m.kind === 'punish' ? adverse : live).filter((x) => m.triggers.some((t) => matchesTrigger(t, x.r)))
    const grade = gradeHit(m, input.grades)
    if (by.length === 0 && !grade) continue
    const excludedBy: ExclusionRef[] = []
    if (m.exclusions?.length)
      for (const x of adverse) {
        const rule = m.exclusions.find((e) => matchesExclusion(e, x.r))
        if (rule)
          excludedBy.push({
            ...ref(x),
            severity: x.r.severity,
            listKind: x.r.list_kind,
            underObjection: underObjection.has(x.r.id),
            reason: rule.reason,
          })
      }
    if (excludedBy.length) {
      exclusions.push({
        measure: m.code,
        version: m.version,
        nameZh: m.nameZh,
        kind: m.kind,
        triggeredBy: by.map(ref),
        ...(grade ? { grade } : {}),
        excludedBy,
      })
      continue
    }
    const untils = by.map((x) => x.period.until)
    hits.push({
      measure: m.code,
      version: m.version,
      nameZh: m.nameZh,
      kind: m.kind,
      content: m.content,
      basis: [...m.basis],
      implementingDepartments: [...m.departments],
      scope: m.scope,
      field: m.field,
      triggeredBy: by.map(ref),
      ...(grade ? { grade } : {}),
      validUntil: grade || untils.includes(null) ? null : ((untils as string[]).sort().at(-1) ?? null),
      underObjection: by.some((x) => underObjection.has(x.r.id)) || grade?.underObjection === true,
    })
  }
  return { hits, exclusions }
}

export function outcomeOf(hits: readonly Pick<CheckHit, 'kind'>[]): CheckOutcome {
  const reward = hits.some((h) => h.kind === 'reward')
  const punish = hits.some((h) => h.kind === 'punish')
  return reward && punish ? 'both' : reward ? 'reward' : punish ? 'punish' : 'none'
}
