// Shapes of the collection API, as the server declares them (src/flows/ingest, src/modules/records/records.presenter.ts).
import type { BatchSummary } from '../../../../src/flows/ingest/index.js'

export type { BatchJson as Batch } from '../../../../src/modules/records/index.js'

/** The counters every batch carries. */
export type BatchCounters = Omit<BatchSummary, 'batchId'>

/** POST /api/v1/batches/upload -> the summary (dry runs: batchId null, status dry_run, nothing stored). */
export interface UploadSummary extends BatchCounters {
  batchId: string | null
  status: string
}

/** One line of an error report (GET /api/v1/batches/:id/errors?format=csv). */
export interface ReportIssue {
  rowNo: string
  level: string
  field: string
  code: string
  message: string
  value: string
}

export const errorReportUrl = (batchId: string, format: 'csv' | 'xlsx') =>
  `/api/v1/batches/${encodeURIComponent(batchId)}/errors?format=${format}`

export const templateUrl = (classCode: string, format: 'csv' | 'xlsx') =>
  `/api/v1/batches/templates/${encodeURIComponent(classCode)}?format=${format}`
