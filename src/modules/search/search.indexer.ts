// Writes the search index from entity rows handed over by the entities module (which keeps the index in step with
// its tables: see entities.search-index.ts); the search module never reads the entities' tables.
import type { Trx } from '../../core/command.js'
import { type Db, helpersOf, type SearchIndexRow } from '../../db/database.js'
import { keyFromNameKey, searchKey } from './search.key.js'
import { countIndexed as countIndexRows } from './search.repository.js'

/** The entity rows the entities module writes (a structural subset of its insert rows). */
export interface EntityRowsForIndex {
  entities: readonly {
    id: string
    kind: string
    name: string
    uscc?: string | null | undefined
    district?: string | null | undefined
    industry?: string | null | undefined
    status: string
  }[]
  names: readonly { entity_id: string; name: string; name_norm?: string | undefined; kind: string }[]
}

/** One index row per distinct key of each entity: its current name first, then its former names. */
export function toIndexRows(rows: EntityRowsForIndex): SearchIndexRow[] {
  const byEntity = new Map<string, { name: string; key: string; former: boolean }[]>()
  for (const n of rows.names) {
    let list = byEntity.get(n.entity_id)
    if (!list) {
      list = []
      byEntity.set(n.entity_id, list)
    }
    const key = n.name_norm !== undefined ? keyFromNameKey(n.name_norm) : searchKey(n.name)
    list.push({ name: n.name, key, former: n.kind !== 'current' })
  }
  const out: SearchIndexRow[] = []
  for (const e of rows.entities) {
    const names = byEntity.get(e.id) ?? []
    names.sort((a, b) => Number(a.former) - Number(b.former))
    if (!names.some((n) => !n.former)) names.unshift({ name: e.name, key: searchKey(e.name), former: false })
    const keys = new Set<string>()
    const kept = names.filter((n, i) => {
      // the current name always has a row (one per organisation: the counts rely on it); former names add new keys only
      if (i > 0 && (n.key === '' || keys.has(n.key))) return false
      keys.add(n.key)
      return true
    })
    const person = e.kind === 'natural_person'
    for (const n of kept) {
      out.push({
        entityId: e.id,
        name: n.name,
        key: n.key,
        former: n.former,
        multi: kept.length > 1,
        person,
        kind: e.kind,
        district: e.district ?? null,
        industry: e.industry ?? null,
        uscc: e.uscc ?? null,
        status: e.status,
      })
    }
  }
  return out
}

/**
 * Indexes entities that were just inserted (their rows are at hand: no reads). Call it in the transaction that
 * inserted them, right after the insert; this is the bulk path of insertEntitiesBulk.
 */
export async function indexEntityRows(trx: Trx, rows: EntityRowsForIndex): Promise<number> {
  const list = toIndexRows(rows)
  await helpersOf(trx).search.insertRows(trx, list)
  return list.length
}

/**
 * Re-indexes entities from their rows as they are now (after a change of name, district, status...): their old index
 * rows go, `rows` come in; an entity without rows (deleted) just leaves the index. Call it in the transaction that
 * changed them.
 */
export async function replaceIndexedEntities(
  trx: Trx,
  entityIds: readonly string[],
  rows: EntityRowsForIndex,
): Promise<number> {
  const ids = [...new Set(entityIds)].filter(Boolean)
  if (ids.length === 0) return 0
  const helpers = helpersOf(trx).search
  await helpers.deleteEntities(trx, ids)
  const list = toIndexRows(rows)
  await helpers.insertRows(trx, list)
  return list.length
}

/** Empties the index (the first step of a full rebuild). */
export async function clearSearchIndex(trx: Trx): Promise<void> {
  await helpersOf(trx).search.clear(trx)
}

/** Compacts the index (SQLite: merges the FTS5 segments into one; PostgreSQL: ANALYZE). Useful after bulk loads. */
export async function optimizeSearchIndex(db: Db): Promise<void> {
  await helpersOf(db).search.optimize(db)
}

/** How many names and entities (current names) the index holds. */
export async function countIndexed(db: Db): Promise<{ names: number; entities: number }> {
  return countIndexRows(db)
}
