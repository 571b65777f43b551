// Record search, single-record correction and early list removal from the console (docs/records.md).
export { correctRecordFor, endListEntryFor, searchRecordsFor } from './record-corrections.flow.js'
export { recordCorrectionRoutes } from './record-corrections.routes.js'
