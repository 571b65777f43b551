// Read model "disclosure sources": the record facts the disclosure rule and the entity flags derive from. Used by the
// disclosure module (flag refreshes and rebuilds) and, through the disclosure index, by the readers that prefilter
// records in SQL (publicCandidateSql, inForceCandidateSql). Reads `records` (module records) and `record_marks`
// (module marks); it never writes.
import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { Database, Db } from '../../db/database.js'
import type { MarkTables } from '../../modules/marks/index.js'

type SourceDb = Kysely<Database & MarkTables>

function sourceDb(db: Db): SourceDb {
  return db.withTables<MarkTables>()
}

const CHUNK = 500

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK))
  return out
}

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

/** Public-now candidates that can raise a flag: negative or list records of the entities. */
export async function flagSourceRecords(db: Db, entityIds: readonly string[], today: string): Promise<RuleRow[]> {
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
  entityIds: readonly string[],
  today: string,
): Promise<(RuleRow & { mark_kind: string })[]> {
  const out: (RuleRow & { mark_kind: string })[] = []
  const sdb = sourceDb(db)
  for (const part of chunks(entityIds)) {
    out.push(
      ...(await sdb
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

/** Every entity that has at least one record (for a full rebuild), in pages. */
export async function entityIdsWithRecords(db: Db, after: string | null, limit: number): Promise<string[]> {
  let q = db.selectFrom('records').select('entity_id').distinct().orderBy('entity_id').limit(limit)
  if (after !== null) q = q.where('entity_id', '>', after)
  return (await q.execute()).map((r) => r.entity_id)
}
