import type { Db } from '../../database.js'

/**
 * Nothing on SQLite (docs/decisions.md): its planner chooses our index plans without statistics, a full ANALYZE of a
 * 100,000-entity demo made search no faster (and changes plans nobody measured), and the search index analyses its
 * own table after a rebuild. Returns the tables analysed: none.
 */
export async function sqliteRefreshStatistics(_db: Db, _tables?: readonly string[]): Promise<string[]> {
  return []
}
