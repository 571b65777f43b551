// Public surface of the queue of unmatched subjects (待匹配主体): written by the collection pipeline, read by operators;
// matching and registering release the rows through the pipeline again (src/flows/unmatched).
export { unmatchedError } from './unmatched.errors.js'
export { EntryDetailSchema, ReleaseSchema } from './unmatched.presenter.js'
export { unmatchedRoutes } from './unmatched.routes.js'
export {
  assertOpen,
  candidatesFor,
  decideEntry,
  enqueueUnmatched,
  getEntry,
  getEntryRow,
  listEntries,
  nameCore,
  pendingRowsOf,
  settleQueueRow,
  subjectOf,
  withdrawBatchRows,
  withdrawResubmitted,
} from './unmatched.service.js'
export type { UnmatchedEntriesTable, UnmatchedRowsTable, UnmatchedTables } from './unmatched.tables.js'
export * from './unmatched.types.js'
