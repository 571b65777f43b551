// 政务共享查询: records in government and public scope that are in force, for up to 1,000 subjects, audited per
// subject with the stated purpose.
export { shareError } from './sharing.errors.js'
export {
  MAX_SHARE_SUBJECTS,
  SHARE_READ_ACTION,
  type ShareAnswer,
  type SharedRecord,
  type ShareQuery,
  type ShareRow,
  shareEntityRecords,
  shareQuery,
  sharedRecordsOf,
} from './sharing.flow.js'
export { SharedEntitySchema, SharedRecordSchema } from './sharing.presenter.js'
export { sharingRoutes } from './sharing.routes.js'
