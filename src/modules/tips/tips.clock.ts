// The working-day clocks of tips (tip.route, tip.handle): the one place that asks the deadlines module (deadline
// policies as versioned data, working days over the calendar), so that the rest of the module only sees
// DeadlineStart and ClockReading.
import { civilDate } from '../../core/clock.js'
import type { Ctx } from '../../core/context.js'
import type { Db } from '../../db/database.js'
import { loadCalendar } from '../calendar/index.js'
import type { ClockReading, DeadlineStart } from '../cases/index.js'
import { computeDeadline, currentDeadlinePolicy, deadlinePolicySetOf, deadlineState } from '../deadlines/index.js'

export const TIP_CLOCKS = ['tip.route', 'tip.handle'] as const
export type TipClock = (typeof TIP_CLOCKS)[number]

export const TIP_CLOCK_LABELS: Record<TipClock, string> = { 'tip.route': '举报分办', 'tip.handle': '举报办理' }

/** The deadline policies a new tip runs under (its version is stored on the case: a later change applies to new tips). */
export async function currentTipPolicy(db: Db): Promise<{ version: string; days: Record<TipClock, number> }> {
  const set = await currentDeadlinePolicy(db, TIP_CLOCKS)
  return {
    version: set.version,
    days: { 'tip.route': set.days['tip.route'] ?? 5, 'tip.handle': set.days['tip.handle'] ?? 30 },
  }
}

/** The days of a clock under the policy set a case stored (the current set for a case that stored none). */
export async function tipPolicyDays(db: Db, version: string | null, code: TipClock): Promise<number> {
  const set = version ? await deadlinePolicySetOf(db, version) : await currentDeadlinePolicy(db, TIP_CLOCKS)
  return set.days[code] as number
}

/** A clock starting on `startOn` with `workingDays`: its due date over the calendar (weekends only past it). */
export async function startTipClock(
  db: Db,
  code: TipClock,
  startOn: string,
  workingDays: number,
): Promise<DeadlineStart> {
  const { due, provisional } = computeDeadline(await loadCalendar(db), startOn, workingDays)
  return { code, startOn, workingDays, dueOn: due, provisional }
}

/** How each running clock stands today (the context's clock, Asia/Shanghai). */
export async function tipClockReader(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<ClockReading> {
  const cal = await loadCalendar(ctx.db)
  const today = civilDate(ctx.clock.now())
  return (due) => {
    const s = deadlineState(due, today, cal)
    return { remainingWorkingDays: s.remainingWorkingDays, overdue: s.overdue }
  }
}
