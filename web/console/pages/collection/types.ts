// Shapes of the collection API (src/flows/ingest/ingest.routes.ts, src/modules/records/records.presenter.ts).

/** The counters every batch carries. */
export interface BatchCounters {
  total: number
  accepted: number
  rejected: number
  duplicates: number
  corrected: number
  revoked: number
  warnings: number
  late: number
}

/** POST /api/v1/batches/upload -> the summary (dry runs: batchId null, status dry_run, nothing stored). */
export interface UploadSummary extends BatchCounters {
  batchId: string | null
  status: string
}

/** GET /api/v1/batches (items) and GET /api/v1/batches/:id */
export interface Batch extends BatchCounters {
  batchId: string
  class: string
  classVersion: number
  dept: string | null
  channel: string
  fileName: string | null
  status: string
  dryRun: boolean
  unresolved: number
  rowsDone: number
  error: string | null
  createdAt: string
  finishedAt: string | null
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
