// Pure rules: severity from a payload, publication windows from the rule set in force on the decision date.
import { isIsoDate } from '../../identifiers/index.js'
import { catalogError } from './catalog.errors.js'
import type {
  CatalogClass,
  CatalogField,
  PublicationRuleSet,
  PublicationWindow,
  Severity,
  SeverityCondition,
  SeverityResult,
} from './catalog.types.js'

/** Open-ended windows (no end) use this last day, like the pipeline's 长期 dates. */
export const OPEN_ENDED = '9999-12-31'

export const SEVERITY_RANK: Record<Severity, number> = { minor: 0, general: 1, serious: 2 }
export const SEVERITY_LABELS: Record<Severity, string> = { minor: '轻微', general: '一般', serious: '严重' }
const BY_RANK: Severity[] = ['minor', 'general', 'serious']

function assertDate(date: string): void {
  if (typeof date !== 'string' || !isIsoDate(date)) throw catalogError('catalog.bad_date', { date })
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0')
}

/**
 * Adds calendar months the way 《民法典》第二百零二条 counts a period in months: the day with the same number in
 * the target month, or that month's last day when it has no such day (2026-01-31 + 1 month = 2026-02-28).
 */
export function addMonths(date: string, months: number): string {
  assertDate(date)
  if (!Number.isInteger(months)) throw new Error(`addMonths: months must be an integer, got ${months}`)
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7))
  const d = Number(date.slice(8, 10))
  const total = y * 12 + (m - 1) + months
  const ny = Math.floor(total / 12)
  const nm = (total % 12) + 1
  return `${pad(ny, 4)}-${pad(nm)}-${pad(Math.min(d, daysInMonth(ny, nm)))}`
}

/** Adds days to a civil date (negative goes back). */
export function addDays(date: string, days: number): string {
  assertDate(date)
  const t =
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + days * 86_400_000
  return new Date(t).toISOString().slice(0, 10)
}

/**
 * The instant a window whose last day is `lastDay` ends: 00:00 Asia/Shanghai (UTC+8, no daylight saving time) on
 * the following day, as UTC ISO-8601. 2026-04-15 -> 2026-04-15T16:00:00.000Z.
 */
export function windowEndInstant(lastDay: string): string {
  if (lastDay === OPEN_ENDED) return '9999-12-31T16:00:00.000Z'
  return new Date(`${addDays(lastDay, 1)}T00:00:00+08:00`).toISOString()
}

/** True when `date` (a civil date) lies inside the window [from, maxUntil]. */
export function isWithinWindow(window: Pick<PublicationWindow, 'from' | 'maxUntil'>, date: string): boolean {
  return date >= window.from && date <= window.maxUntil
}

/**
 * The rule set in force on `date`: effectiveFrom <= date and (effectiveTo null or date < effectiveTo). A date before
 * the earliest rule set takes the earliest one (such decisions are past any maximum period today).
 */
export function ruleSetOn(ruleSets: readonly PublicationRuleSet[], date: string): PublicationRuleSet {
  assertDate(date)
  const sorted = [...ruleSets].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
  const first = sorted[0]
  if (!first) throw catalogError('catalog.no_rule_set', { date })
  let found: PublicationRuleSet | undefined
  for (const rs of sorted)
    if (rs.effectiveFrom <= date && (rs.effectiveTo === null || date < rs.effectiveTo)) found = rs
  if (found) return found
  if (date < first.effectiveFrom) return first
  throw catalogError('catalog.no_rule_set', { date })
}

export interface WindowInput {
  /** Required for negative classes. */
  severity?: Severity | null
  /** The date of the decision document (YYYY-MM-DD): the window counts from it. */
  decisionDate: string
  /** The record's 有效期至 (positive and neutral classes). */
  validTo?: string | null
}

/**
 * The publication window of a record. Negative classes: the periods of the rule set in force on the decision date,
 * for the severity (a severity the rule set does not know counts as the next higher one: 2019 has no `minor`, so a
 * minor record decided before 2026-04-01 is treated as general). Positive and neutral classes: until the record's
 * 有效期至, else `publicationMonths` after the decision, else open-ended.
 *
 * Dates are civil dates in Asia/Shanghai. `maxUntil` and `minUntil` are the last days, inclusive (the window ends at
 * 00:00 of the following day, see windowEndInstant); months are counted by addMonths.
 */
export function publicationWindow(
  ruleSets: readonly PublicationRuleSet[],
  cls: CatalogClass,
  input: WindowInput,
): PublicationWindow {
  const from = input.decisionDate
  assertDate(from)
  if (cls.polarity === 'negative') {
    const requested = input.severity
    if (!requested || !(requested in SEVERITY_RANK)) throw catalogError('catalog.severity_required', { code: cls.code })
    const rs = ruleSetOn(ruleSets, from)
    let severity: Severity | undefined
    for (let r = SEVERITY_RANK[requested]; r < BY_RANK.length; r++) {
      const s = BY_RANK[r] as Severity
      if (rs.periods[s]) {
        severity = s
        break
      }
    }
    if (!severity) throw catalogError('catalog.no_rule_set', { date: from, severity: requested })
    const period = rs.periods[severity] as { minMonths: number; maxMonths: number }
    const window: PublicationWindow = {
      ruleVersion: rs.version,
      severity,
      from,
      minUntil: addMonths(from, period.minMonths),
      maxUntil: addMonths(from, period.maxMonths),
      basis: 'rule_set',
      published: !(severity === 'minor' && !cls.publishMinor),
    }
    if (severity !== requested) window.requestedSeverity = requested
    return window
  }
  const rs = ruleSets.length ? ruleSetOn(ruleSets, from) : undefined
  const base = {
    ruleVersion: rs?.version ?? 'none',
    severity: input.severity ?? ('general' as Severity),
    from,
    minUntil: from,
    published: true,
  }
  if (input.validTo) {
    assertDate(input.validTo)
    return { ...base, maxUntil: input.validTo, basis: 'valid_to' }
  }
  if (cls.publicationMonths !== null && cls.publicationMonths !== undefined) {
    return { ...base, maxUntil: addMonths(from, cls.publicationMonths), basis: 'class_months' }
  }
  return { ...base, maxUntil: OPEN_ENDED, basis: 'open_ended' }
}

/** The last day of a list entry's period (list classes with periodMonths), or null (until exit by decision). */
export function listUntil(cls: CatalogClass, decisionDate: string): string | null {
  if (!cls.list || cls.list.periodMonths === null) return null
  return addMonths(decisionDate, cls.list.periodMonths)
}

/** The value of a field as a list of strings (multi fields: every element; "a;b" strings are split). */
function valuesOf(field: CatalogField | undefined, raw: unknown): string[] {
  if (raw === undefined || raw === null) return []
  let list: unknown[]
  if (Array.isArray(raw)) list = raw
  else if (typeof raw === 'string' && field?.multi) list = raw.split(/[;；]/)
  else list = [raw]
  const out: string[] = []
  for (const v of list) {
    if (v === undefined || v === null) continue
    const s = String(v).trim()
    if (s === '') continue
    out.push(otherBase(field, s))
  }
  return out
}

/** 「其他-具体说明」 counts as 「其他」 in rules. */
function otherBase(field: CatalogField | undefined, value: string): string {
  const prefix = field?.otherPrefix
  if (prefix && value.startsWith(prefix) && !(field?.enum ?? []).includes(value))
    return prefix.replace(/[-－—:：]+$/, '')
  return value
}

function numberOf(s: string): number {
  const n = Number(s.replace(/,/g, ''))
  return Number.isFinite(n) ? n : Number.NaN
}

const fieldMaps = new WeakMap<CatalogClass, Map<string, CatalogField>>()

function fieldOfClass(cls: CatalogClass, code: string): CatalogField | undefined {
  let m = fieldMaps.get(cls)
  if (!m) {
    m = new Map(cls.fields.map((f) => [f.code, f]))
    fieldMaps.set(cls, m)
  }
  return m.get(code)
}

function conditionHolds(cls: CatalogClass, c: SeverityCondition, payload: Record<string, unknown>): boolean {
  const field = fieldOfClass(cls, c.field)
  const values = valuesOf(field, payload[c.field])
  if (c.present !== undefined && c.present !== values.length > 0) return false
  if (c.anyOf && !values.some((v) => c.anyOf?.includes(v))) return false
  if (c.noneOf?.length && values.some((v) => c.noneOf?.includes(v))) return false
  if (c.allIn && !(values.length > 0 && values.every((v) => c.allIn?.includes(v)))) return false
  if (c.gte !== undefined || c.lt !== undefined || c.gt !== undefined || c.lte !== undefined) {
    const nums = values.map(numberOf).filter((n) => !Number.isNaN(n))
    if (nums.length === 0) return false
    const n = Math.max(...nums)
    if (c.gte !== undefined && !(n >= c.gte)) return false
    if (c.gt !== undefined && !(n > c.gt)) return false
    if (c.lt !== undefined && !(n < c.lt)) return false
    if (c.lte !== undefined && !(n <= c.lte)) return false
  }
  return true
}

/**
 * The severity of a record from its normalised payload: every rule whose conditions all hold proposes its
 * severity and the most severe wins (one decision with several 处罚类别 takes the longest period); no match -> the
 * rule's default. Classes without a severity rule (positive, neutral) -> severity null.
 */
export function severityOf(cls: CatalogClass, payload: Record<string, unknown>): SeverityResult {
  const rule = cls.severity
  if (!rule) return { severity: null, matched: [], defaulted: false }
  let best: Severity | null = null
  let notes: string[] = []
  for (const r of rule.rules) {
    if (!r.when.every((c) => conditionHolds(cls, c, payload))) continue
    const note = r.note ?? `${SEVERITY_LABELS[r.severity]}：${r.when.map((c) => c.field).join('、')}`
    if (best === null || SEVERITY_RANK[r.severity] > SEVERITY_RANK[best]) {
      best = r.severity
      notes = [note]
    } else if (r.severity === best) notes.push(note)
  }
  if (best === null) return { severity: rule.default, matched: [], defaulted: true }
  return { severity: best, matched: notes, defaulted: false }
}
