import type { Principal } from '../../modules/access/index.js'
import { accessError } from '../../modules/access/index.js'
import type { Db } from '../../db/database.js'
import { type BatchJson, type BatchRow, findBatch, issuesOf, presentBatch } from '../../modules/records/index.js'
import { batchInterrupted } from './batch-runner.js'
import { ingestError } from './ingest.errors.js'
import type { RowIssue } from './ingest.types.js'

/** A batch as its department (or an operator/auditor) may see it. */
export async function batchFor(db: Db, principal: Principal | null, id: string): Promise<BatchRow> {
  const b = await findBatch(db, id)
  if (!b) throw ingestError('ingest.batch_not_found', { id })
  if (principal && principal.role !== 'operator' && principal.role !== 'auditor' && principal.dept !== b.dept_code)
    throw accessError('access.forbidden', { permission: 'batch.read' })
  return b
}

/** A batch's JSON, with whether it was cut off (its runner gone) as of `now`. */
export function batchJson(b: BatchRow, now: Date): BatchJson {
  return presentBatch(b, batchInterrupted(b, now))
}

export async function batchIssues(db: Db, batchId: string): Promise<RowIssue[]> {
  return (await issuesOf(db, batchId)).map((i) => ({
    rowNo: i.row_no,
    level: i.level as 'error' | 'warning',
    field: i.field,
    code: i.code,
    message: i.message,
    value: i.value,
  }))
}
