/** One immutable version of a measure (奖惩措施); exactly one version per code is current. */
export interface MeasuresTable {
  code: string
  version: number
  /** JSON text of the whole Measure (version included). */
  definition: string
  /** SHA-256 of the canonical JSON of the definition without its version (compares default files). */
  hash: string
  /** default | operator */
  source: string
  created_at: string
  created_by: string | null
  reason: string | null
  /** 0/1 */
  is_current: number
}

export interface MeasureTables {
  measures: MeasuresTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends MeasureTables {}
}
