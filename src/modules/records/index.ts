export { recordError } from './records.errors.js'
export {
  type BatchJson,
  presentBatch,
  presentRecord,
  presentRecordVersion,
  type RecordJson,
} from './records.presenter.js'
export type {
  BatchIssueRow,
  BatchRow,
  BatchScope,
  BatchSumsRow,
  ErrorCodeRow,
  RecordRow,
  RecordVersionRow,
  RecordWithPayload,
} from './records.repository.js'
export {
  batchErrorCodes,
  batchSums,
  claimBatch,
  countBatches,
  findBatch,
  findRecordsByKeys,
  findResumableBatch,
  getRecordRow,
  getRecordWithPayload,
  insertBatch,
  insertIssues,
  insertRecords,
  insertVersions,
  issuesOf,
  issuesOfRow,
  listBatches,
  maxIssueSeq,
  openRecordFor,
  payloadOf,
  recordHistory,
  recordsOfEntity,
  recordsWithPayloadOfEntity,
  revokeBatch,
  revokeBatchIn,
  revokeRecord,
  revokeRecordIn,
  textHash,
  updateBatch,
  updateRecordCurrent,
} from './records.service.js'
export { BATCH_COUNTERS, type BatchCounter, type BatchCounters, countersOf } from './records.tables.js'
export type {
  BatchesTable,
  BatchIssuesTable,
  RecordsTable,
  RecordTables,
  RecordVersionsTable,
} from './records.tables.js'
export { recordRoutes } from './records.routes.js'
