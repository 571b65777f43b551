/** One year of the State Council General Office's holiday notice (国务院办公厅关于 XXXX 年部分节假日安排的通知). */
export interface CalendarYearData {
  /** The notice: title, document number, date. */
  source: string
  /** Public holidays (rest days), by festival. */
  holidays: { name: string; dates: string[] }[]
  /** Adjusted working days (调休上班): weekend days that are working days. */
  workdays: string[]
}

/** The in-memory calendar: every current year merged. Pure functions of calendar.core.ts read it. */
export interface WorkingCalendar {
  /** Years whose notice is loaded; a date of any other year is unknown. */
  years: ReadonlySet<number>
  /** Holiday date -> festival name. */
  holidays: ReadonlyMap<string, string>
  /** Adjusted working days. */
  workdays: ReadonlySet<string>
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted_workday'

export interface DayInfo {
  date: string
  working: boolean
  kind: DayKind
  /** Festival name of a holiday. */
  holiday?: string
}

export type CalendarSource = 'default' | 'operator'

export interface CalendarYearVersion {
  year: number
  version: number
  source: CalendarSource
  isCurrent: boolean
  createdAt: string
  createdBy: string | null
  reason: string | null
  hash: string
  data: CalendarYearData
}
