// Read model "sme sources": the organisations with a current grade by the screening rule's models, their list
// entries and serious records in force (优质中小企业名单). Read by the sme module; see sme-sources.queries.ts.
export {
  type ScreenCandidate,
  type ScreenFilter,
  type ListedEntry,
  listedEntries,
  screenCandidates,
  seriousEntityIds,
} from './sme-sources.queries.js'
export { reads } from './reads.js'
