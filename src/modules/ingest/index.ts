// Public surface of the ingest module (parsing and normalising uploaded files). Minimal for now: what other units
// need besides the parse/ and normalize/ indexes.
export { default as ExcelJS } from './parse/exceljs.js'
