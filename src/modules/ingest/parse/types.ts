import type { Readable } from 'node:stream'
import type { XlsxLimits } from './xlsx-package.js'

export type SourceFormat = 'csv' | 'xlsx' | 'jsonl'
export type DeclaredEncoding = 'utf-8' | 'gb18030'

export interface SourceRow {
  /**
   * 1-based row number as the user sees it: for CSV and XLSX the header is row 1, so the first data row is 2 (a CSV
   * record that spans several lines counts once, as in Excel; blank rows count); for JSON lines, the line number.
   */
  rowNo: number
  /** Cell text by original header (every header present; '' when the cell is empty). */
  values: Record<string, string>
  /** A row that could not be parsed; values then hold what could be read, possibly nothing. */
  error?: { code: string; message: string }
  /** CSV and JSON lines: the physical line the row starts on (differs from rowNo after multi-line cells). */
  line?: number
}

export interface RowSource {
  format: SourceFormat
  /** The encoding used to decode the text ('utf-8', 'gb18030', 'utf-16le'); null for XLSX. */
  encoding: string | null
  /** Set when the declared encoding contradicted the bytes and the detected one was used. */
  encodingWarning?: string
  /** Trimmed headers; empty ones are named 列N, repeated ones 名称#2, 名称#3 ... */
  headers: string[]
  /** CSV: the delimiter found in the header line. */
  delimiter?: string
  /** XLSX: the worksheet read. */
  sheetName?: string
  /**
   * The data rows, in file order. Iterate once. Rows whose cells are all empty are skipped (their numbers are not
   * reused). Errors that make the rest of the file unreadable (a corrupt XLSX) are thrown as ingest.unreadable.
   */
  rows: AsyncIterable<SourceRow>
  /** Releases the file when the rows are not read to the end (reading to the end or breaking out closes it too). */
  close(): Promise<void>
}

export type RowSourceInput = { path: string } | { stream: Readable; fileName: string }

export interface OpenRowSourceOptions {
  /** Declared text encoding. Detection overrules it when the bytes clearly say otherwise (see encodingWarning). */
  encoding?: DeclaredEncoding
  /** XLSX: the worksheet to read by name (default: the first one). */
  sheet?: string
  /** Largest cell, in characters (default 1,048,576). Larger cells make a row error ingest.cell_too_large. */
  maxCellChars?: number
  /** XLSX: how far the worksheet and the shared strings may expand (default DEFAULT_XLSX_LIMITS). */
  xlsxLimits?: XlsxLimits
}
