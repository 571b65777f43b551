// Read model "grading sources": the organisations, change counters, records (with amount payloads) and open
// objection marks credit evaluation reads. Read by the grading module; see grading-sources.queries.ts.
export {
  type CoveredEntity,
  countCoveredEntities,
  coveredEntitiesPage,
  entitiesFacts,
  entityFacts,
  entityVersionsInRange,
  entityVersionsOf,
  type GradingRecordRow,
  gradingRecordsInRange,
  gradingRecordsOf,
  objectedRecordsInRange,
  objectedRecordsOf,
} from './grading-sources.queries.js'
export { reads } from './reads.js'
