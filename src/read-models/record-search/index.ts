// Read model of the console's record search (信用记录查询, src/flows/record-corrections): current records joined with
// their entity, filtered by department, class, decision date, entity, state and batch. Reads records, record_versions
// and entities (see reads.ts); never writes.
export { type RecordSearchFilter, type RecordSearchRow, recordSearchPage } from './queries.js'
