// The grade distribution of a model (评价分布): current grades by grade, district and GB/T 4754 section, and the
// grades as of past month ends from the history (src/read-models/grade-stats).
import { civilDate } from '../../core/clock.js'
import type { Ctx } from '../../core/context.js'
import { lookupRegion } from '../../identifiers/index.js'
import {
  currentByEntityColumn,
  currentByGrade,
  firstGradedOn,
  type GradeCount,
  type GroupedGradeCount,
  gradesAsOf,
} from '../../read-models/grade-stats/index.js'
import * as repo from './grading.repository.js'
import { getModel } from './grading.service.js'

export interface GradeGroup {
  /** District code or GB/T 4754 section; null: the entities have none. */
  code: string | null
  /** District name (districts); null for sections (the console labels them) and unknown codes. */
  name: string | null
  total: number
  counts: Record<string, number>
}

export interface GradeMonth {
  /** YYYY-MM */
  month: string
  /** The day counted: the month's last day, today for the current month. */
  day: string
  total: number
  counts: Record<string, number>
}

export interface GradeStats {
  model: string
  modelName: string
  version: number
  /** The model's grades, best first, with their labels. */
  grades: { grade: string; label: string }[]
  today: string
  total: number
  /** Entities waiting to be graded again (the figures show their grade before the change). */
  queued: number
  byGrade: { grade: string; n: number }[]
  byDistrict: GradeGroup[]
  byIndustry: GradeGroup[]
  overTime: GradeMonth[]
}

const countsOf = (grades: readonly string[], rows: readonly GradeCount[]) => {
  const out: Record<string, number> = Object.fromEntries(grades.map((g) => [g, 0]))
  for (const r of rows) out[r.grade] = (out[r.grade] ?? 0) + r.n
  return out
}

function groups(grades: readonly string[], rows: readonly GroupedGradeCount[], named: boolean): GradeGroup[] {
  const by = new Map<string | null, GroupedGradeCount[]>()
  for (const r of rows) by.set(r.key, [...(by.get(r.key) ?? []), r])
  return [...by.entries()]
    .map(([code, list]) => ({
      code,
      name: named && code ? (lookupRegion(code)?.name ?? null) : null,
      total: list.reduce((s, r) => s + r.n, 0),
      counts: countsOf(grades, list),
    }))
    .sort((a, b) => b.total - a.total || String(a.code).localeCompare(String(b.code)))
}

/** The last day of the month of `day` (YYYY-MM-DD), by calendar arithmetic. */
function monthEnd(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10)
}

/** The month ends (the current month: today) of the last `months` months, oldest first, none before `first`. */
export function monthEnds(today: string, months: number, first: string | null): { month: string; day: string }[] {
  if (!first) return []
  const y = Number(today.slice(0, 4))
  const m = Number(today.slice(5, 7))
  const out: { month: string; day: string }[] = []
  for (let k = months - 1; k >= 0; k--) {
    const d = new Date(Date.UTC(y, m - 1 - k, 1))
    const month = d.toISOString().slice(0, 7)
    if (month < first.slice(0, 7)) continue
    const day = k === 0 ? today : monthEnd(d.getUTCFullYear(), d.getUTCMonth() + 1)
    out.push({ month, day })
  }
  return out
}

/** The distribution of a model's grades (current ones: as stored by the last run or read). */
export async function gradeStats(ctx: Ctx, code: string, months = 12): Promise<GradeStats> {
  const model = await getModel(ctx.db, code)
  const grades = [...model.bands].sort((a, b) => b.min - a.min).map((b) => b.grade)
  const today = civilDate(ctx.clock.now())
  const byGrade = await currentByGrade(ctx.db, model.code)
  const current = countsOf(grades, byGrade)
  const overTime: GradeMonth[] = []
  for (const { month, day } of monthEnds(today, months, await firstGradedOn(ctx.db, model.code))) {
    const counts = countsOf(grades, await gradesAsOf(ctx.db, model.code, day))
    overTime.push({ month, day, total: Object.values(counts).reduce((s, n) => s + n, 0), counts })
  }
  return {
    model: model.code,
    modelName: model.name,
    version: model.version,
    grades: [...model.bands].sort((a, b) => b.min - a.min).map((b) => ({ grade: b.grade, label: b.label })),
    today,
    total: byGrade.reduce((s, r) => s + r.n, 0),
    queued: await repo.queueLength(ctx.db),
    byGrade: Object.entries(current).map(([grade, n]) => ({ grade, n })),
    byDistrict: groups(grades, await currentByEntityColumn(ctx.db, model.code, 'district'), true),
    byIndustry: groups(grades, await currentByEntityColumn(ctx.db, model.code, 'industry'), false),
    overTime,
  }
}
