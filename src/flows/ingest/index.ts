export { batchFor, batchIssues, batchJson } from './batch-queries.js'
export { RUNNER_STALE_MS, runnerAlive, THIS_RUNNER } from './batch-runner.js'
export { type ReportFormat, writeErrorReport } from './error-report.js'
export {
  fileHash,
  type ImportFileOptions,
  importFile,
  parseDeclaredEncoding,
  planningWorkersInUse,
} from './import-file.js'
export { ingestError, ROW_MESSAGES } from './ingest.errors.js'
export type { BatchSummary, IngestOptions, IngestResult, IngestRowInput, RowIssue } from './ingest.types.js'
export { type ReleasedRow, type ReleaseSummary, releaseQueuedRows } from './release-rows.js'
export { revokeSubmittedBatch } from './revoke-batch.js'
export { runIngest } from './run-ingest.js'
export type { RowOutcome } from './write-chunk.js'
