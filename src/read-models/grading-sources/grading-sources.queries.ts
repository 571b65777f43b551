// Read model "grading sources": what credit evaluation reads of other modules' tables - the organisations a model
// covers (entities), their change counters (entity_changes), their records in entity order with the amount fields'
// payload (records, record_versions) and the open objection marks (record_marks). Used by the grading module; it
// never writes.
import { type Kysely, sql } from 'kysely'
import type { Database, Db } from '../../db/database.js'
import type { MarkTables } from '../../modules/marks/index.js'

type SourceDb = Kysely<Database & MarkTables>

export interface CoveredEntity {
  id: string
  kind: string
  industry: string | null
}

export interface GradingRecordRow {
  id: string
  entity_id: string
  class_code: string
  severity: string | null
  state: string
  decided_on: string | null
  publish_from: string | null
  publish_max_until: string | null
  list_kind: string | null
  list_until: string | null
  updated_at: string
  /** The current payload (JSON text), only for records of the classes asked for. */
  payload: string | null
}

/** A page of organisations of the kinds (and industries, when given), by id after `after`. */
export async function coveredEntitiesPage(
  db: Db,
  filter: { kinds: readonly string[]; industries: readonly string[] },
  after: string | null,
  limit: number,
): Promise<CoveredEntity[]> {
  let q = db
    .selectFrom('entities')
    .select(['id', 'kind', 'industry'])
    .where('kind', 'in', filter.kinds.length ? [...filter.kinds] : ['-'])
  if (filter.industries.length) q = q.where('industry', 'in', [...filter.industries])
  if (after !== null) q = q.where('id', '>', after)
  return q.orderBy('id').limit(limit).execute()
}

/** How many organisations of the kinds (and industries) there are. */
export async function countCoveredEntities(
  db: Db,
  filter: { kinds: readonly string[]; industries: readonly string[] },
): Promise<number> {
  let q = db
    .selectFrom('entities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', 'in', filter.kinds.length ? [...filter.kinds] : ['-'])
  if (filter.industries.length) q = q.where('industry', 'in', [...filter.industries])
  return Number((await q.executeTakeFirstOrThrow()).n)
}

/** One entity's kind and industry. */
export async function entityFacts(db: Db, id: string): Promise<CoveredEntity | undefined> {
  return db.selectFrom('entities').select(['id', 'kind', 'industry']).where('id', '=', id).executeTakeFirst()
}

/** Kind and industry of several entities. */
export async function entitiesFacts(db: Db, ids: readonly string[]): Promise<CoveredEntity[]> {
  const out: CoveredEntity[] = []
  for (let i = 0; i < ids.length; i += 500)
    out.push(
      ...(await db
        .selectFrom('entities')
        .select(['id', 'kind', 'industry'])
        .where('id', 'in', ids.slice(i, i + 500))
        .execute()),
    )
  return out
}

/**
 * The records of the classes of entities with ids from `first` to `last` (inclusive), revoked ones left out, in
 * entity order; the current payload only for `payloadClasses` (the classes whose amount a model reads).
 */
export async function gradingRecordsInRange(
  db: Db,
  first: string,
  last: string,
  classes: readonly string[],
  payloadClasses: readonly string[],
): Promise<GradingRecordRow[]> {
  if (classes.length === 0) return []
  const base = db
    .selectFrom('records as r')
    .where('r.entity_id', '>=', first)
    .where('r.entity_id', '<=', last)
    // the class list is a filter, never the way in: by class, a page would read every record of its classes
    // (`class_code || ''` keeps planners on the index by entity)
    .where(sql<string>`r.class_code || ''`, 'in', [...classes])
    .where('r.state', '!=', 'revoked')
  const cols = [
    'r.id',
    'r.entity_id',
    'r.class_code',
    'r.severity',
    'r.state',
    'r.decided_on',
    'r.publish_from',
    'r.publish_max_until',
    'r.list_kind',
    'r.list_until',
    'r.updated_at',
  ] as const
  if (payloadClasses.length === 0)
    return base
      .select([...cols, sql<null>`null`.as('payload')])
      .orderBy('r.entity_id')
      .execute()
  return base
    .leftJoin('record_versions as v', (j) =>
      j
        .onRef('v.record_id', '=', 'r.id')
        .onRef('v.version', '=', 'r.version')
        .on('r.class_code', 'in', [...payloadClasses]),
    )
    .select([...cols, 'v.payload'])
    .orderBy('r.entity_id')
    .execute()
}

/** Records with an open objection mark (异议处理中) of entities with ids from `first` to `last`. */
export async function objectedRecordsInRange(db: Db, first: string, last: string): Promise<string[]> {
  const rows = await (db.withTables<MarkTables>() as SourceDb)
    .selectFrom('record_marks')
    .select('record_id')
    .where('entity_id', '>=', first)
    .where('entity_id', '<=', last)
    .where('kind', '=', 'under_objection')
    .where('closed_at', 'is', null)
    .execute()
  return rows.map((r) => r.record_id)
}

/** The change counters of entities with ids from `first` to `last` (entities never changed have none: 0). */
export async function entityVersionsInRange(db: Db, first: string, last: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('entity_changes')
    .select(['entity_id', 'version'])
    .where('entity_id', '>=', first)
    .where('entity_id', '<=', last)
    .execute()
  return new Map(rows.map((r) => [r.entity_id, Number(r.version)]))
}

/** gradingRecordsInRange for a list of entities (at most 500 a statement). */
export async function gradingRecordsOf(
  db: Db,
  ids: readonly string[],
  classes: readonly string[],
  payloadClasses: readonly string[],
): Promise<GradingRecordRow[]> {
  if (classes.length === 0 || ids.length === 0) return []
  const out: GradingRecordRow[] = []
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500)
    const base = db
      .selectFrom('records as r')
      .where('r.entity_id', 'in', part)
      .where(sql<string>`r.class_code || ''`, 'in', [...classes])
      .where('r.state', '!=', 'revoked')
    const cols = [
      'r.id',
      'r.entity_id',
      'r.class_code',
      'r.severity',
      'r.state',
      'r.decided_on',
      'r.publish_from',
      'r.publish_max_until',
      'r.list_kind',
      'r.list_until',
      'r.updated_at',
    ] as const
    out.push(
      ...(payloadClasses.length === 0
        ? await base.select([...cols, sql<null>`null`.as('payload')]).execute()
        : await base
            .leftJoin('record_versions as v', (j) =>
              j
                .onRef('v.record_id', '=', 'r.id')
                .onRef('v.version', '=', 'r.version')
                .on('r.class_code', 'in', [...payloadClasses]),
            )
            .select([...cols, 'v.payload'])
            .execute()),
    )
  }
  return out
}

/** Records with an open objection mark of these entities. */
export async function objectedRecordsOf(db: Db, ids: readonly string[]): Promise<string[]> {
  const out: string[] = []
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await (db.withTables<MarkTables>() as SourceDb)
      .selectFrom('record_marks')
      .select('record_id')
      .where('entity_id', 'in', ids.slice(i, i + 500))
      .where('kind', '=', 'under_objection')
      .where('closed_at', 'is', null)
      .execute()
    out.push(...rows.map((r) => r.record_id))
  }
  return out
}

/** The change counters of these entities (none: 0). */
export async function entityVersionsOf(db: Db, ids: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('entity_changes')
      .select(['entity_id', 'version'])
      .where('entity_id', 'in', ids.slice(i, i + 500))
      .execute()
    for (const r of rows) out.set(r.entity_id, Number(r.version))
  }
  return out
}
