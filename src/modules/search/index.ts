// Public surface of the search module: entity search (codes and names), the index's upkeep, and the per-entity
// flags its filters read.
export { searchError } from './search.errors.js'
export {
  type EntityRowsForIndex,
  indexEntities,
  indexEntityRows,
  optimizeSearchIndex,
  type RebuildSummary,
  rebuildSearchIndex,
  toIndexRows,
} from './search.indexer.js'
export { type CodeScheme, parseCodeQuery, searchKey } from './search.key.js'
export { countIndexed } from './search.repository.js'
export { clearEntityFlags, personClassFlag, searchEntities, setEntityFlag } from './search.service.js'
export type { EntityFlagsTable, SearchNamesTable, SearchTables } from './search.tables.js'
export * from './search.types.js'
