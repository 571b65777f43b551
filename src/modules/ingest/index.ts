// Public surface of ingest: the streaming readers (parse/), the header and value normalisers (normalize/) and
// exceljs with its fixes (parse/exceljs.ts: import ExcelJS from here, never from 'exceljs').
export * from './normalize/index.js'
export { default as ExcelJS } from './parse/exceljs.js'
export * from './parse/index.js'
