// Keeps the search index in step with the entities: rows from freshly inserted entities (in memory, no reads),
// re-indexing of changed entities, and a full rebuild.
import { performance } from 'node:perf_hooks'
import { type Db, helpersOf, type SearchIndexRow } from '../../db/database.js'
import { keyFromNameKey, searchKey } from './search.key.js'
import { countIndexed, entityPage, loadEntities, type SourceEntity, type SourceName } from './search.repository.js'

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

async function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn)
}

/**
 * Indexes entities that were just inserted (their rows are at hand: no reads). Call it in the transaction that
 * inserted them, right after the insert; this is the bulk path of insertEntitiesBulk.
 */
export async function indexEntityRows(db: Db, rows: EntityRowsForIndex): Promise<number> {
  const list = toIndexRows(rows)
  await inTransaction(db, (trx) => helpersOf(trx).search.insertRows(trx, list))
  return list.length
}

/** Re-indexes entities from their stored rows (after a change of name, district, status...); removes deleted ones. */
export async function indexEntities(db: Db, entityIds: Iterable<string>): Promise<number> {
  const ids = [...new Set(entityIds)].filter(Boolean)
  if (ids.length === 0) return 0
  return inTransaction(db, async (trx) => {
    const helpers = helpersOf(trx).search
    await helpers.deleteEntities(trx, ids)
    const src = await loadEntities(trx, ids)
    const list = toIndexRows(src)
    await helpers.insertRows(trx, list)
    return list.length
  })
}

/** Compacts the index (SQLite: merges the FTS5 segments into one; PostgreSQL: ANALYZE). Useful after bulk loads. */
export async function optimizeSearchIndex(db: Db): Promise<void> {
  await helpersOf(db).search.optimize(db)
}

export interface RebuildProgress {
  done: number
}

export interface RebuildSummary {
  entities: number
  names: number
  seconds: number
}

/**
 * Rebuilds the whole index from the entities tables, `batch` entities per transaction, then compacts it.
 * Searches during the rebuild see a partial index.
 */
export async function rebuildSearchIndex(
  db: Db,
  options: { batch?: number; onProgress?: (p: RebuildProgress) => void } = {},
): Promise<RebuildSummary> {
  const started = performance.now()
  const batch = options.batch ?? 5000
  const helpers = helpersOf(db).search
  await inTransaction(db, (trx) => helpers.clear(trx))
  let after: string | null = null
  let done = 0
  for (;;) {
    const page: { entities: SourceEntity[]; names: SourceName[] } = await entityPage(db, after, batch)
    if (page.entities.length === 0) break
    const list = toIndexRows(page)
    await inTransaction(db, (trx) => helpers.insertRows(trx, list))
    done += page.entities.length
    after = (page.entities.at(-1) as SourceEntity).id
    options.onProgress?.({ done })
  }
  await helpers.optimize(db)
  const counted = await countIndexed(db)
  return {
    entities: counted.entities,
    names: counted.names,
    seconds: Math.round((performance.now() - started) / 10) / 100,
  }
}
