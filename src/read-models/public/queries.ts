// The queries of the public read model (the tables they read: reads.ts). It reads records, their current payload and the
// entities they are about; what may be shown is decided by the disclosure module (publicCandidateSql narrows in SQL,
// isPublic decides per row).
import { sql } from 'kysely'
import type { Db } from '../../db/database.js'
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

function listQuery(db: Db, classCode: string, today: string, excludeMinor: boolean) {
  let q = db
    .selectFrom('records')
    .innerJoin('entities', 'entities.id', 'records.entity_id')
    .where('records.class_code', '=', classCode)
    .where('records.list_kind', 'is not', null)
    .where(publicCandidateSql(today))
  if (excludeMinor)
    q = q.where((eb) => eb.or([eb('records.severity', 'is', null), eb('records.severity', '<>', 'minor')]))
  return q
}

/** A page of a list class's public-now entries, newest first; with the total. */
export async function listEntries(
  db: Db,
  classCode: string,
  today: string,
  excludeMinor: boolean,
  offset: number,
  limit: number,
): Promise<{ total: number; rows: ListEntryRow[] }> {
  const count = await listQuery(db, classCode, today, excludeMinor)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const rows = await listQuery(db, classCode, today, excludeMinor)
    .selectAll('records')
    .select(['entities.kind as entity_kind', 'entities.name as entity_name', 'entities.uscc as entity_uscc'])
    .orderBy('records.decided_on', 'desc')
    .orderBy('records.id')
    .offset(offset)
    .limit(limit)
    .execute()
  return { total: Number(count.n), rows }
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
