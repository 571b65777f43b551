// Pure rules of a check: when a record triggers, which measures apply, what the outcome is. No I/O, no clock.
import { SEVERITY_RANK, type Severity } from '../catalog/index.js'
import type { Measure, MeasureKind } from '../measures/index.js'
import type { RecordRow } from '../records/index.js'

export type CheckOutcome = 'none' | 'reward' | 'punish' | 'both'

export interface TriggerRef {
  recordId: string
  class: string
  documentNo: string | null
  period: { from: string; until: string | null }
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
  /** The last civil day any triggering record still triggers; null = open-ended (until exit). */
  validUntil: string | null
  underObjection: boolean
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

/** Whether one trigger of a measure matches one record. Trigger types not known here (e.g. `grade`) never match. */
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

/**
 * The hits: each candidate measure with the records that trigger it now. `underObjection` holds the ids of records
 * with an open objection mark; with policy `suspend` they do not trigger, with `mark` they trigger and mark the hit.
 */
export function evaluate(
  measures: readonly Measure[],
  records: readonly TriggerRecord[],
  today: string,
  underObjection: ReadonlySet<string>,
  policy: 'mark' | 'suspend',
): CheckHit[] {
  const live = records
    .map((r) => ({ r, period: triggerPeriod(r, today) }))
    .filter((x): x is { r: TriggerRecord; period: { from: string; until: string | null } } => x.period !== null)
    .filter((x) => policy === 'mark' || !underObjection.has(x.r.id))
  const hits: CheckHit[] = []
  for (const m of measures) {
    const by = live.filter((x) => m.triggers.some((t) => matchesTrigger(t, x.r)))
    if (by.length === 0) continue
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
      triggeredBy: by.map((x) => ({
        recordId: x.r.id,
        class: x.r.class_code,
        documentNo: x.r.document_no,
        period: x.period,
      })),
      validUntil: untils.includes(null) ? null : ((untils as string[]).sort().at(-1) ?? null),
      underObjection: by.some((x) => underObjection.has(x.r.id)),
    })
  }
  return hits
}

export function outcomeOf(hits: readonly Pick<CheckHit, 'kind'>[]): CheckOutcome {
  const reward = hits.some((h) => h.kind === 'reward')
  const punish = hits.some((h) => h.kind === 'punish')
  return reward && punish ? 'both' : reward ? 'reward' : punish ? 'punish' : 'none'
}
