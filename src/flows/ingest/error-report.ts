import type { Writable } from 'node:stream'
import { safeCsvStream } from '../../core/csv.js'
import { ExcelJS } from '../../modules/ingest/index.js'
import type { RowIssue } from './ingest.types.js'

export type ReportFormat = 'csv' | 'xlsx'

const HEADERS = ['行号', '级别', '字段', '错误代码', '说明', '原始值']
const LEVEL = { error: '错误', warning: '警告' } as const

function cells(i: RowIssue): (string | number)[] {
  // row 0: a warning about the file as a whole (e.g. its declared encoding was overruled)
  return [i.rowNo === 0 ? '整个文件' : i.rowNo, LEVEL[i.level], i.field ?? '', i.code, i.message, i.value ?? '']
}

/** Writes an error report (row number, level, field, code, Chinese message, original value) as CSV or XLSX. */
export async function writeErrorReport(
  issues: AsyncIterable<RowIssue> | Iterable<RowIssue>,
  format: ReportFormat,
  out: Writable,
): Promise<void> {
  if (format === 'csv') {
    out.write('\uFEFF')
    const csv = safeCsvStream(HEADERS)
    const done = new Promise<void>((resolve, reject) => {
      csv.on('error', reject)
      out.on('error', reject)
      csv.on('end', resolve)
    })
    csv.pipe(out)
    for await (const i of issues as AsyncIterable<RowIssue>) {
      if (!csv.write(cells(i))) await new Promise((r) => csv.once('drain', r))
    }
    csv.end()
    await done
    return
  }
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false })
  const ws = wb.addWorksheet('错误报告')
  ws.addRow(HEADERS).commit()
  for await (const i of issues as AsyncIterable<RowIssue>) ws.addRow(cells(i)).commit()
  ws.commit()
  await wb.commit()
}
