// THE scoring rule: a model, an entity's records and a date give the grade, every point traced to its records. Pure
// and integer-only (docs/grading.md has the arithmetic with a worked example).
import type {
  DecayStep,
  DimensionScore,
  GradeBand,
  GradeReason,
  GradeResult,
  GradingItem,
  GradingModel,
  ScoredRecord,
} from './grading.types.js'

/** Whether a record is in force on `asOf`: active (or repaired after that day), inside its window and list period. */
export function inForceOn(r: ScoredRecord, asOf: string): boolean {
  if (r.state === 'repaired') {
    if (!r.repairedOn || asOf >= r.repairedOn) return false
  } else if (r.state !== 'active') return false
  if (!r.publishFrom || !r.publishMaxUntil) return false
  if (asOf < r.publishFrom || asOf > r.publishMaxUntil) return false
  if (r.listKind && r.listUntil && asOf > r.listUntil) return false
  return true
}

const ymd = (d: string): [number, number, number] => [
  Number(d.slice(0, 4)),
  Number(d.slice(5, 7)),
  Number(d.slice(8, 10)),
]
const pad = (n: number, w = 2) => String(n).padStart(w, '0')
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const daysIn = (y: number, m: number) =>
  m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : (MONTH_DAYS[m - 1] as number)

/** Full calendar months from `from` to `to` (0 before the first monthly anniversary). */
export function fullMonths(from: string, to: string): number {
  const [y1, m1, d1] = ymd(from)
  const [y2, m2, d2] = ymd(to)
  return (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0)
}

/** The first day on which fullMonths(from, day) >= k (a day missing in the month rolls over to the next 1st). */
export function monthsLater(from: string, k: number): string {
  const [y, m, d] = ymd(from)
  const idx = y * 12 + (m - 1) + k
  const ty = Math.floor(idx / 12)
  const tm = (idx % 12) + 1
  if (d <= daysIn(ty, tm)) return `${pad(ty, 4)}-${pad(tm)}-${pad(d)}`
  const ny = Math.floor((idx + 1) / 12)
  const nm = ((idx + 1) % 12) + 1
  return `${pad(ny, 4)}-${pad(nm)}-01`
}

/** The civil day after `d`. */
export function nextDay(d: string): string {
  const [y, m, day] = ymd(d)
  if (day < daysIn(y, m)) return `${d.slice(0, 8)}${pad(day + 1)}`
  return m === 12 ? `${pad(y + 1, 4)}-01-01` : `${pad(y, 4)}-${pad(m + 1)}-01`
}

/** The percent of the decay step a record `age` full months old is in. */
export function decayPercent(decay: readonly DecayStep[], age: number): number {
  let percent = 100
  for (const s of decay) if (age >= s.fromMonths) percent = s.percent
  return percent
}

/** x * percent / 100 rounded half away from zero (integers in, integer out). */
export function applyPercent(x: number, percent: number): number {
  const v = Math.abs(x) * percent
  return Math.sign(x) * Math.floor((v + 50) / 100)
}

/** The record's points before decay: the item's points plus the amount rule's steps (capped). */
export function recordPoints(item: GradingItem, r: ScoredRecord, amountField: string | undefined): number {
  let pts = item.points
  const a = item.amount
  if (a && amountField) {
    const amount = r.amounts[amountField]
    if (typeof amount === 'number' && Number.isFinite(amount) && amount > 0) {
      const steps = Math.floor(amount / a.step)
      const extra = Math.min(Math.abs(steps * a.points), a.maxPoints)
      pts += Math.sign(a.points) * extra
    }
  }
  return pts
}

/** The first item of the model that takes the record (items in model order; a record counts for one item at most). */
export interface ItemIndex {
  itemOf(r: Pick<ScoredRecord, 'classCode' | 'severity'>): GradingItem | undefined
  /** The field code of the item's amount rule for a class (rules may name a field by role). */
  amountField(item: GradingItem, classCode: string): string | undefined
  classes: string[]
}

export function itemIndex(model: GradingModel, amountFields: ReadonlyMap<string, string> = new Map()): ItemIndex {
  const byClass = new Map<string, GradingItem[]>()
  for (const item of model.items) for (const c of item.classes) byClass.set(c, [...(byClass.get(c) ?? []), item])
  return {
    itemOf(r) {
      for (const item of byClass.get(r.classCode) ?? [])
        if (item.severities.length === 0 || item.severities.includes(r.severity as never)) return item
      return undefined
    },
    amountField: (item, classCode) =>
      item.amount ? amountFields.get(`${classCode}\u0000${item.amount.field}`) : undefined,
    classes: [...byClass.keys()].sort(),
  }
}

function bandOf(bands: readonly GradeBand[], score: number): string {
  for (const b of bands) if (score >= b.min && score <= b.max) return b.grade
  return bands[bands.length - 1]?.grade ?? '?'
}

const byContribution = (a: GradeReason, b: GradeReason) =>
  Math.abs(b.points) - Math.abs(a.points) || b.points - a.points || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)

/**
 * The grade of one entity on `asOf` from its records (any state; the rule picks those in force). Records excluded
 * (what-if) are left out by the caller. Every point is in a reason: item totals (after the item cap), and where a
 * dimension's score was held to [0, max], a `cap.<dimension>` reason with the difference.
 */
export function scoreEntity(
  model: GradingModel,
  index: ItemIndex,
  records: readonly ScoredRecord[],
  asOf: string,
): GradeResult {
  const totals = new Map<string, { points: number; records: string[] }>()
  let underObjection = false
  let validUntil: string | null = null
  const until = (d: string | null) => {
    if (d && d > asOf && (validUntil === null || d < validUntil)) validUntil = d
  }
  for (const r of records) {
    const item = index.itemOf(r)
    if (!item) continue
    // the days on which time alone changes what this record counts
    if (r.state === 'active' || r.state === 'repaired') {
      until(r.publishFrom)
      if (r.publishMaxUntil) until(nextDay(r.publishMaxUntil))
      if (r.listKind && r.listUntil) until(nextDay(r.listUntil))
      if (r.state === 'repaired') until(r.repairedOn)
    }
    if (!inForceOn(r, asOf)) continue
    if (r.underObjection) {
      underObjection = true
      if (model.objections === 'exclude') continue
    }
    const from = r.decidedOn ?? r.publishFrom ?? asOf
    const age = Math.max(0, fullMonths(from, asOf))
    for (const s of item.decay) if (s.fromMonths > age) until(monthsLater(from, s.fromMonths))
    const pts = applyPercent(recordPoints(item, r, index.amountField(item, r.classCode)), decayPercent(item.decay, age))
    if (pts === 0) continue
    const t = totals.get(item.code) ?? { points: 0, records: [] }
    t.points += pts
    t.records.push(r.id)
    totals.set(item.code, t)
  }
  const reasons: GradeReason[] = []
  const dimensions: DimensionScore[] = []
  let base = 0
  let score = 0
  for (const dim of model.dimensions) {
    base += dim.base
    let raw = dim.base
    const dimRecords: string[] = []
    for (const item of model.items) {
      if (item.dimension !== dim.code) continue
      const t = totals.get(item.code)
      if (!t) continue
      const capped = item.cap === null ? t.points : Math.sign(t.points) * Math.min(Math.abs(t.points), item.cap)
      if (capped === 0) continue
      raw += capped
      const ids = [...t.records].sort()
      dimRecords.push(...ids)
      reasons.push({ code: item.code, label: item.label, points: capped, records: ids })
    }
    const held = Math.min(Math.max(raw, 0), dim.max)
    if (held !== raw)
      reasons.push({
        code: `cap.${dim.code}`,
        label: `「${dim.label}」维度得分以 0 到 ${dim.max} 分为限`,
        points: held - raw,
        records: [...new Set(dimRecords)].sort(),
      })
    dimensions.push({ code: dim.code, label: dim.label, score: held, max: dim.max })
    score += held
  }
  reasons.sort(byContribution)
  return {
    model: model.code,
    version: model.version,
    asOf,
    base,
    score,
    grade: bandOf(model.bands, score),
    underObjection,
    dimensions,
    reasons,
    validUntil,
  }
}
