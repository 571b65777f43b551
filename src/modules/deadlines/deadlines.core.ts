// Working-day deadlines over the calendar, pure. A day of a year the calendar does not hold counts as a working day
// unless it is a Saturday or Sunday, and the answer is marked provisional: a case is never refused for a missing
// year, and its deadline is recomputed when the year is loaded (recomputeProvisional).
import { calendarError, isWorkingDay, type WorkingCalendar, weekday } from '../calendar/index.js'
import { deadlineError } from './deadlines.errors.js'
import type { CaseDeadline, Deadline, DeadlineState } from './deadlines.types.js'

const DAY = 86_400_000
const ISO = /^\d{4}-\d{2}-\d{2}$/

function epochDay(date: string): number {
  const n = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY
  if (!ISO.test(date) || new Date(n * DAY).toISOString().slice(0, 10) !== date)
    throw calendarError('calendar.bad_date', { date })
  return n
}

const dateOf = (n: number): string => new Date(n * DAY).toISOString().slice(0, 10)

/** Whether `date` is a working day, and whether the calendar knew it (false: weekends only, provisional). */
function working(cal: WorkingCalendar, date: string): { working: boolean; known: boolean } {
  if (cal.years.has(Number(date.slice(0, 4)))) return { working: isWorkingDay(cal, date), known: true }
  const w = weekday(date)
  return { working: w !== 0 && w !== 6, known: false }
}

/**
 * The `workingDays`-th working day after `start` (the start itself not counted; 0: the start). Past the years the
 * calendar holds: weekends only, `provisional: true`.
 */
export function computeDeadline(cal: WorkingCalendar, start: string, workingDays: number): Deadline {
  if (!Number.isInteger(workingDays) || workingDays < 0 || workingDays > 365)
    throw deadlineError('deadline.bad_days', { days: workingDays })
  let day = epochDay(start)
  let left = workingDays
  let provisional = false
  while (left > 0) {
    day += 1
    const d = working(cal, dateOf(day))
    if (!d.known) provisional = true
    if (d.working) left -= 1
  }
  return { due: dateOf(day), provisional }
}

/** A case step's deadline, as a case stores it (see CaseDeadline). */
export function caseDeadline(cal: WorkingCalendar, code: string, start: string, workingDays: number): CaseDeadline {
  return { code, start, workingDays, ...computeDeadline(cal, start, workingDays) }
}

/**
 * How `due` stands on `today`: working days after today up to and including the due date (0 on the due date itself,
 * negative once past: the working days overdue), overdue once today is after it.
 */
export function deadlineState(due: string, today: string, cal: WorkingCalendar): DeadlineState {
  const a = epochDay(today)
  const b = epochDay(due)
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1]
  let count = 0
  let provisional = false
  for (let n = lo + 1; n <= hi; n++) {
    const d = working(cal, dateOf(n))
    if (!d.known) provisional = true
    if (d.working) count += 1
  }
  return { remainingWorkingDays: sign * count, overdue: a > b, provisional }
}

/** A stored provisional deadline: its row's id, start and working days. */
export interface ProvisionalRow {
  id: string
  start: string
  workingDays: number
  due: string
}

/** The rows whose deadline the calendar now answers differently (a new due date, or no longer provisional). */
export function recomputeProvisional<R extends ProvisionalRow>(
  cal: WorkingCalendar,
  rows: readonly R[],
): { row: R; deadline: Deadline }[] {
  const out: { row: R; deadline: Deadline }[] = []
  for (const row of rows) {
    const deadline = computeDeadline(cal, row.start, row.workingDays)
    if (deadline.due !== row.due || !deadline.provisional) out.push({ row, deadline })
  }
  return out
}
