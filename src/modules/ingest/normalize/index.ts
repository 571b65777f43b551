// Public surface of ingest/normalize: header mapping and pure value/row normalisers.
export type { AmountErrorCode, AmountParse, AmountResult, AmountUnit } from './amount.js'
export { parseAmount, parseAmountDetailed, yuanToFen } from './amount.js'
export type { CivilDateResult, DateProblem } from './civil-date.js'
export { DATE_FORMS_HINT, parseCivilDate, parseCivilDateDetailed } from './civil-date.js'
export type { HeaderMapping } from './map-headers.js'
export { mapHeaders, matchHeader, OP_COLUMN, REASON_COLUMN, SEVERITY_COLUMN } from './map-headers.js'
export type { FieldIssue, NormalizedRow, RowNormalizer, RowOp } from './normalize-row.js'
export { compileRowNormalizer, normalizeRow, OP_LABEL, parseOp, REASON_LABEL } from './normalize-row.js'
export type {
  CellNormalizer,
  IssueSink,
  NormalizedValue,
  ValueErrorCode,
  ValueIssue,
  ValueWarningCode,
} from './normalize-value.js'
export { compileFieldNormalizer, LONG_TERM_DATE, normalizeValue } from './normalize-value.js'
export { cleanString, cleanText, matchKey, nfkc } from './text.js'
