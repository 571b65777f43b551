// The queries of the public read model (the tables they read: reads.ts). It reads records, their current payload and the
// entities they are about; what may be shown is decided by the disclosure module (publicCandidateSql narrows in SQL,
// isPublic decides per row).
import { type ExpressionBuilder, sql } from 'kysely'
import type { Database, Db } from '../../db/database.js'
import { publicCandidateSql } from '../../modules/disclosure/index.js'
import { type RecordRow, type RecordWithPayload, recordsWithPayloadOfEntity } from '../../modules/records/index.js'

export type { RecordWithPayload }

/** The public-now candidates of one entity with their current payload, newest decision first. */
export async function candidateRecordsOfEntity(db: Db, entityId: string, today: string): Promise<RecordWithPayload[]> {
  return recordsWithPayloadOfEntity(db, entityId, publicCandidateSql(today))
}

/** One record with its current payload (any state: the caller applies the rule). */
export async function recordWithPayload(db: Db, id: string): Promise<RecordWithPayload | undefined> {
  return db
    .selectFrom('records')
    .innerJoin('record_versions', (j) =>
      j.onRef('record_versions.record_id', '=', 'records.id').onRef('record_versions.version', '=', 'records.version'),
    )
    .selectAll('records')
    .select('record_versions.payload')
    .where('records.id', '=', id)
    .executeTakeFirst()
}

export interface ListEntryRow extends RecordRow {
  entity_kind: string
  entity_name: string
  entity_uscc: string | null
}

/** `%`, `_` and `!` in a fragment match themselves (LIKE ... ESCAPE '!', the same in both dialects). */
function likePattern(fragment: string): string {
  return `%${fragment.replace(/[!%_]/g, (c) => `!${c}`)}%`
}

/** A fragment of a name or a document number, or a whole code (USCC, upper case). */
function textMatch(q: string, names: 'all' | 'organisations') {
  const pattern = likePattern(q)
  return (eb: ExpressionBuilder<Database, 'records' | 'entities'>) =>
    eb.or([
      names === 'all'
        ? sql<boolean>`entities.name like ${pattern} escape '!'`
        : eb.and([eb('entities.kind', '<>', 'natural_person'), sql<boolean>`entities.name like ${pattern} escape '!'`]),
      sql<boolean>`records.document_no like ${pattern} escape '!'`,
      eb('entities.uscc', '=', q.toUpperCase()),
    ])
}

function listQuery(db: Db, classCode: string, today: string, excludeMinor: boolean, q?: string) {
  let query = db
    .selectFrom('records')
    .innerJoin('entities', 'entities.id', 'records.entity_id')
    .where('records.class_code', '=', classCode)
    .where('records.list_kind', 'is not', null)
    .where(publicCandidateSql(today))
  if (excludeMinor)
    query = query.where((eb) => eb.or([eb('records.severity', 'is', null), eb('records.severity', '<>', 'minor')]))
  // a list class publishes the names it lists (black lists name persons too): the name is searched as shown
  if (q) query = query.where(textMatch(q, 'all'))
  return query
}

/** How many public-now entries a list class has, and about how many entities (an entity may be listed twice). */
export async function countListEntries(
  db: Db,
  classCode: string,
  today: string,
  excludeMinor: boolean,
  q?: string,
): Promise<{ entries: number; entities: number }> {
  const r = await listQuery(db, classCode, today, excludeMinor, q)
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('records.entity_id').distinct().as('e')])
    .executeTakeFirstOrThrow()
  return { entries: Number(r.n), entities: Number(r.e) }
}

/** A page of a list class's public-now entries, newest first (those matching `q`: name, document number or USCC). */
export async function listEntries(
  db: Db,
  classCode: string,
  today: string,
  excludeMinor: boolean,
  offset: number,
  limit: number,
  q?: string,
): Promise<{ total: number; entities: number; rows: ListEntryRow[] }> {
  const count = await countListEntries(db, classCode, today, excludeMinor, q)
  const rows = await listQuery(db, classCode, today, excludeMinor, q)
    .selectAll('records')
    .select(['entities.kind as entity_kind', 'entities.name as entity_name', 'entities.uscc as entity_uscc'])
    .orderBy('records.decided_on', 'desc')
    .orderBy('records.id')
    .offset(offset)
    .limit(limit)
    .execute()
  return { total: count.entries, entities: count.entities, rows }
}

/** What the 双公示 listing filters on. */
export interface PublicityFilter {
  classCode: string
  excludeMinor: boolean
  /** The providing department (数据来源单位). */
  dept?: string | undefined
  /** The entity's district (organisations only: a natural person's district is never a filter). */
  district?: string | undefined
  /** Decision dates, inclusive. */
  from?: string | undefined
  to?: string | undefined
  /** A fragment of an organisation's name or of the document number, or a whole USCC. */
  q?: string | undefined
}

export interface PublicityRow extends RecordWithPayload {
  entity_kind: string
  entity_name: string
  entity_uscc: string | null
  entity_district: string | null
}

function publicityQuery(db: Db, f: PublicityFilter, today: string) {
  let query = db
    .selectFrom('records')
    .innerJoin('entities', 'entities.id', 'records.entity_id')
    .where('records.class_code', '=', f.classCode)
    .where(publicCandidateSql(today))
  if (f.excludeMinor)
    query = query.where((eb) => eb.or([eb('records.severity', 'is', null), eb('records.severity', '<>', 'minor')]))
  if (f.dept) query = query.where('records.provider_dept', '=', f.dept)
  if (f.district)
    query = query.where('entities.district', '=', f.district).where('entities.kind', '<>', 'natural_person')
  if (f.from) query = query.where('records.decided_on', '>=', f.from)
  if (f.to) query = query.where('records.decided_on', '<=', f.to)
  // persons are found by their document number only: their names are not published
  if (f.q) query = query.where(textMatch(f.q, 'organisations'))
  return query
}

/** A page of the public-now records of a class (双公示: licences, penalties) with their payload, newest first. */
export async function publicityEntries(
  db: Db,
  f: PublicityFilter,
  today: string,
  offset: number,
  limit: number,
): Promise<{ total: number; rows: PublicityRow[] }> {
  const count = await publicityQuery(db, f, today)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const rows = await publicityQuery(db, f, today)
    .innerJoin('record_versions', (j) =>
      j.onRef('record_versions.record_id', '=', 'records.id').onRef('record_versions.version', '=', 'records.version'),
    )
    .selectAll('records')
    .select([
      'record_versions.payload',
      'entities.kind as entity_kind',
      'entities.name as entity_name',
      'entities.uscc as entity_uscc',
      'entities.district as entity_district',
    ])
    .orderBy('records.decided_on', 'desc')
    .orderBy('records.id')
    .offset(offset)
    .limit(limit)
    .execute()
  return { total: Number(count.n), rows }
}

/** The departments that provided public-now records of a class, with how many. */
export async function publicityDepartments(
  db: Db,
  classCode: string,
  today: string,
  excludeMinor: boolean,
): Promise<{ dept: string; n: number }[]> {
  const rows = await publicityQuery(db, { classCode, excludeMinor }, today)
    .select(['records.provider_dept as dept', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('records.provider_dept')
    .execute()
  return rows.map((r) => ({ dept: r.dept, n: Number(r.n) }))
}

export interface CategoryGroup {
  category: string
  class_code: string
  class_version: number
  minor: number
  n: number
  this_month: number
}

/** Public-now candidates counted by category and class version (轻微 apart), with those collected since `monthStart`. */
export async function recordsByCategory(db: Db, today: string, monthStart: string): Promise<CategoryGroup[]> {
  const rows = await db
    .selectFrom('records')
    .select([
      'records.category',
      'records.class_code',
      'records.class_version',
      sql<number>`case when records.severity = 'minor' then 1 else 0 end`.as('minor'),
      (eb) => eb.fn.countAll<number>().as('n'),
      sql<number>`sum(case when records.created_at >= ${monthStart} then 1 else 0 end)`.as('this_month'),
    ])
    .where(publicCandidateSql(today))
    .groupBy([
      'records.category',
      'records.class_code',
      'records.class_version',
      sql`case when records.severity = 'minor' then 1 else 0 end`,
    ])
    .execute()
  return rows.map((r) => ({
    ...r,
    class_version: Number(r.class_version),
    minor: Number(r.minor),
    n: Number(r.n),
    this_month: Number(r.this_month),
  }))
}

export interface DistrictGroup {
  district: string
  class_code: string
  class_version: number
  minor: number
  n: number
}

/** Public-now candidates counted by the district of their entity and class version (轻微 apart). */
export async function recordsByDistrict(db: Db, today: string): Promise<DistrictGroup[]> {
  const rows = await db
    .selectFrom('records')
    .innerJoin('entities', 'entities.id', 'records.entity_id')
    .select([
      'entities.district',
      'records.class_code',
      'records.class_version',
      sql<number>`case when records.severity = 'minor' then 1 else 0 end`.as('minor'),
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('entities.district', 'is not', null)
    .where(publicCandidateSql(today))
    .groupBy([
      'entities.district',
      'records.class_code',
      'records.class_version',
      sql`case when records.severity = 'minor' then 1 else 0 end`,
    ])
    .execute()
  return rows.map((r) => ({
    district: r.district as string,
    class_code: r.class_code,
    class_version: Number(r.class_version),
    minor: Number(r.minor),
    n: Number(r.n),
  }))
}

/** Entities on the public register (natural persons are not counted). */
export async function countOrganisations(db: Db): Promise<number> {
  const r = await db
    .selectFrom('entities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '<>', 'natural_person')
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Kind, name and code of entities by id. */
export async function entityHeads(
  db: Db,
  ids: string[],
): Promise<Map<string, { kind: string; name: string; uscc: string | null; district: string | null }>> {
  const out = new Map<string, { kind: string; name: string; uscc: string | null; district: string | null }>()
  const unique = [...new Set(ids)]
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('entities')
      .select(['id', 'kind', 'name', 'uscc', 'district'])
      .where('id', 'in', unique.slice(i, i + 500))
      .execute()
    for (const r of rows) out.set(r.id, { kind: r.kind, name: r.name, uscc: r.uscc, district: r.district })
  }
  return out
}
