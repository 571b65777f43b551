/** One version of a year of the working-day calendar (a State Council notice); one version per year is current. */
export interface CalendarYearsTable {
  year: number
  version: number
  /** JSON text of the CalendarYearData (source, holidays, workdays). */
  definition: string
  hash: string
  /** default | operator */
  source: string
  created_at: string
  created_by: string | null
  reason: string | null
  /** 0/1 */
  is_current: number
}

export interface CalendarTables {
  calendar_years: CalendarYearsTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends CalendarTables {}
}
