// SQL of the disclosure module: the flag table, and the record facts the rule needs. Reads `records` and
// `record_marks` (their owners' tables) only to derive flags; writes only `entity_flags`.
import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { Database, Db } from '../../db/database.js'
import type { MarkTables } from '../marks/marks.tables.js'
import type { DisclosureTables } from './disclosure.tables.js'

type FlagDb = Kysely<Database & DisclosureTables & MarkTables>

export function flagDb(db: Db): FlagDb {
  return db.withTables<DisclosureTables & MarkTables>()
}

/** The flags this module maintains (search may keep others in the same table). */
export const MANAGED_FLAGS = ['negative', 'black_list', 'red_list', 'focus_list', 'under_objection'] as const
export type EntityFlag = (typeof MANAGED_FLAGS)[number]

const CHUNK = 500

/**
 * The SQL half of isPublic: everything but the class-dependent 轻微 check, as a condition on `records` (on the
 * Shanghai civil date `today`). Rows it keeps still go through isPublic.
 */
export function publicCandidateSql(today: string): RawBuilder<boolean> {
  return sql<boolean>`(records.scope = 'public' and records.state = 'active' and records.minor_at_decision = 0 and records.publish_from <= ${today} and records.publish_max_until >= ${today} and (records.list_kind is null or records.list_until is null or records.list_until >= ${today}))`
}

/**
 * The SQL half of isInForce (what government views show): active, inside the window, list entries inside their list
 * period, on the Shanghai civil date `today`. Rows it keeps still go through Visibility.record.
 */
export function inForceCandidateSql(today: string): RawBuilder<boolean> {
  return sql<boolean>`(records.state = 'active' and records.publish_from <= ${today} and records.publish_max_until >= ${today} and (records.list_kind is null or records.list_until is null or records.list_until >= ${today}))`
}

/** The columns the rule and the flags read. */
export const RULE_COLUMNS = [
  'records.id',
  'records.entity_id',
  'records.class_code',
  'records.class_version',
  'records.polarity',
  'records.scope',
  'records.state',
  'records.severity',
  'records.minor_at_decision',
  'records.publish_from',
  'records.publish_max_until',
  'records.list_kind',
  'records.list_until',
] as const

export interface RuleRow {
  id: string
  entity_id: string
  class_code: string
  class_version: number
  polarity: string
  scope: string
  state: string
  severity: string | null
  minor_at_decision: number
  publish_from: string | null
  publish_max_until: string | null
  list_kind: string | null
  list_until: string | null
}

function chunks<T>(list: T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK))
  return out
}

/** Public-now candidates that can raise a flag: negative or list records of the entities. */
export async function flagSourceRecords(db: Db, entityIds: string[], today: string): Promise<RuleRow[]> {
  const out: RuleRow[] = []
  for (const part of chunks(entityIds)) {
    out.push(
      ...(await db
        .selectFrom('records')
        .select(RULE_COLUMNS)
        .where('records.entity_id', 'in', part)
        .where((eb) => eb.or([eb('records.polarity', '=', 'negative'), eb('records.list_kind', 'is not', null)]))
        .where(publicCandidateSql(today))
        .execute()),
    )
  }
  return out
}

/** Records of the entities that carry an open mark (with the mark's kind), public-now candidates only. */
export async function openMarkedRecords(
  db: Db,
  entityIds: string[],
  today: string,
): Promise<(RuleRow & { mark_kind: string })[]> {
  const out: (RuleRow & { mark_kind: string })[] = []
  const fdb = flagDb(db)
  for (const part of chunks(entityIds)) {
    out.push(
      ...(await fdb
        .selectFrom('record_marks')
        .innerJoin('records', 'records.id', 'record_marks.record_id')
        .select([...RULE_COLUMNS, 'record_marks.kind as mark_kind'])
        .where('record_marks.entity_id', 'in', part)
        .where('record_marks.closed_at', 'is', null)
        .where(publicCandidateSql(today))
        .execute()),
    )
  }
  return out
}

/** Replaces the managed flags of the entities by `rows` (call inside a transaction). */
export async function replaceFlags(
  db: Db,
  entityIds: string[],
  rows: { entity_id: string; flag: string; until: string }[],
): Promise<void> {
  const fdb = flagDb(db)
  for (const part of chunks(entityIds)) {
    await fdb
      .deleteFrom('entity_flags')
      .where('entity_id', 'in', part)
      .where('flag', 'in', [...MANAGED_FLAGS])
      .execute()
  }
  for (const part of chunks(rows)) await fdb.insertInto('entity_flags').values(part).execute()
}

/**
 * Raises flags: inserts each row or, where the entity already has the flag, keeps the later of the two untils (call
 * inside a transaction).
 */
export async function raiseFlags(db: Db, rows: { entity_id: string; flag: string; until: string }[]): Promise<void> {
  const fdb = flagDb(db)
  for (const part of chunks(rows))
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

/** Flags still true at `nowIso`, by entity. */
export async function activeFlags(db: Db, entityIds: string[], nowIso: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  const fdb = flagDb(db)
  for (const part of chunks([...new Set(entityIds)])) {
    const rows = await fdb
      .selectFrom('entity_flags')
      .select(['entity_id', 'flag'])
      .where('entity_id', 'in', part)
      .where('flag', 'in', [...MANAGED_FLAGS])
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
export async function countFlag(db: Db, flag: EntityFlag, nowIso: string): Promise<number> {
  const r = await flagDb(db)
    .selectFrom('entity_flags')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('flag', '=', flag)
    .where('until', '>', nowIso)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Every entity that has at least one record or mark (for a full rebuild), in pages. */
export async function entityIdsWithRecords(db: Db, after: string | null, limit: number): Promise<string[]> {
  let q = db.selectFrom('records').select('entity_id').distinct().orderBy('entity_id').limit(limit)
  if (after !== null) q = q.where('entity_id', '>', after)
  return (await q.execute()).map((r) => r.entity_id)
}
