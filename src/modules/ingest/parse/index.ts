// Public surface of ingest/parse: streaming readers for CSV, XLSX and JSON lines.
export { detectDelimiter } from './csv-parser.js'
export type { TextEncoding } from './decode.js'
export { numberToPlainString } from './number-text.js'
export { detectFormat, MAX_CELL_CHARS, openRowSource } from './open-row-source.js'
export type { ParseErrorCode, RowErrorCode } from './parse.errors.js'
export { PARSE_ERROR_SPECS, parseError, rowError } from './parse.errors.js'
export type {
  DeclaredEncoding,
  OpenRowSourceOptions,
  RowSource,
  RowSourceInput,
  SourceFormat,
  SourceRow,
} from './types.js'
export {
  DEFAULT_XLSX_LIMITS,
  MAX_OTHER_PART_BYTES,
  MAX_PACKAGE_ENTRIES,
  type XlsxLimits,
  xlsxLimitsMb,
} from './xlsx-package.js'
export { cellValueText, dateCellText } from './xlsx-reader.js'
