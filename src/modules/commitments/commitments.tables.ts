/**
 * One credit commitment (信用承诺): who committed (entity), to which department, for which matter, and its current
 * state. The row is the projection of its versions; every change is a new row in commitment_versions.
 */
export interface CommitmentsTable {
  id: string
  /** The newest version in commitment_versions. */
  version: number
  /** 承诺书编号: given by the department or generated; unique per department; the key of the published record. */
  number: string
  entity_id: string
  /** notify_commit | tolerate_missing | repair | voluntary | industry */
  type: string
  /** 事项名称 */
  matter: string
  /** 事项编码 (optional) */
  matter_code: string | null
  /** The receiving department (承诺受理单位). */
  dept: string
  /** 承诺内容 */
  content: string
  /** 承诺日期 (civil date). */
  filed_on: string
  /** Fulfilment / supplementary materials due (civil date), when the type has one. */
  due_on: string | null
  /** 承诺有效期至 (civil date), optional. */
  valid_to: string | null
  /** 0/1: published as a `commitment` record. */
  is_public: number
  /** filed | fulfilled | breached | withdrawn */
  status: string
  /** applicant | dept: who filed it. */
  filed_by: string
  /** The published `commitment` record (public commitments). */
  record_id: string | null
  /** The `commitment_breach` record created by a breach. */
  breach_record_id: string | null
  /** The civil date of the decision (fulfilment, breach) or the withdrawal. */
  decided_on: string | null
  /**
   * The clear text of matter, content and matter_code where they held a resident ID number (stored masked): JSON of
   * field -> AES-GCM (sealPersonalText); null when none did. Migration 0016.
   */
  sealed: string | null
  created_at: string
  updated_at: string
}

/** One transition of a commitment; never updated or deleted. */
export interface CommitmentVersionsTable {
  commitment_id: string
  version: number
  /** file | publish | fulfil | breach | link_breach | withdraw */
  op: string
  /** The status after the transition. */
  status: string
  /** JSON text: what the transition recorded (note, breach facts, document no., record ids). */
  details: string
  actor_kind: string
  actor_id: string | null
  actor_dept: string | null
  at: string
}

export interface CommitmentTables {
  commitments: CommitmentsTable
  commitment_versions: CommitmentVersionsTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends CommitmentTables {}
}
