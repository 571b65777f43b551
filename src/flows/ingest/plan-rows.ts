import type { KeyRing } from '../../core/keys.js'
import type { IngestRowInput, RowIssue } from './ingest.types.js'
import { type ClassContext, evaluateRow, type RowPlan } from './prepare.js'

/**
 * The mark that opens a template's example row (its subject's name): a row whose first filled cell begins with it is
 * the template's example, skipped on import (neither counted nor reported).
 */
export const EXAMPLE_ROW_MARK = '【示例】'

/** True for the template's example row (docs/file-formats.md). */
export function isExampleRow(row: IngestRowInput): boolean {
  if (row.error) return false
  for (const v of Object.values(row.values)) {
    const text = v?.trim()
    if (text) return text.startsWith(EXAMPLE_ROW_MARK)
  }
  return false
}

/** A row after planning: what to do with it (null: nothing can be done) and its issues so far. */
export interface PlannedRow {
  rowNo: number
  plan: RowPlan | null
  issues: RowIssue[]
}

/** Plans one row: reader errors pass through, everything else is normalised, validated and evaluated. */
export function planRow(keys: KeyRing, cc: ClassContext, row: IngestRowInput, today: string): PlannedRow {
  const issues: RowIssue[] = []
  if (row.error) {
    issues.push({
      rowNo: row.rowNo,
      level: 'error',
      field: null,
      code: row.error.code,
      message: row.error.message,
      value: null,
    })
    return { rowNo: row.rowNo, plan: null, issues }
  }
  return { rowNo: row.rowNo, plan: evaluateRow(keys, cc, row, today, issues), issues }
}

/**
 * Plans rows in this thread, a chunk at a time, skipping those a resumed batch already holds. `today` is asked per
 * chunk (a long run can cross midnight).
 */
export async function* planInProcess(
  keys: KeyRing,
  cc: ClassContext,
  rows: AsyncIterable<IngestRowInput> | Iterable<IngestRowInput>,
  o: { resumeAfter: number; chunkSize: number; today: () => string },
): AsyncGenerator<PlannedRow[]> {
  let chunk: IngestRowInput[] = []
  const plan = (list: IngestRowInput[]) => {
    const today = o.today()
    return list.map((r) => planRow(keys, cc, r, today))
  }
  for await (const row of rows) {
    if (row.rowNo <= o.resumeAfter || isExampleRow(row)) continue
    chunk.push(row)
    if (chunk.length >= o.chunkSize) {
      const list = chunk
      chunk = []
      yield plan(list)
    }
  }
  if (chunk.length) yield plan(chunk)
}
