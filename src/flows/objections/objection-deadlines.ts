// The working-day clocks of an objection: the deadline policy in force when the case is filed (stored with the case:
// a later change applies to new cases only) and due dates over the working-day calendar, provisional past its last
// year (weekends only there). One place to switch to the deadlines module's API.
import type { Ctx } from '../../core/context.js'
import type { Db } from '../../db/database.js'
import { isWorkingDay, loadCalendar, type WorkingCalendar, weekday } from '../../modules/calendar/index.js'
import type { ClockReading, DeadlineStart } from '../../modules/cases/index.js'
import { OBJECTION_DEADLINES } from '../../modules/objections/index.js'

const CODES = Object.values(OBJECTION_DEADLINES)
/** Until the deadline policies are data: the practice defaults (Guangzhou), as version 0. */
const DEFAULT_DAYS: Record<string, number> = {
  [OBJECTION_DEADLINES.accept]: 2,
  [OBJECTION_DEADLINES.platformCheck]: 2,
  [OBJECTION_DEADLINES.providerVerify]: 10,
}

export interface ObjectionPolicy {
  /** `code@version;...` as the case stores it. */
  version: string
  days: Record<string, number>
}

/** The deadline policy a new objection runs under. */
export async function objectionPolicyNow(_db: Db): Promise<ObjectionPolicy> {
  return {
    version: CODES.map((c) => `${c}@0`)
      .sort()
      .join(';'),
    days: { ...DEFAULT_DAYS },
  }
}

/** The policy a case runs under, from the version it stored. */
export async function objectionPolicyOf(db: Db, version: string | null): Promise<ObjectionPolicy> {
  return version ? { version, days: { ...DEFAULT_DAYS } } : objectionPolicyNow(db)
}

const DAY = 86_400_000
const epoch = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / DAY
const dateOf = (n: number) => new Date(n * DAY).toISOString().slice(0, 10)

function working(cal: WorkingCalendar, date: string): { working: boolean; known: boolean } {
  if (cal.years.has(Number(date.slice(0, 4)))) return { working: isWorkingDay(cal, date), known: true }
  const w = weekday(date)
  return { working: w !== 0 && w !== 6, known: false }
}

/** The `days`-th working day after `start`; provisional when the count ran past the calendar's years. */
export function computeDue(cal: WorkingCalendar, start: string, days: number): { due: string; provisional: boolean } {
  let n = epoch(start)
  let left = days
  let provisional = false
  while (left > 0) {
    n += 1
    const d = working(cal, dateOf(n))
    if (!d.known) provisional = true
    if (d.working) left -= 1
  }
  return { due: dateOf(n), provisional }
}

/** A clock to start today under the case's policy. */
export async function startClock(db: Db, policy: ObjectionPolicy, code: string, start: string): Promise<DeadlineStart> {
  const days = policy.days[code] ?? DEFAULT_DAYS[code] ?? 0
  const { due, provisional } = computeDue(await loadCalendar(db), start, days)
  return { code, startOn: start, workingDays: days, dueOn: due, provisional }
}

/** How due dates stand today: working days left (0 on the due date, negative once past). */
export async function clockReader(ctx: Pick<Ctx, 'db' | 'clock'>, today: string): Promise<ClockReading> {
  const cal = await loadCalendar(ctx.db)
  return (dueOn) => {
    const a = epoch(today)
    const b = epoch(dueOn)
    const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1]
    let count = 0
    for (let n = lo + 1; n <= hi; n++) if (working(cal, dateOf(n)).working) count += 1
    return { remainingWorkingDays: sign * count, overdue: a > b }
  }
}
