// The working-day clocks of repair and list-exit cases, in one place: the deadline policy in force (repair.decide,
// repair.notify; a case keeps the version it started under), due dates over the working-day calendar (provisional
// past its last year: weekends only) and how a due date stands today (剩余 N 个工作日) - the deadlines module's.
import type { ClockReading } from '../../modules/cases/index.js'
import { loadCalendar } from '../../modules/calendar/index.js'
import { computeDeadline, currentDeadlinePolicy, deadlineState } from '../../modules/deadlines/index.js'
import type { Db } from '../../db/database.js'

export interface RepairClock {
  /** The policy set a new case stores (`code@version;...`). */
  policyVersion: string
  decideDays: number
  notifyDays: number
  due(start: string, workingDays: number): { dueOn: string; provisional: boolean }
  read: ClockReading
}

export async function repairClock(db: Db, today: string): Promise<RepairClock> {
  const cal = await loadCalendar(db)
  const policy = await currentDeadlinePolicy(db, ['repair.decide', 'repair.notify'])
  return {
    policyVersion: policy.version,
    decideDays: policy.days['repair.decide'] as number,
    notifyDays: policy.days['repair.notify'] as number,
    due(start, workingDays) {
      const d = computeDeadline(cal, start, workingDays)
      return { dueOn: d.due, provisional: d.provisional }
    },
    read(dueOn) {
      const s = deadlineState(dueOn, today, cal)
      return { remainingWorkingDays: s.remainingWorkingDays, overdue: s.overdue }
    },
  }
}
