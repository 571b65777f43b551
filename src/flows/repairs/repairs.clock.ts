// The working-day clocks of repair cases, in one place: the deadline policy in force (repair.decide, repair.notify),
// due dates over the working-day calendar (provisional past its last year: weekends only) and how a due date stands
// today (剩余 N 个工作日).
import type { ClockReading } from '../../modules/cases/index.js'
import { isWorkingDay, loadCalendar, weekday, type WorkingCalendar } from '../../modules/calendar/index.js'
import { addDays } from '../../modules/catalog/index.js'
import type { Db } from '../../db/database.js'

/** Until the deadline policies are loaded from data: the defaults (data/deadlines). */
const DEFAULT_DAYS = { 'repair.decide': 10, 'repair.notify': 3 } as const

export interface RepairClock {
  /** The policy set a new case stores (`code@version;...`). */
  policyVersion: string
  decideDays: number
  notifyDays: number
  due(start: string, workingDays: number): { dueOn: string; provisional: boolean }
  read: ClockReading
}

function working(cal: WorkingCalendar, date: string): { working: boolean; known: boolean } {
  if (cal.years.has(Number(date.slice(0, 4)))) return { working: isWorkingDay(cal, date), known: true }
  const w = weekday(date)
  return { working: w !== 0 && w !== 6, known: false }
}

export async function repairClock(db: Db, today: string): Promise<RepairClock> {
  const cal = await loadCalendar(db)
  return {
    policyVersion: `repair.decide@default;repair.notify@default`,
    decideDays: DEFAULT_DAYS['repair.decide'],
    notifyDays: DEFAULT_DAYS['repair.notify'],
    due(start, workingDays) {
      let day = start
      let left = workingDays
      let provisional = false
      while (left > 0) {
        day = addDays(day, 1)
        const d = working(cal, day)
        if (!d.known) provisional = true
        if (d.working) left -= 1
      }
      return { dueOn: day, provisional }
    },
    read(dueOn) {
      const [lo, hi, sign] = today <= dueOn ? [today, dueOn, 1] : [dueOn, today, -1]
      let count = 0
      for (let d = addDays(lo, 1); d <= hi; d = addDays(d, 1)) if (working(cal, d).working) count += 1
      return { remainingWorkingDays: sign * count, overdue: today > dueOn }
    },
  }
}
