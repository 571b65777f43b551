/**
 * An objection (异议) is a case (cases module) about one record; this table holds what only objections have: the
 * record and the version objected to, the department that provided it (谁提供谁核实), the applicant's reason and
 * contact (masked; the clear text sealed when it held a resident ID number), the evidence files and whether an
 * operator filed it at the window on the subject's behalf (窗口代录).
 */
export interface ObjectionsTable {
  /** The case's id (cases.id). */
  case_id: string
  record_id: string
  /** The record's version when the objection was filed. */
  record_version: number
  entity_id: string
  /** The record's provider: the department that verifies and decides. */
  provider_dept: string
  class_code: string
  /** 异议理由, masked (maskPersonalText). */
  reason: string
  /** 联系方式, masked; shown to handlers only. */
  contact: string | null
  /** JSON of field -> AES-GCM of the clear text of reason/contact when they held an ID number (sealPersonalText). */
  sealed: string | null
  /** JSON array of evidence file ids. */
  evidence: string
  /** 1: an operator filed it on the subject's behalf (窗口代录). */
  on_behalf: number
  /** The record id while the case is open, null once closed: unique, so a record has one open objection at most. */
  open_record: string | null
  created_at: string
}

export interface ObjectionTables {
  objections: ObjectionsTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends ObjectionTables {}
}
