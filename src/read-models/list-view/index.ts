// Read model for the lists module (src/modules/lists) and the confirm-proposal flow (src/flows/lists): list entries
// joined with their entity and current version, the records that count for the escalation rule, which entities are
// listed today, and the entity and record briefs of proposals. Reads records, record_versions and entities (see
// reads.ts); never writes.
export {
  type CountingFilter,
  countingRecords,
  type EntityBrief,
  type EntryFilter,
  type EntryRow,
  entitiesWithCountingRecords,
  entityBriefs,
  entryPage,
  listedEntityIds,
  listedSql,
  type RecordBrief,
  recordBriefs,
  recordsOfBatchForEntity,
} from './list-view.queries.js'
