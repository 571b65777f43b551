// SQL of the search module, dialect-neutral (the dialect-specific index work is in db/helpers/search/*).
import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { Database, Db } from '../../db/database.js'
import type { SearchNamesTable, SearchTables } from './search.tables.js'

type SearchDb = Kysely<Database & SearchTables>

export function searchDb(db: Db): SearchDb {
  return db.withTables<SearchTables>()
}

const CHUNK = 500

function chunks<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

export interface FilterSpec {
  district?: string | undefined
  kind?: string | undefined
  industry?: string | undefined
  /** Flags that must hold at `now`. */
  withFlags: string[]
  /** Flags that must not hold at `now`. */
  withoutFlags: string[]
  now: string
}

function flagHolds(flag: string, now: string): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from entity_flags ef where ef.entity_id = s.entity_id and ef.flag = ${flag} and ef.until > ${now})`
}

/** The filters as SQL over the index row alias `s`; null when there are none. */
export function filterSql(f: FilterSpec): RawBuilder<boolean> | null {
  const parts: RawBuilder<boolean>[] = []
  if (f.kind !== undefined) parts.push(sql<boolean>`s.kind = ${f.kind}`)
  if (f.district !== undefined) parts.push(sql<boolean>`s.district = ${f.district}`)
  if (f.industry !== undefined) parts.push(sql<boolean>`s.industry = ${f.industry}`)
  for (const flag of f.withFlags) parts.push(flagHolds(flag, f.now))
  for (const flag of f.withoutFlags) parts.push(sql<boolean>`not ${flagHolds(flag, f.now)}`)
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` and `)})` : null
}

/** How many entities carry `flag` at `now`, counted up to `cap`. */
export async function countFlagged(db: Db, flag: string, now: string, cap: number): Promise<number> {
  const r = await sql<{
    n: number
  }>`select count(*) as n from (select 1 from entity_flags where flag = ${flag} and until > ${now} limit ${cap}) x`.execute(
    db,
  )
  return Number(r.rows[0]?.n ?? 0)
}

export interface MatchRow {
  entityId: string
  key: string
  len: number
}

/**
 * Index rows of entities carrying one of `flags` at `now` whose key satisfies `contains`: the whole match set,
 * read from the (small) flagged set rather than from the text indexes. `persons` picks natural persons or
 * organisations.
 */
export async function flaggedMatches(
  db: Db,
  o: {
    flags: string[]
    now: string
    persons: boolean
    contains: RawBuilder<boolean>
    filter: RawBuilder<boolean> | null
  },
): Promise<MatchRow[]> {
  if (o.flags.length === 0) return []
  const kind = o.persons ? sql<boolean>`s.kind = 'natural_person'` : sql<boolean>`s.kind <> 'natural_person'`
  const r = await sql<MatchRow>`select distinct s.entity_id as "entityId", s.name_key as key, s.name_len as len
    from entity_flags fl join search_names s on s.entity_id = fl.entity_id
    where fl.flag in (${sql.join(o.flags)}) and fl.until > ${o.now} and ${kind} and ${o.contains} and ${o.filter ?? sql<boolean>`1 = 1`}`.execute(
    db,
  )
  return r.rows
}

export type IndexRow = Pick<
  SearchNamesTable,
  'entity_id' | 'name' | 'name_key' | 'name_len' | 'former' | 'kind' | 'district' | 'industry' | 'uscc' | 'status'
>

/** Every index row of these entities. */
export async function rowsOfEntities(db: Db, entityIds: readonly string[]): Promise<IndexRow[]> {
  const out: IndexRow[] = []
  for (const part of chunks([...new Set(entityIds)])) {
    out.push(
      ...(await searchDb(db)
        .selectFrom('search_names')
        .select([
          'entity_id',
          'name',
          'name_key',
          'name_len',
          'former',
          'kind',
          'district',
          'industry',
          'uscc',
          'status',
        ])
        .where('entity_id', 'in', part)
        .execute()),
    )
  }
  return out
}

/** The current-name row of an organisation when it passes the filter (code lookups). */
export async function organisationRow(
  db: Db,
  entityId: string,
  filter: RawBuilder<boolean> | null,
): Promise<IndexRow | undefined> {
  const r =
    await sql<IndexRow>`select s.entity_id, s.name, s.name_key, s.name_len, s.former, s.kind, s.district, s.industry, s.uscc, s.status
    from search_names s where s.entity_id = ${entityId} and s.former = 0 and s.kind <> 'natural_person' and ${filter ?? sql<boolean>`1 = 1`}`.execute(
      db,
    )
  return r.rows[0]
}

// ------------------------------------------------------------------ flags

export async function upsertFlag(db: Db, row: { entity_id: string; flag: string; until: string }): Promise<void> {
  await searchDb(db)
    .insertInto('entity_flags')
    .values(row)
    .onConflict((oc) => oc.columns(['entity_id', 'flag']).doUpdateSet({ until: row.until }))
    .execute()
}

export async function deleteFlags(db: Db, entityId: string, flags: readonly string[] | null): Promise<number> {
  let q = searchDb(db).deleteFrom('entity_flags').where('entity_id', '=', entityId)
  if (flags) {
    if (flags.length === 0) return 0
    q = q.where('flag', 'in', [...flags])
  }
  const r = await q.executeTakeFirst()
  return Number(r.numDeletedRows)
}

export interface FlagRow {
  entity_id: string
  flag: string
  until: string
}

/** Replaces the flags named `flags` of the entities by `rows` (call inside a transaction). */
export async function replaceFlags(
  db: Db,
  entityIds: readonly string[],
  flags: readonly string[],
  rows: readonly FlagRow[],
): Promise<void> {
  const fdb = searchDb(db)
  for (const part of chunks([...entityIds]))
    await fdb
      .deleteFrom('entity_flags')
      .where('entity_id', 'in', part)
      .where('flag', 'in', [...flags])
      .execute()
  for (const part of chunks([...rows])) await fdb.insertInto('entity_flags').values(part).execute()
}

/**
 * Raises flags: inserts each row or, where the entity already has the flag, keeps the later of the two untils (call
 * inside a transaction).
 */
export async function raiseFlags(db: Db, rows: readonly FlagRow[]): Promise<void> {
  const fdb = searchDb(db)
  for (const part of chunks([...rows]))
    await fdb
      .insertInto('entity_flags')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['entity_id', 'flag']).doUpdateSet({
          until: sql<string>`case when excluded.until > entity_flags.until then excluded.until else entity_flags.until end`,
        }),
      )
      .execute()
}

/** The flags among `flags` still true at `nowIso`, by entity. */
export async function activeFlags(
  db: Db,
  entityIds: readonly string[],
  flags: readonly string[],
  nowIso: string,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  const fdb = searchDb(db)
  for (const part of chunks([...new Set(entityIds)])) {
    const rows = await fdb
      .selectFrom('entity_flags')
      .select(['entity_id', 'flag'])
      .where('entity_id', 'in', part)
      .where('flag', 'in', [...flags])
      .where('until', '>', nowIso)
      .execute()
    for (const r of rows) {
      const list = out.get(r.entity_id)
      if (list) list.push(r.flag)
      else out.set(r.entity_id, [r.flag])
    }
  }
  return out
}

/** How many entities carry the flag at `nowIso`. */
export async function countFlag(db: Db, flag: string, nowIso: string): Promise<number> {
  const r = await searchDb(db)
    .selectFrom('entity_flags')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('flag', '=', flag)
    .where('until', '>', nowIso)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function countIndexed(db: Db): Promise<{ names: number; entities: number }> {
  const r = await sql<{
    names: number
    entities: number
  }>`select count(*) as names, count(case when former = 0 then 1 end) as entities from search_names`.execute(db)
  return { names: Number(r.rows[0]?.names ?? 0), entities: Number(r.rows[0]?.entities ?? 0) }
}
