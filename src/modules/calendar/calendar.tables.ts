import type { PolicyVersionColumns } from '../policies/index.js'

/** One version of a year of the working-day calendar (a State Council notice; definition: CalendarYearData). */
export interface CalendarYearsTable extends PolicyVersionColumns {
  year: number
}

export interface CalendarTables {
  calendar_years: CalendarYearsTable
}

/** The versions table of the calendar years, a versioned policy kind: the versioned-policy feature's repository queries it. */
export interface CalendarPolicyTables {
  calendar_years: CalendarYearsTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends CalendarTables {}
}

// ... and its versions table to the versioned-policy feature (src/modules/policies), which may query only these.
declare module '../policies/policies.kind.js' {
  interface PolicyTables extends CalendarPolicyTables {}
}
