import type { Insertable, Selectable, Updateable } from 'kysely'
import { type Db, type DialectHelpers, helpersOf } from '../../db/database.js'
import type { EntitiesTable, EntityHistoryTable, EntityIdentifiersTable, EntityNamesTable } from './entities.tables.js'

export type EntityRow = Selectable<EntitiesTable>
export type IdentifierRow = Selectable<EntityIdentifiersTable>
export type NameRow = Selectable<EntityNamesTable>

export interface EntityRows {
  entities: Insertable<EntitiesTable>[]
  identifiers: Insertable<EntityIdentifiersTable>[]
  names: Insertable<EntityNamesTable>[]
}

export async function insertEntityRows(db: Db, helpers: DialectHelpers, rows: EntityRows): Promise<void> {
  await helpers.bulkInsert(db, 'entities', rows.entities)
  await helpers.bulkInsert(db, 'entity_identifiers', rows.identifiers)
  await helpers.bulkInsert(db, 'entity_names', rows.names)
}

export async function findEntityById(db: Db, id: string): Promise<EntityRow | undefined> {
  return db.selectFrom('entities').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findEntityByUscc(db: Db, uscc: string): Promise<EntityRow | undefined> {
  return db.selectFrom('entities').selectAll().where('uscc', '=', uscc).executeTakeFirst()
}

/** The columns a check presents of its subject. */
export type SubjectRow = Pick<
  EntityRow,
  'id' | 'kind' | 'name' | 'uscc' | 'id_masked' | 'district' | 'status' | 'adult_on'
>
const SUBJECT_COLUMNS = ['id', 'kind', 'name', 'uscc', 'id_masked', 'district', 'status', 'adult_on'] as const

/** Subject rows by entity id or by USCC, many at once (500 per query). */
export async function findSubjectRows(db: Db, by: 'id' | 'uscc', values: string[]): Promise<SubjectRow[]> {
  const out: SubjectRow[] = []
  const unique = [...new Set(values)]
  for (let i = 0; i < unique.length; i += 500)
    out.push(
      ...(await db
        .selectFrom('entities')
        .select(SUBJECT_COLUMNS)
        .where(by, 'in', unique.slice(i, i + 500))
        .execute()),
    )
  return out
}

/** Subject rows of people by the keyed hash of their ID numbers, many at once (500 per query), with the hash. */
export async function findSubjectRowsByIdHmac(db: Db, hmacs: string[]): Promise<(SubjectRow & { id_hmac: string })[]> {
  const out: (SubjectRow & { id_hmac: string })[] = []
  const unique = [...new Set(hmacs)]
  for (let i = 0; i < unique.length; i += 500)
    for (const r of await db
      .selectFrom('entities')
      .select([...SUBJECT_COLUMNS, 'id_hmac'])
      .where('id_hmac', 'in', unique.slice(i, i + 500))
      .execute())
      if (r.id_hmac) out.push({ ...r, id_hmac: r.id_hmac })
  return out
}

/** Entities by USCC, many at once (for batch resolution). */
export async function findEntitiesByUsccs(
  db: Db,
  usccs: string[],
): Promise<Pick<EntityRow, 'id' | 'uscc' | 'adult_on'>[]> {
  const out: Pick<EntityRow, 'id' | 'uscc' | 'adult_on'>[] = []
  const unique = [...new Set(usccs)]
  for (let i = 0; i < unique.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('entities')
        .select(['id', 'uscc', 'adult_on'])
        .where('uscc', 'in', unique.slice(i, i + 500))
        .execute()),
    )
  }
  return out
}

export async function findEntityByIdHmac(db: Db, hmac: string): Promise<EntityRow | undefined> {
  return db.selectFrom('entities').selectAll().where('id_hmac', '=', hmac).executeTakeFirst()
}

export async function findEntityIdsByIdentifier(db: Db, scheme: string, value: string): Promise<string[]> {
  const rows = await db
    .selectFrom('entity_identifiers')
    .select('entity_id')
    .where('scheme', '=', scheme)
    .where('value', '=', value)
    .execute()
  return rows.map((r) => r.entity_id)
}

/**
 * Organisations (every kind but natural persons) whose current or former normalised name equals `nameNorm` (at most
 * `limit`). Natural persons are never found by name: only through their ID number.
 */
export async function findOrganisationsByNameNorm(
  db: Db,
  nameNorm: string,
  district: string | null,
  limit: number,
): Promise<EntityRow[]> {
  let q = db
    .selectFrom('entities')
    .selectAll()
    .where('kind', '<>', 'natural_person')
    .where((eb) =>
      eb.or([
        eb('name_norm', '=', nameNorm),
        eb('id', 'in', eb.selectFrom('entity_names').select('entity_id').where('name_norm', '=', nameNorm)),
      ]),
    )
  if (district) q = q.where('district', '=', district)
  return q.orderBy('id').limit(limit).execute()
}

export async function identifiersOf(db: Db, entityId: string): Promise<IdentifierRow[]> {
  return db.selectFrom('entity_identifiers').selectAll().where('entity_id', '=', entityId).orderBy('scheme').execute()
}

export async function namesOf(db: Db, entityId: string): Promise<NameRow[]> {
  return db
    .selectFrom('entity_names')
    .selectAll()
    .where('entity_id', '=', entityId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export async function insertHistory(db: Db, row: Insertable<EntityHistoryTable>): Promise<void> {
  await db.insertInto('entity_history').values(row).execute()
}

export async function historyOf(db: Db, entityId: string): Promise<Selectable<EntityHistoryTable>[]> {
  return db.selectFrom('entity_history').selectAll().where('entity_id', '=', entityId).orderBy('version').execute()
}

/** Optimistic update: only applies when the row is still at `version`. */
export async function updateEntityRow(
  db: Db,
  id: string,
  version: number,
  patch: Updateable<EntitiesTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('entities')
    .set(patch)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function insertName(db: Db, row: Insertable<EntityNamesTable>): Promise<void> {
  await db.insertInto('entity_names').values(row).execute()
}

export async function markNamesFormer(db: Db, entityId: string, validTo: string): Promise<void> {
  await db
    .updateTable('entity_names')
    .set({ kind: 'former', valid_to: validTo })
    .where('entity_id', '=', entityId)
    .where('kind', '=', 'current')
    .execute()
}

export async function countEntities(db: Db): Promise<number> {
  const r = await db
    .selectFrom('entities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Bumps the change counters of the entities (in id order, so that concurrent writers never deadlock). */
export async function bumpEntityChanges(db: Db, entityIds: readonly string[], at: string): Promise<void> {
  const ids = [...new Set(entityIds)].sort()
  const changes = helpersOf(db).entityChanges
  for (let i = 0; i < ids.length; i += 5000) await changes.bump(db, ids.slice(i, i + 5000), at)
}

/** The change counter of an entity (0 when it never changed). */
export async function entityChangeVersion(db: Db, entityId: string): Promise<number> {
  return helpersOf(db).entityChanges.version(db, entityId)
}

/** Bumps the figures' change counter (one row). */
export async function bumpFigureChanges(db: Db, at: string): Promise<void> {
  await db
    .insertInto('figure_changes')
    .values({ id: 1, version: 1, changed_at: at })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({ version: eb('figure_changes.version', '+', 1), changed_at: at })),
    )
    .execute()
}

/** The figures' change counter (0 when nothing changed them early). */
export async function figureChangeVersion(db: Db): Promise<number> {
  const r = await db.selectFrom('figure_changes').select('version').where('id', '=', 1).executeTakeFirst()
  return r ? Number(r.version) : 0
}

// ------------------------------------------------------------------ rows the search index is built from

export type IndexSourceEntity = Pick<EntityRow, 'id' | 'kind' | 'name' | 'uscc' | 'district' | 'industry' | 'status'>
export type IndexSourceName = Pick<NameRow, 'entity_id' | 'name' | 'name_norm' | 'kind'>
export interface IndexSource {
  entities: IndexSourceEntity[]
  names: IndexSourceName[]
}

const INDEX_ENTITY_COLUMNS = ['id', 'kind', 'name', 'uscc', 'district', 'industry', 'status'] as const
const INDEX_NAME_COLUMNS = ['entity_id', 'name', 'name_norm', 'kind'] as const

/** The entities (and all their names) with these ids. */
export async function indexSourceOf(db: Db, ids: readonly string[]): Promise<IndexSource> {
  const out: IndexSource = { entities: [], names: [] }
  const unique = [...new Set(ids)]
  for (let i = 0; i < unique.length; i += 500) {
    const part = unique.slice(i, i + 500)
    out.entities.push(
      ...(await db.selectFrom('entities').select(INDEX_ENTITY_COLUMNS).where('id', 'in', part).execute()),
    )
    out.names.push(
      ...(await db.selectFrom('entity_names').select(INDEX_NAME_COLUMNS).where('entity_id', 'in', part).execute()),
    )
  }
  return out
}

/** A page of entities in id order after `after` (null: from the start), with all their names. */
export async function indexSourcePage(db: Db, after: string | null, limit: number): Promise<IndexSource> {
  let q = db.selectFrom('entities').select(INDEX_ENTITY_COLUMNS).orderBy('id').limit(limit)
  if (after !== null) q = q.where('id', '>', after)
  const entities = await q.execute()
  if (entities.length === 0) return { entities, names: [] }
  const names = await db
    .selectFrom('entity_names')
    .select(INDEX_NAME_COLUMNS)
    .where('entity_id', '>=', (entities[0] as IndexSourceEntity).id)
    .where('entity_id', '<=', (entities.at(-1) as IndexSourceEntity).id)
    .execute()
  return { entities, names }
}

/** Active organisations with a USCC and a legal representative, in USCC order (at most `limit`). */
export async function organisationsWithLegalRep(db: Db, limit: number): Promise<{ id: string; uscc: string }[]> {
  const rows = await db
    .selectFrom('entities')
    .select(['id', 'uscc'])
    .where('kind', '=', 'legal_person')
    .where('status', '=', 'active')
    .where('uscc', 'is not', null)
    .where('legal_rep', 'is not', null)
    .orderBy('uscc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ id: r.id, uscc: r.uscc as string }))
}
