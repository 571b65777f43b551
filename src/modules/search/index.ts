// Public surface of the search module: entity search (codes and names), the index the entities module feeds with its
// rows, and the per-entity flags its filters read (maintained by the disclosure module through these functions).
export { searchError } from './search.errors.js'
export {
  clearSearchIndex,
  countIndexed,
  type EntityRowsForIndex,
  indexEntityRows,
  optimizeSearchIndex,
  replaceIndexedEntities,
  toIndexRows,
} from './search.indexer.js'
export { type CodeScheme, parseCodeQuery, searchKey } from './search.key.js'
export type { FlagRow } from './search.repository.js'
export {
  activeEntityFlags,
  clearEntityFlags,
  countFlaggedEntities,
  personClassFlag,
  raiseEntityFlagRows,
  replaceEntityFlags,
  searchEntities,
  setEntityFlag,
} from './search.service.js'
export type { EntityFlagsTable, SearchNamesTable, SearchTables } from './search.tables.js'
export * from './search.types.js'
