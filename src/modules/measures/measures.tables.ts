import type { PolicyVersionColumns } from '../policies/index.js'

/** One immutable version of a measure (奖惩措施; definition: the whole Measure, version included). */
export interface MeasuresTable extends PolicyVersionColumns {
  code: string
}

export interface MeasureTables {
  measures: MeasuresTable
}

/** The versions table of measures, a versioned policy kind: the versioned-policy feature's repository queries it. */
export interface MeasurePolicyTables {
  measures: MeasuresTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends MeasureTables {}
}

// ... and its versions table to the versioned-policy feature (src/modules/policies), which may query only these.
declare module '../policies/policies.kind.js' {
  interface PolicyTables extends MeasurePolicyTables {}
}
