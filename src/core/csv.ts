// CSV that is safe to open in a spreadsheet program: every CSV the server or the CLI writes goes through here.
import { type Options, stringify } from 'csv-stringify'
import { stringify as stringifySync } from 'csv-stringify/sync'

/**
 * First characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"): = + - @, tab and carriage
 * return, and their full-width forms, which spreadsheets in Chinese locales convert on entry.
 */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'])

/** A plain number (-12, +3.5, -0.25): a spreadsheet reads it as the number it is, never as a formula. */
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?$/

/**
 * A cell as written into a CSV export: a text that a spreadsheet would take for a formula gets a leading single quote
 * (the quote shows; the text is kept whole). Plain signed numbers are left as they are.
 */
export function neutralizeCsvCell(value: string): string {
  if (value === '' || !FORMULA_START.has(value[0] as string) || PLAIN_NUMBER.test(value)) return value
  return `'${value}`
}

/**
 * csv-stringify's cast for string cells, the header row included: every text neutralised (numbers and booleans are not
 * text a formula hides in).
 */
export const SAFE_CSV_CAST: Options['cast'] = { string: (v) => neutralizeCsvCell(v) }

/** A whole CSV file: UTF-8 with a BOM (for Excel), a header row, every cell neutralised. */
export function safeCsv(columns: string[], rows: unknown[][]): string {
  return `\uFEFF${stringifySync(rows, { header: true, columns, cast: SAFE_CSV_CAST })}`
}

/** A streaming CSV writer with a header row, every cell neutralised (the caller writes the BOM). */
export function safeCsvStream(columns: string[]): ReturnType<typeof stringify> {
  return stringify({ header: true, columns, cast: SAFE_CSV_CAST })
}
