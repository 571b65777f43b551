// Check statistics for the charts: checks by scenario and by department, hit rate and feedback rate over a range.
import type { Ctx } from '../../core/context.js'
import type { CheckHit } from './checks.evaluate.js'
import { checksForStats, feedbackOfChecks } from './checks.repository.js'
import { repeatGroupsById } from './checks.repeats.js'

export interface CheckRates {
  checks: number
  /** Checks with at least one hit. */
  checksWithHits: number
  /** checksWithHits / checks (0 without checks), 4 decimals. */
  hitRate: number
  /** Hits (check × measure). */
  hits: number
  /** Hits with feedback (any version). */
  hitsWithFeedback: number
  /** hitsWithFeedback / hits (0 without hits), 4 decimals. */
  feedbackRate: number
}

export interface CheckBreakdown {
  totals: CheckRates
  byScenario: (CheckRates & { scenario: string })[]
  byDept: (CheckRates & { dept: string | null })[]
}

const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 10000) / 10000 : 0)

function empty(): Omit<CheckRates, 'hitRate' | 'feedbackRate'> {
  return { checks: 0, checksWithHits: 0, hits: 0, hitsWithFeedback: 0 }
}

function rates(c: Omit<CheckRates, 'hitRate' | 'feedbackRate'>): CheckRates {
  return {
    checks: c.checks,
    checksWithHits: c.checksWithHits,
    hitRate: ratio(c.checksWithHits, c.checks),
    hits: c.hits,
    hitsWithFeedback: c.hitsWithFeedback,
    feedbackRate: ratio(c.hitsWithFeedback, c.hits),
  }
}

/**
 * Checks in [from, to) (UTC instants) of one department or all: totals, per scenario (most checks first) and per
 * department (by code).
 */
export async function checkBreakdown(
  ctx: Ctx,
  filter: { dept?: string | null; from?: string; to?: string },
): Promise<CheckBreakdown> {
  const rows = await checksForStats(ctx.db, filter)
  const withHits = rows.filter((r) => Number(r.hit_count) > 0)
  const fed = new Set(
    (
      await feedbackOfChecks(
        ctx.db,
        withHits.map((r) => r.id),
      )
    ).map((f) => `${f.check_id}|${f.measure}`),
  )
  // a hit answered on a repeat of the check is answered (REPEAT_CHECK_MINUTES)
  const groups = repeatGroupsById(withHits)
  const totals = empty()
  const byScenario = new Map<string, ReturnType<typeof empty>>()
  const byDept = new Map<string, ReturnType<typeof empty> & { dept: string | null }>()
  for (const r of rows) {
    const scenario = byScenario.get(r.scenario) ?? empty()
    byScenario.set(r.scenario, scenario)
    const dept = byDept.get(r.dept ?? '') ?? { ...empty(), dept: r.dept }
    byDept.set(r.dept ?? '', dept)
    const measures =
      Number(r.hit_count) > 0 ? [...new Set((JSON.parse(r.hits) as CheckHit[]).map((h) => h.measure))] : []
    const answered = measures.filter((m) => (groups.get(r.id) ?? [r.id]).some((id) => fed.has(`${id}|${m}`))).length
    for (const s of [totals, scenario, dept]) {
      s.checks += 1
      if (measures.length === 0) continue
      s.checksWithHits += 1
      s.hits += measures.length
      s.hitsWithFeedback += answered
    }
  }
  return {
    totals: rates(totals),
    byScenario: [...byScenario.entries()]
      .map(([scenario, c]) => ({ scenario, ...rates(c) }))
      .sort((a, b) => b.checks - a.checks || a.scenario.localeCompare(b.scenario)),
    byDept: [...byDept.values()]
      .map(({ dept, ...c }) => ({ dept, ...rates(c) }))
      .sort((a, b) => (a.dept ?? '').localeCompare(b.dept ?? '')),
  }
}
