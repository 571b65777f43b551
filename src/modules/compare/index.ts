// Public surface of the compare module: batch comparison (批量比对) of uploaded lists, staged and compared in chunks.
export { compareError } from './compare.errors.js'
export { ComparisonListSchema, ComparisonSchema } from './compare.presenter.js'
export {
  COMPARE_OUTCOMES,
  COMPARE_READ_ACTION,
  type CompareHits,
  type CompareOutcome,
  type CompareUpload,
  type CompareViewer,
  type ComparisonJson,
  comparisonDownload,
  comparisonRow,
  compareNextChunk,
  createComparison,
  DEFAULT_CHUNK_ROWS,
  listVisibleComparisons,
  MAX_COMPARE_ROWS,
  presentComparison,
  visibleComparison,
} from './compare.service.js'
export {
  claimComparisonRun,
  failComparison,
  releaseComparisonRun,
  unfinishedComparisonRows,
} from './compare.runs.js'
export type { ComparisonRow } from './compare.repository.js'
export { LIST_LABELS, OUTCOME_SHEETS, SHEET_HEADERS } from './compare.workbook.js'
export type {
  CompareTables,
  ComparisonInputsTable,
  ComparisonResultsTable,
  ComparisonsTable,
} from './compare.tables.js'
