// Feedback to providers (数据质量反馈): per department and class, how much was submitted, how much of it was
// refused and why, how much came late, how many subjects could not be identified, and when the last batch came.
import type { Ctx } from '../../core/context.js'
import { isIsoDate } from '../../identifiers/index.js'
import { accessError, listDepartments, type Principal } from '../access/index.js'
import { currentClasses } from '../catalog/index.js'
import { qualityError } from './quality.errors.js'
import { type BatchScope, type BatchSumsRow, batchErrorCodes, batchSums, type ErrorCodeRow } from '../records/index.js'
import type { QualityFigures, QualityFilter, QualityItem, QualityReport, TopError } from './quality.types.js'

/** How many error codes each item lists. */
export const TOP_ERRORS = 5

/** Roles that see every department's figures; everybody else with batch.read sees only their own department. */
const ALL_DEPARTMENTS = new Set(['operator', 'auditor'])

/**
 * The department a principal may see: operators and auditors any (or all), others only their own. A provider
 * asking for another department gets access.forbidden. `null` principal: the command line (all departments).
 */
export function scopeDept(principal: Principal | null, asked: string | undefined): string | undefined {
  if (principal === null || ALL_DEPARTMENTS.has(principal.role)) return asked
  if (!principal.dept || (asked !== undefined && asked !== principal.dept))
    throw accessError('access.forbidden', { permission: 'batch.read', dept: asked ?? null })
  return principal.dept
}

/** A civil date's first instant in Asia/Shanghai (UTC+8, no daylight saving), as canonical UTC text. */
function shanghaiStart(date: string, field: 'from' | 'to'): string {
  if (!isIsoDate(date)) throw qualityError('quality.bad_period', { field, value: date })
  return new Date(`${date}T00:00:00+08:00`).toISOString()
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/** The batch scope of a filter: [from 00:00, to + 1 day 00:00) in Shanghai time. */
export function batchScope(filter: QualityFilter & { dept?: string | undefined }): BatchScope {
  const scope: BatchScope = { dept: filter.dept, classCode: filter.class }
  if (filter.from) scope.fromInstant = shanghaiStart(filter.from, 'from')
  if (filter.to) {
    shanghaiStart(filter.to, 'to')
    scope.toInstant = shanghaiStart(nextDay(filter.to), 'to')
  }
  if (filter.from && filter.to && filter.from > filter.to)
    throw qualityError('quality.bad_period', { reason: 'order', from: filter.from, to: filter.to })
  return scope
}

/** A share with 4 decimals (0.1234 = 12.34%); null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null
}

function topOf(errors: ErrorCodeRow[]): TopError[] {
  return errors
    .slice()
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .slice(0, TOP_ERRORS)
    .map((e) => ({ code: e.code, count: e.count, example: e.example }))
}

function figures(
  sums: BatchSumsRow[],
  errors: ErrorCodeRow[],
  hasDeadline: (classCode: string) => boolean,
): QualityFigures {
  const f = {
    batches: 0,
    rows: 0,
    accepted: 0,
    rejected: 0,
    duplicates: 0,
    corrected: 0,
    revoked: 0,
    warnings: 0,
    late: 0,
    unresolved: 0,
  }
  let newWithDeadline = 0
  let last: string | null = null
  for (const s of sums) {
    f.batches += s.batches
    f.rows += s.total
    f.accepted += s.accepted
    f.rejected += s.rejected
    f.duplicates += s.duplicates
    f.corrected += s.corrected
    f.revoked += s.revoked
    f.warnings += s.warnings
    f.late += s.late
    f.unresolved += s.unresolved
    if (hasDeadline(s.classCode)) newWithDeadline += Math.max(0, s.accepted - s.corrected - s.revoked)
    if (s.lastSubmittedAt !== null && (last === null || s.lastSubmittedAt > last)) last = s.lastSubmittedAt
  }
  // One code may come from several items (totals): add the counts up, keep the earliest item's example.
  const byCode = new Map<string, ErrorCodeRow>()
  for (const e of errors) {
    const seen = byCode.get(e.code)
    if (seen) seen.count += e.count
    else byCode.set(e.code, { ...e })
  }
  return {
    ...f,
    rejectionRate: rate(f.rejected, f.rows),
    lateRate: rate(f.late, newWithDeadline),
    topErrors: topOf([...byCode.values()]),
    lastSubmittedAt: last,
  }
}

const keyOf = (dept: string | null, classCode: string) => `${dept ?? ''}\u0000${classCode}`

/**
 * The quality report for a principal (null: the command line, which sees everything). Items are sorted by
 * department code (batches without a department last), then class code.
 */
export async function qualityReport(
  ctx: Ctx,
  principal: Principal | null,
  filter: QualityFilter = {},
): Promise<QualityReport> {
  const dept = scopeDept(principal, filter.dept || undefined)
  const cls = filter.class || undefined
  const scope = batchScope({ ...filter, dept, class: cls })
  const [sums, errors, departments, classes] = await Promise.all([
    batchSums(ctx.db, scope),
    batchErrorCodes(ctx.db, scope),
    listDepartments(ctx),
    currentClasses(ctx.db),
  ])
  const deptNames = new Map(departments.map((d) => [d.code, d.name]))
  const classByCode = new Map(classes.map((c) => [c.code, c]))
  const hasDeadline = (code: string) => (classByCode.get(code)?.deadlineWorkingDays ?? null) !== null
  const errorsByKey = new Map<string, ErrorCodeRow[]>()
  for (const e of errors) {
    const k = keyOf(e.dept, e.classCode)
    const list = errorsByKey.get(k) ?? []
    list.push(e)
    errorsByKey.set(k, list)
  }
  const sorted = sums.slice().sort((a, b) => {
    if (a.dept !== b.dept) {
      if (a.dept === null) return 1
      if (b.dept === null) return -1
      return a.dept < b.dept ? -1 : 1
    }
    return a.classCode < b.classCode ? -1 : a.classCode > b.classCode ? 1 : 0
  })
  const items: QualityItem[] = sorted.map((s) => ({
    dept: s.dept,
    deptName: s.dept === null ? null : (deptNames.get(s.dept) ?? s.dept),
    class: s.classCode,
    className: classByCode.get(s.classCode)?.nameZh ?? s.classCode,
    ...figures([s], errorsByKey.get(keyOf(s.dept, s.classCode)) ?? [], hasDeadline),
  }))
  // Totals take each code's example from the first item (in the order above) that has the code.
  const orderedErrors = sorted.flatMap((s) => errorsByKey.get(keyOf(s.dept, s.classCode)) ?? [])
  return {
    items,
    totals: figures(sums, orderedErrors, hasDeadline),
    filter: { dept: dept ?? null, class: cls ?? null, from: filter.from || null, to: filter.to || null },
  }
}
