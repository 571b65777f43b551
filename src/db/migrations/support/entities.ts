// FROZEN ON PURPOSE: what migrations 0010 and 0016 do after they rename entities, as the entities and search modules
// did it when they were written: re-index the entities' names (entities.search-index.ts indexEntities, search.indexer
// toIndexRows, search.key searchKey) and bump the entities' change counters (entity-changes noteEntitiesChanged). A
// migration is history and the db layer never imports a module, so the migrations carry this copy; the index rows
// and counters go through the dialect helpers of the db layer (helpers/search, helpers/changes).
import { type Db, helpersOf, type SearchIndexRow } from '../../database.js'
import { nameKey } from '../../../identifiers/index.js'
import type { AnyDb } from './pages.js'

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const CONTROL = /[\u0000-\u001f\u007f]/g
// biome-ignore lint/suspicious/noControlCharactersInRegex: see above
const HAS_CONTROL = /[\u0000-\u001f\u007f]/

/** A name's matching key in the index: nameKey without control characters. */
function keyFromNameKey(k: string): string {
  return HAS_CONTROL.test(k) ? k.replace(CONTROL, '') : k
}

interface EntityRow {
  id: string
  kind: string
  name: string
  uscc: string | null
  district: string | null
  industry: string | null
  status: string
}

interface NameRow {
  entity_id: string
  name: string
  name_norm: string
  kind: string
}

/** One index row per distinct key of each entity: its current name first, then its former names. */
function toIndexRows(entities: EntityRow[], names: NameRow[]): SearchIndexRow[] {
  const byEntity = new Map<string, { name: string; key: string; former: boolean }[]>()
  for (const n of names) {
    let list = byEntity.get(n.entity_id)
    if (!list) {
      list = []
      byEntity.set(n.entity_id, list)
    }
    list.push({ name: n.name, key: keyFromNameKey(n.name_norm), former: n.kind !== 'current' })
  }
  const out: SearchIndexRow[] = []
  for (const e of entities) {
    const list = byEntity.get(e.id) ?? []
    list.sort((a, b) => Number(a.former) - Number(b.former))
    if (!list.some((n) => !n.former))
      list.unshift({ name: e.name, key: keyFromNameKey(nameKey(e.name)), former: false })
    const keys = new Set<string>()
    const kept = list.filter((n, i) => {
      // the current name always has a row; former names add new keys only
      if (i > 0 && (n.key === '' || keys.has(n.key))) return false
      keys.add(n.key)
      return true
    })
    for (const n of kept)
      out.push({
        entityId: e.id,
        name: n.name,
        key: n.key,
        former: n.former,
        multi: kept.length > 1,
        person: e.kind === 'natural_person',
        kind: e.kind,
        district: e.district ?? null,
        industry: e.industry ?? null,
        uscc: e.uscc ?? null,
        status: e.status,
      })
  }
  return out
}

/** Re-indexes the entities from their stored rows: their old index rows go, rows made from their names come in. */
export async function reindexEntities(db: AnyDb, entityIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(entityIds)].filter(Boolean)
  if (ids.length === 0) return
  const entities: EntityRow[] = []
  const names: NameRow[] = []
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500)
    entities.push(
      ...(await db
        .selectFrom('entities')
        .select(['id', 'kind', 'name', 'uscc', 'district', 'industry', 'status'])
        .where('id', 'in', part)
        .execute()),
    )
    names.push(
      ...(await db
        .selectFrom('entity_names')
        .select(['entity_id', 'name', 'name_norm', 'kind'])
        .where('entity_id', 'in', part)
        .execute()),
    )
  }
  const replace = async (trx: AnyDb) => {
    const search = helpersOf(trx as Db).search
    await search.deleteEntities(trx as Db, ids)
    await search.insertRows(trx as Db, toIndexRows(entities, names))
  }
  if (db.isTransaction) await replace(db)
  else await db.transaction().execute(replace)
}

/** Bumps the change counters of the entities whose files show a changed row (the portal's cache compares them). */
export async function noteEntitiesChanged(db: AnyDb, entityIds: readonly string[], now: Date): Promise<void> {
  const ids = [...new Set(entityIds)].sort()
  const changes = helpersOf(db as Db).entityChanges
  for (let i = 0; i < ids.length; i += 5000) await changes.bump(db as Db, ids.slice(i, i + 5000), now.toISOString())
}
