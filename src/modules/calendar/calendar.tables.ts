import type { PolicyVersionColumns } from '../policies/index.js'

/** One version of a year of the working-day calendar (a State Council notice; definition: CalendarYearData). */
export interface CalendarYearsTable extends PolicyVersionColumns {
  year: number
}

export interface CalendarTables {
  calendar_years: CalendarYearsTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends CalendarTables {}
}
