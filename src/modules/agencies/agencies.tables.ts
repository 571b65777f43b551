/**
 * One registered credit agency (信用服务机构备案): an entity with its own credit file, its filing number and
 * business scope, and its status (filed 备案, suspended 暂停, cancelled 注销).
 */
export interface AgenciesTable {
  id: string
  entity_id: string
  uscc: string
  name: string
  /** 备案编号, unique (NFKC, trimmed). */
  filing_no: string
  business_scope: string
  /** The day the filing was made (YYYY-MM-DD), when known. */
  filed_on: string | null
  /** filed | suspended | cancelled */
  status: string
  status_reason: string | null
  status_changed_at: string
  created_at: string
  created_by: string | null
  updated_at: string
}

/** The subjects an agency read through its grants, and when it last did (who is told of repairs and revocations). */
export interface AgencyReadsTable {
  agency_id: string
  entity_id: string
  /** JSON array of the class codes it was shown (["*"]: every class). */
  classes: string
  first_read_at: string
  last_read_at: string
  reads: number
}

/**
 * The updates pushed to agencies (repairs and revocations of records of subjects they read): their pull feed. `seq`
 * is allocated under the audit chain's lock in the transaction of the change: seq order is commit order.
 */
export interface AgencyUpdatesTable {
  seq: number
  id: string
  agency_id: string
  entity_id: string
  /** record.repaired | record.revoked */
  type: string
  record_id: string | null
  /** JSON text: the record's facts (never payload fields). */
  data: string
  occurred_at: string
}

export interface AgencyTables {
  agencies: AgenciesTable
  agency_reads: AgencyReadsTable
  agency_updates: AgencyUpdatesTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends AgencyTables {}
}
