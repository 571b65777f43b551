// XLSX (first worksheet, or a named one) as a RowSource, streamed with exceljs's WorkbookReader over the package's
// parts (xlsx-package.ts: read through the central directory, with limits on how far each part may expand).
import { packageWorkbookReader } from './exceljs.js'
import { allBlank, cleanHeaders } from './headers.js'
import { numberToPlainString } from './number-text.js'
import { parseError, rowError } from './parse.errors.js'
import type { RowSource, SourceRow } from './types.js'
import { openXlsxPackage, type XlsxLimits, type XlsxPackage } from './xlsx-package.js'

export interface XlsxOptions {
  sheet?: string
  maxCellChars: number
}

/** Rows looked at for the header: leading title rows (one non-empty cell) are skipped. */
const HEADER_SEARCH_ROWS = 20

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** A date cell as the civil date it shows (exceljs builds the Date in UTC from the serial number). */
export function dateCellText(d: Date): string {
  const t = d.getTime()
  if (Number.isNaN(t)) return ''
  // round to the second: serial fractions carry floating-point noise
  const r = new Date(Math.round(t / 1000) * 1000)
  const day = `${r.getUTCFullYear()}-${pad2(r.getUTCMonth() + 1)}-${pad2(r.getUTCDate())}`
  const h = r.getUTCHours()
  const m = r.getUTCMinutes()
  const s = r.getUTCSeconds()
  if (h === 0 && m === 0 && s === 0) return day
  return `${day} ${pad2(h)}:${pad2(m)}:${pad2(s)}`
}

/** Any exceljs cell value as text. */
export function cellValueText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number') return numberToPlainString(v)
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  if (v instanceof Date) return dateCellText(v)
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('')
    if ('result' in o) return cellValueText(o.result) // formula: its cached result
    if ('formula' in o || 'sharedFormula' in o) return ''
    if ('text' in o) return cellValueText(o.text) // hyperlink
    if ('error' in o) return String(o.error) // #N/A and friends: let validation flag them
    if ('sharedString' in o) return ''
  }
  return String(v)
}

interface SheetRow {
  number: number
  cells: string[]
}

type ExcelRow = { number: number; values: unknown }
type SheetReader = AsyncIterable<ExcelRow> & { name?: string }

function rowCells(row: ExcelRow): string[] {
  const values = row.values as unknown[] // 1-based, sparse
  const out: string[] = []
  for (let c = 1; c < values.length; c++) out.push(cellValueText(values[c]))
  return out
}

function unreadable(e: unknown): Error {
  if (e instanceof Error && (e as { code?: string }).code?.startsWith('ingest.')) return e
  return parseError(
    'ingest.unreadable',
    { reason: '不是有效的 XLSX 工作簿或文件已损坏', cause: e instanceof Error ? e.message : String(e) },
    { cause: e },
  )
}

/**
 * Opens the XLSX file at `path` (through its central directory, with `opts.limits` on how far its parts may expand)
 * and reads ahead to the header row. `onClose` runs once the file is released.
 */
export async function openXlsx(
  path: string,
  opts: XlsxOptions & { limits: XlsxLimits; onClose?: () => void },
): Promise<RowSource> {
  let pkg: XlsxPackage
  try {
    pkg = await openXlsxPackage(path, opts.limits)
  } catch (e) {
    opts.onClose?.()
    throw e
  }
  const reader = packageWorkbookReader(pkg, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell date cells from numbers
    hyperlinks: 'ignore',
    entries: 'ignore',
  })
  const sheets = reader[Symbol.asyncIterator]() as AsyncIterator<SheetReader>
  let sheetRows: AsyncIterator<ExcelRow> | null = null
  let sheetName: string | undefined
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    try {
      await sheetRows?.return?.()
      await sheets.return?.(undefined)
    } catch {
      // closing a half-read sheet may fail; the package is closed anyway
    }
    pkg.close()
    opts.onClose?.()
  }

  // find the worksheet
  try {
    for (;;) {
      const r = await sheets.next()
      if (r.done) break
      const ws = r.value
      if (opts.sheet === undefined || ws.name === opts.sheet) {
        sheetName = ws.name
        sheetRows = ws[Symbol.asyncIterator]()
        break
      }
    }
  } catch (e) {
    await close()
    throw unreadable(e)
  }
  if (sheetRows === null) {
    await close()
    throw parseError('ingest.unreadable', {
      reason: opts.sheet === undefined ? '工作簿中没有工作表' : `工作簿中没有名为「${opts.sheet}」的工作表`,
    })
  }
  const rowIt = sheetRows

  async function nextRow(): Promise<SheetRow | null> {
    for (;;) {
      let r: IteratorResult<ExcelRow>
      try {
        r = await rowIt.next()
      } catch (e) {
        throw unreadable(e)
      }
      if (r.done) return null
      const cells = rowCells(r.value)
      if (allBlank(cells)) continue
      return { number: r.value.number, cells }
    }
  }

  // header: the first row with two or more non-empty cells (a title row above it is skipped)
  const lookahead: SheetRow[] = []
  let header: SheetRow | null = null
  try {
    for (let i = 0; i < HEADER_SEARCH_ROWS; i++) {
      const row = await nextRow()
      if (row === null) break
      lookahead.push(row)
      if (row.cells.filter((c) => c.trim() !== '').length >= 2) {
        header = row
        break
      }
    }
  } catch (e) {
    await close()
    throw e
  }
  if (header === null) header = lookahead[0] ?? null
  if (header === null) {
    await close()
    throw parseError('ingest.unreadable', { reason: `工作表「${sheetName ?? ''}」为空，没有表头和数据` })
  }
  const pending = lookahead.slice(lookahead.indexOf(header) + 1)
  // the header ends at its last non-empty cell
  let width = header.cells.length
  while (width > 0 && (header.cells[width - 1] as string).trim() === '') width--
  const headers = cleanHeaders(header.cells.slice(0, width))

  function toRow(row: SheetRow): SourceRow {
    const values: Record<string, string> = {}
    const cells = row.cells
    for (let i = 0; i < width; i++) values[headers[i] as string] = cells[i] ?? ''
    for (let i = 0; i < cells.length; i++) {
      if ((cells[i] as string).length > opts.maxCellChars) {
        return {
          rowNo: row.number,
          values: {},
          error: rowError('ingest.cell_too_large', { row: row.number, limit: opts.maxCellChars }),
        }
      }
    }
    if (cells.length > width && !allBlank(cells.slice(width))) {
      let got = cells.length
      while (got > width && (cells[got - 1] as string).trim() === '') got--
      return {
        rowNo: row.number,
        values,
        error: rowError('ingest.ragged_row', { row: row.number, got, expected: width, format: 'xlsx' }),
      }
    }
    return { rowNo: row.number, values }
  }

  return {
    format: 'xlsx',
    encoding: null,
    headers,
    ...(sheetName !== undefined ? { sheetName } : {}),
    rows: (async function* () {
      try {
        for (const r of pending) yield toRow(r)
        for (;;) {
          const row = await nextRow()
          if (row === null) break
          yield toRow(row)
        }
      } finally {
        await close()
      }
    })(),
    close,
  }
}
