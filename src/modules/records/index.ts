export { recordError } from './records.errors.js'
export {
  type RecordJson,
  presentRecord,
  presentRecordVersion,
  presentBatch,
  type BatchJson,
} from './records.presenter.js'
export {
  type BatchIssueRow,
  type BatchRow,
  claimBatch,
  countBatches,
  findBatch,
  findRecordsByKeys,
  findResumableBatch,
  insertBatch,
  insertIssues,
  insertRecords,
  insertVersions,
  issuesOf,
  issuesOfRow,
  listBatches,
  maxIssueSeq,
  payloadOf,
  type RecordRow,
  type RecordVersionRow,
  recordsOfEntity,
  TRIGGER_COLUMNS,
  type TriggerRow,
  updateBatch,
  updateRecordCurrent,
} from './records.repository.js'
export {
  getRecordRow,
  getRecordWithPayload,
  recordHistory,
  revokeBatch,
  revokeRecord,
  revokeRecordIn,
  textHash,
} from './records.service.js'
export type {
  BatchesTable,
  BatchIssuesTable,
  RecordsTable,
  RecordTables,
  RecordVersionsTable,
} from './records.tables.js'
