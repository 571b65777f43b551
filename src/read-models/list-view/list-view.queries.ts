// SQL of the list-view read model: list entries with their entity and current version, the records that count for
// the focus-list escalation rule, and the entity and record briefs a proposal shows.
import { type RawBuilder, type Selectable, sql } from 'kysely'
import type { Db } from '../../db/database.js'
import type { RecordsTable } from '../../modules/records/index.js'

const CHUNK = 500

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK))
  return out
}

/** The last civil day a list entry is in force: the earlier of its list period and its publication window. */
const lastDaySql = sql<
  string | null
>`(case when records.list_until is not null and (records.publish_max_until is null or records.list_until < records.publish_max_until) then records.list_until else records.publish_max_until end)`

/** A list entry in force on `today` (the SQL half of checks' triggerPeriod for list entries). */
export function listedSql(today: string): RawBuilder<boolean> {
  return sql<boolean>`(records.state = 'active' and coalesce(records.publish_from, records.decided_on) <= ${today} and (${lastDaySql} is null or ${lastDaySql} >= ${today}))`
}

export interface CountingFilter {
  today: string
  /** Decided on or after this civil date. */
  since: string
  /** Only these classes; empty = every class. */
  classes: readonly string[]
  /** Only entities of these kinds that have a USCC. */
  kinds: readonly string[]
}

/** Records that count for the escalation rule: active, general, negative, not a list entry, decided and in force. */
function countingQuery(db: Db, f: CountingFilter) {
  let q = db
    .selectFrom('records')
    .innerJoin('entities', 'entities.id', 'records.entity_id')
    .where('records.state', '=', 'active')
    .where('records.polarity', '=', 'negative')
    .where('records.severity', '=', 'general')
    .where('records.list_kind', 'is', null)
    .where('records.decided_on', '>=', f.since)
    .where('records.decided_on', '<=', f.today)
    .where('records.publish_from', '<=', f.today)
    .where('records.publish_max_until', '>=', f.today)
    .where('entities.uscc', 'is not', null)
    .where('entities.kind', 'in', [...f.kinds])
  if (f.classes.length) q = q.where('records.class_code', 'in', [...f.classes])
  return q
}

/** Entities with at least `min` counting records (before objections are taken out). */
export async function entitiesWithCountingRecords(db: Db, f: CountingFilter, min: number): Promise<string[]> {
  if (f.kinds.length === 0) return []
  const rows = await countingQuery(db, f)
    .select('records.entity_id')
    .groupBy('records.entity_id')
    .having((eb) => eb.fn.countAll(), '>=', min)
    .orderBy('records.entity_id')
    .execute()
  return rows.map((r) => r.entity_id)
}

/** The counting records of these entities, oldest decision first. */
export async function countingRecords(
  db: Db,
  f: CountingFilter,
  entityIds: readonly string[],
): Promise<{ id: string; entity_id: string }[]> {
  const out: { id: string; entity_id: string }[] = []
  for (const part of chunks(entityIds))
    out.push(
      ...(await countingQuery(db, f)
        .select(['records.id', 'records.entity_id'])
        .where('records.entity_id', 'in', part)
        .orderBy('records.decided_on')
        .orderBy('records.id')
        .execute()),
    )
  return out
}

/** Of these entities, those with a list entry of one of `kinds` in force on `today`. */
export async function listedEntityIds(
  db: Db,
  entityIds: readonly string[],
  kinds: readonly string[],
  today: string,
): Promise<Set<string>> {
  const out = new Set<string>()
  for (const part of chunks(entityIds)) {
    const rows = await db
      .selectFrom('records')
      .select('records.entity_id')
      .distinct()
      .where('records.entity_id', 'in', part)
      .where('records.list_kind', 'in', [...kinds])
      .where(listedSql(today))
      .execute()
    for (const r of rows) out.add(r.entity_id)
  }
  return out
}

export interface EntityBrief {
  id: string
  name: string
  kind: string
  uscc: string | null
  district: string | null
  id_masked: string | null
  legal_rep: string | null
}

export async function entityBriefs(db: Db, ids: readonly string[]): Promise<Map<string, EntityBrief>> {
  const out = new Map<string, EntityBrief>()
  for (const part of chunks([...new Set(ids)]))
    for (const e of await db
      .selectFrom('entities')
      .select(['id', 'name', 'kind', 'uscc', 'district', 'id_masked', 'legal_rep'])
      .where('id', 'in', part)
      .execute())
      out.set(e.id, e)
  return out
}

export type RecordBrief = Pick<
  Selectable<RecordsTable>,
  | 'id'
  | 'entity_id'
  | 'class_code'
  | 'document_no'
  | 'decided_on'
  | 'authority'
  | 'provider_dept'
  | 'state'
  | 'severity'
>

export async function recordBriefs(db: Db, ids: readonly string[]): Promise<Map<string, RecordBrief>> {
  const out = new Map<string, RecordBrief>()
  for (const part of chunks([...new Set(ids)]))
    for (const r of await db
      .selectFrom('records')
      .select([
        'id',
        'entity_id',
        'class_code',
        'document_no',
        'decided_on',
        'authority',
        'provider_dept',
        'state',
        'severity',
      ])
      .where('id', 'in', part)
      .execute())
      out.set(r.id, r)
  return out
}

/** The focus_list records a batch stored for an entity. */
export async function recordsOfBatchForEntity(
  db: Db,
  batchId: string,
  entityId: string,
  classCode: string,
): Promise<Selectable<RecordsTable>[]> {
  return db
    .selectFrom('records')
    .selectAll()
    .where('batch_id', '=', batchId)
    .where('entity_id', '=', entityId)
    .where('class_code', '=', classCode)
    .execute()
}

export interface EntryFilter {
  kind: string
  today: string
  /** listed: in force today; ended: off the list (expired, removed, revoked, repaired); all. */
  state: 'listed' | 'ended' | 'all'
  classCode?: string | undefined
  dept?: string | undefined
  entityId?: string | undefined
}

export interface EntryRow extends Selectable<RecordsTable> {
  entity_name: string
  entity_kind: string
  entity_uscc: string | null
  entity_id_masked: string | null
  op: string
  version_reason: string | null
  payload: string
}

function entryQuery(db: Db, f: EntryFilter) {
  let q = db
    .selectFrom('records')
    .innerJoin('entities', 'entities.id', 'records.entity_id')
    .innerJoin('record_versions', (j) =>
      j.onRef('record_versions.record_id', '=', 'records.id').onRef('record_versions.version', '=', 'records.version'),
    )
    .where('records.list_kind', '=', f.kind)
  if (f.classCode) q = q.where('records.class_code', '=', f.classCode)
  if (f.dept) q = q.where('records.provider_dept', '=', f.dept)
  if (f.entityId) q = q.where('records.entity_id', '=', f.entityId)
  if (f.state === 'listed') q = q.where(listedSql(f.today))
  else if (f.state === 'ended') q = q.where(sql<boolean>`not ${listedSql(f.today)}`)
  return q
}

/** A page of list entries of one kind (government view: any scope), newest decision first, with the total. */
export async function entryPage(
  db: Db,
  f: EntryFilter,
  offset: number,
  limit: number,
): Promise<{ total: number; rows: EntryRow[] }> {
  const count = await entryQuery(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const rows = await entryQuery(db, f)
    .selectAll('records')
    .select([
      'entities.name as entity_name',
      'entities.kind as entity_kind',
      'entities.uscc as entity_uscc',
      'entities.id_masked as entity_id_masked',
      'record_versions.op as op',
      'record_versions.reason as version_reason',
      'record_versions.payload as payload',
    ])
    .orderBy('records.decided_on', 'desc')
    .orderBy('records.id')
    .offset(offset)
    .limit(limit)
    .execute()
  return { total: Number(count.n), rows: rows as EntryRow[] }
}
