/**
 * One row per mark: opened (who, when, why) and, later, closed (who, when, why). A record may be marked again
 * after a mark was closed: the rows together are the record's mark history. Marks are not record versions.
 */
export interface RecordMarksTable {
  id: string
  record_id: string
  /** The record's entity (for the entity file and the entity flags). */
  entity_id: string
  /** under_objection (异议处理中) */
  kind: string
  opened_at: string
  opened_by_kind: string
  opened_by: string | null
  open_reason: string
  closed_at: string | null
  closed_by_kind: string | null
  closed_by: string | null
  close_reason: string | null
}

export type MarkTables = {
  record_marks: RecordMarksTable
}
