// Read model "disclosure sources": the record facts (records, open record marks) the disclosure rule and the entity
// flags derive from. Read by the disclosure module; see disclosure-sources.queries.ts.
export {
  entityIdsWithRecords,
  flagSourceRecords,
  inForceCandidateSql,
  openMarkedRecords,
  publicCandidateSql,
  RULE_COLUMNS,
  type RuleRow,
} from './disclosure-sources.queries.js'
export { reads } from './reads.js'
