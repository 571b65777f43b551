// The working-day clocks of tips (tip.route, tip.handle): the one place that asks the deadline policies and the
// calendar, so that the rest of the module only sees DeadlineStart and ClockReading.
import { civilDate } from '../../core/clock.js'
import type { Ctx } from '../../core/context.js'
import type { Db } from '../../db/database.js'
import { isWorkingDay, loadCalendar, type WorkingCalendar } from '../calendar/index.js'
import type { ClockReading, DeadlineStart } from '../cases/index.js'

export const TIP_CLOCKS = ['tip.route', 'tip.handle'] as const
export type TipClock = (typeof TIP_CLOCKS)[number]

export const TIP_CLOCK_LABELS: Record<TipClock, string> = { 'tip.route': '举报分办', 'tip.handle': '举报办理' }

// Interim until the deadlines module: the days of its defaults (data/deadlines/deadlines.json).
const INTERIM_DAYS: Record<TipClock, number> = { 'tip.route': 5, 'tip.handle': 30 }
const INTERIM_VERSION = 'tip.handle@0;tip.route@0'

const DAY = 86_400_000
const epoch = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / DAY
const dateOf = (n: number) => new Date(n * DAY).toISOString().slice(0, 10)

function working(cal: WorkingCalendar, date: string): { working: boolean; known: boolean } {
  if (cal.years.has(Number(date.slice(0, 4)))) return { working: isWorkingDay(cal, date), known: true }
  const w = new Date(epoch(date) * DAY).getUTCDay()
  return { working: w !== 0 && w !== 6, known: false }
}

/** The deadline policy set a new tip runs under (its version is stored on the case). */
export async function currentTipPolicy(_db: Db): Promise<{ version: string; days: Record<TipClock, number> }> {
  return { version: INTERIM_VERSION, days: { ...INTERIM_DAYS } }
}

/** The days of a clock under the policy set a case stored. */
export async function tipPolicyDays(_db: Db, _version: string | null, code: TipClock): Promise<number> {
  return INTERIM_DAYS[code]
}

/** A clock starting on `startOn` with `workingDays`: its due date over the calendar (weekends only past it). */
export async function startTipClock(
  db: Db,
  code: TipClock,
  startOn: string,
  workingDays: number,
): Promise<DeadlineStart> {
  const cal = await loadCalendar(db)
  let day = epoch(startOn)
  let left = workingDays
  let provisional = false
  while (left > 0) {
    day += 1
    const d = working(cal, dateOf(day))
    if (!d.known) provisional = true
    if (d.working) left -= 1
  }
  return { code, startOn, workingDays, dueOn: dateOf(day), provisional }
}

/** How each running clock stands today (the context's clock, Asia/Shanghai). */
export async function tipClockReader(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<ClockReading> {
  const cal = await loadCalendar(ctx.db)
  const today = civilDate(ctx.clock.now())
  return (due) => {
    const a = epoch(today)
    const b = epoch(due)
    const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1]
    let count = 0
    for (let n = lo + 1; n <= hi; n++) if (working(cal, dateOf(n)).working) count += 1
    return { remainingWorkingDays: sign * count, overdue: a > b }
  }
}
