import type { RecordRow } from './records.repository.js'

/** The columns that decide whether a record triggers a measure (checks). */
export const TRIGGER_COLUMNS = [
  'id',
  'entity_id',
  'class_code',
  'state',
  'severity',
  'decided_on',
  'document_no',
  'publish_from',
  'publish_max_until',
  'list_kind',
  'list_until',
] as const
export type TriggerRow = Pick<RecordRow, (typeof TRIGGER_COLUMNS)[number]>
