// Public surface of the marks module: 「异议处理中」 marks on records, with their history. The record a mark is put on
// is read by the caller (flows/record-marks) and passed in: marks do not load the records module.
export { markError } from './marks.errors.js'
export {
  MARK_LABELS,
  MarkHistorySchema,
  type MarkJson,
  MarkSchema,
  markEvents,
  presentMark,
  presentMarkHistory,
  presentPublicMark,
} from './marks.presenter.js'
export type { MarkRow } from './marks.repository.js'
export {
  checkMarkRequest,
  closeMarkOn,
  MARK_KINDS,
  type MarkedRecord,
  type MarkKind,
  type MarkRequest,
  marksOfRecord,
  openMarkOn,
  openMarksOfEntity,
  openMarksOfRecords,
} from './marks.service.js'
export type { MarkTables, RecordMarksTable } from './marks.tables.js'
