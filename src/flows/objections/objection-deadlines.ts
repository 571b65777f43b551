// The working-day clocks of an objection, through the deadlines module: the deadline policy in force when the case
// is filed (its version stored with the case: a later change applies to new cases only), due dates over the
// working-day calendar (provisional past its last year, recounted when the year is loaded), and how they stand today.
import type { Ctx } from '../../core/context.js'
import type { Db } from '../../db/database.js'
import { loadCalendar } from '../../modules/calendar/index.js'
import type { ClockReading, DeadlineStart } from '../../modules/cases/index.js'
import {
  computeDeadline,
  currentDeadlinePolicy,
  deadlinePolicySetOf,
  deadlineState,
} from '../../modules/deadlines/index.js'
import { OBJECTION_DEADLINES } from '../../modules/objections/index.js'

const CODES = Object.values(OBJECTION_DEADLINES)

export interface ObjectionPolicy {
  /** `code@version;...` as the case stores it. */
  version: string
  days: Record<string, number>
}

/** The deadline policy a new objection runs under: the current version of each objection step. */
export async function objectionPolicyNow(db: Db): Promise<ObjectionPolicy> {
  const set = await currentDeadlinePolicy(db, CODES)
  return { version: set.version, days: set.days }
}

/** The policy a case runs under, from the version it stored when it was filed. */
export async function objectionPolicyOf(db: Db, version: string | null): Promise<ObjectionPolicy> {
  if (!version) return objectionPolicyNow(db)
  const set = await deadlinePolicySetOf(db, version)
  return { version: set.version, days: set.days }
}

/** A clock to start on `start` under the case's policy. */
export async function startClock(db: Db, policy: ObjectionPolicy, code: string, start: string): Promise<DeadlineStart> {
  const days = policy.days[code]
  if (days === undefined) throw new Error(`objection deadline policy ${policy.version} has no ${code}`)
  const { due, provisional } = computeDeadline(await loadCalendar(db), start, days)
  return { code, startOn: start, workingDays: days, dueOn: due, provisional }
}

/** How due dates stand on `today`: working days left (0 on the due date, negative once past). */
export async function clockReader(ctx: Pick<Ctx, 'db' | 'clock'>, today: string): Promise<ClockReading> {
  const cal = await loadCalendar(ctx.db)
  return (dueOn) => {
    const { remainingWorkingDays, overdue } = deadlineState(dueOn, today, cal)
    return { remainingWorkingDays, overdue }
  }
}
