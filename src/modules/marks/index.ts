// Public surface of the marks module: 「异议处理中」 marks on records, with their history.
export { markError } from './marks.errors.js'
export { MARK_LABELS, type MarkJson, markEvents, presentMark, presentPublicMark } from './marks.presenter.js'
export type { MarkRow } from './marks.repository.js'
export { markRoutes } from './marks.routes.js'
export {
  closeMark,
  MARK_KINDS,
  type MarkKind,
  markHistory,
  marksOfRecord,
  openMark,
  openMarksOfEntity,
  openMarksOfRecords,
} from './marks.service.js'
export type { MarkTables, RecordMarksTable } from './marks.tables.js'
