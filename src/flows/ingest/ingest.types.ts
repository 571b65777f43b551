import type { Severity } from '../../modules/catalog/index.js'
import type { PlannedRow } from './plan-rows.js'
import type { ClassSource } from './prepare.js'
import type { RowOutcome } from './write-chunk.js'

export type RowOp = 'add' | 'correct' | 'revoke'

/** One problem with one row: what the error report shows (row number, field, code, Chinese message, value). */
export interface RowIssue {
  rowNo: number
  level: 'error' | 'warning'
  field: string | null
  code: string
  message: string
  value: string | null
}

export interface BatchSummary {
  batchId: string | null
  total: number
  accepted: number
  rejected: number
  duplicates: number
  corrected: number
  revoked: number
  warnings: number
  late: number
}

export interface BatchCounts extends Omit<BatchSummary, 'batchId'> {
  unresolved: number
}

export interface IngestRowInput {
  rowNo: number
  /** Raw values by original header. */
  values: Record<string, string>
  /** A row the reader could not parse. */
  error?: { code: string; message: string } | undefined
}

export interface IngestOptions {
  classCode: string
  /** The submitting department; when absent each row's 数据来源单位统一社会信用代码 names it. */
  dept: string | null
  channel: 'api' | 'upload' | 'cli' | 'flow'
  fileName?: string | null
  /** Hash of the whole file: a rerun of an unfinished batch with the same content resumes it. */
  contentHash?: string | null
  dryRun?: boolean
  headers: string[]
  /** The rows, planned in this thread; or none when a `planner` reads and plans them elsewhere. */
  rows?: AsyncIterable<IngestRowInput> | Iterable<IngestRowInput>
  /** Reads and plans the rows elsewhere (a worker thread for large files), a chunk at a time. */
  planner?: Planner
  /** Rows per transaction. */
  chunkSize?: number
  onProgress?: (done: number) => void
  /** Called once the batch row exists (created, or found to resume), before any row is read; not for dry runs. */
  onBatch?: (batchId: string) => void
  /** Keep at most this many issues in memory for dry runs. */
  maxIssuesInMemory?: number
  /**
   * Warnings about the file as a whole (e.g. its declared encoding was overruled by the bytes), read once all rows
   * are read: stored as batch issues with row number 0, so they show in the error report. Never reject a row.
   */
  fileWarnings?: () => { code: string; message: string }[]
  /**
   * Rows sent by a peer platform (docs/federation.md): `dept` is the peer's local department, and the class's list of
   * providers - whom this platform accepts the class from - is the source platform's to apply, not ours.
   */
  fromPeer?: boolean
  /** Told, inside the chunk's transaction, how each row was settled and which record it added or changed. */
  onSettled?: (rowNo: number, outcome: RowOutcome, recordId: string | null) => void
}

/** A source of planned chunks: rows after `resumeAfter`, `chunkSize` at a time, planned against the class source. */
export type Planner = (job: {
  source: ClassSource
  headers: string[]
  resumeAfter: number
  chunkSize: number
  today: string
}) => AsyncIterable<PlannedRow[]>

export interface IngestResult extends BatchSummary {
  /** Dry runs keep issues in memory (no batch is stored). */
  issues?: RowIssue[]
  status: string
}

export type { Severity }
