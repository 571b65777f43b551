/** One deadline policy (办理期限): how many working days one step of a case has, counted from when. */
export interface DeadlineDefinition {
  /** `<case>.<step>`, e.g. objection.accept. */
  code: string
  nameZh: string
  /** Working days after the start (the start day itself not counted), 1 to 365. */
  workingDays: number
  /** Where the count starts, in words (自收到异议申请之日起). */
  from: string
  /** The legal or practice basis, or "本平台自定" with the reason. */
  basis: string[]
}

export type DeadlinePolicy = DeadlineDefinition & { version: number }

/** A due date: `provisional` when the count ran past the last year the working-day calendar holds. */
export interface Deadline {
  due: string
  provisional: boolean
}

/** A case step's deadline as a case stores it: enough to recompute it when the calendar gains a year. */
export interface CaseDeadline extends Deadline {
  code: string
  start: string
  workingDays: number
}

/** How a due date stands today, for 「剩余 N 个工作日」. */
export interface DeadlineState {
  /** Working days after today up to and including the due date; negative once past (working days overdue). */
  remainingWorkingDays: number
  overdue: boolean
  /** The count crosses a year the calendar does not hold (weekends only there). */
  provisional: boolean
}

/** The deadline policies a case starts under: each code's working days and version. */
export interface DeadlinePolicySet {
  /**
   * The set's version as a case stores it: `code@version` of every policy, sorted, joined by `;`
   * (e.g. `objection.accept@1;objection.platform_check@1;...`). `deadlinePolicySetOf(db, version)` reads it back.
   */
  version: string
  days: Record<string, number>
  terms: Record<string, { nameZh: string; workingDays: number; version: number; basis: string[] }>
}
