import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { CheckBatchesTable, CheckFeedbackTable, ChecksTable } from './checks.tables.js'

export type CheckRow = Selectable<ChecksTable>
export type FeedbackRow = Selectable<CheckFeedbackTable>
export type CheckBatchRow = Selectable<CheckBatchesTable>

export async function insertCheckBatch(db: Db, row: Insertable<CheckBatchesTable>): Promise<void> {
  await db.insertInto('check_batches').values(row).execute()
}

export async function findCheckBatch(db: Db, id: string): Promise<CheckBatchRow | undefined> {
  return db.selectFrom('check_batches').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The checks a batch stored (any order). */
export async function checksOfBatch(db: Db, batchId: string): Promise<CheckRow[]> {
  return db.selectFrom('checks').selectAll().where('batch_id', '=', batchId).execute()
}

/**
 * Takes `count` numbers of a Beijing day (YYYYMMDD) from its counter, in the caller's transaction: returns the last
 * of them (the first is `last - count + 1`). The counter row is locked until the transaction ends.
 */
export async function takeCheckNumbers(db: Db, day: string, count: number): Promise<number> {
  const r = await db
    .insertInto('check_numbers')
    .values({ day, last: count })
    .onConflict((oc) => oc.column('day').doUpdateSet((eb) => ({ last: eb('check_numbers.last', '+', count) })))
    .returning('last')
    .executeTakeFirstOrThrow()
  return Number(r.last)
}

export async function insertChecks(db: Db, rows: Insertable<ChecksTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('checks')
      .values(rows.slice(i, i + 200))
      .execute()
}

export async function findCheck(db: Db, id: string): Promise<CheckRow | undefined> {
  return db.selectFrom('checks').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function feedbackOf(db: Db, checkId: string): Promise<FeedbackRow[]> {
  return db
    .selectFrom('check_feedback')
    .selectAll()
    .where('check_id', '=', checkId)
    .orderBy('measure')
    .orderBy('version')
    .execute()
}

export async function currentFeedback(db: Db, checkId: string, measure: string): Promise<FeedbackRow | undefined> {
  return db
    .selectFrom('check_feedback')
    .selectAll()
    .where('check_id', '=', checkId)
    .where('measure', '=', measure)
    .where('is_current', '=', 1)
    .executeTakeFirst()
}

export async function maxFeedbackVersion(db: Db, checkId: string, measure: string): Promise<number> {
  const r = await db
    .selectFrom('check_feedback')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('check_id', '=', checkId)
    .where('measure', '=', measure)
    .executeTakeFirst()
  return Number(r?.v ?? 0)
}

export async function clearCurrentFeedback(db: Db, checkId: string, measure: string): Promise<void> {
  await db
    .updateTable('check_feedback')
    .set({ is_current: 0 })
    .where('check_id', '=', checkId)
    .where('measure', '=', measure)
    .where('is_current', '=', 1)
    .execute()
}

export async function insertFeedback(db: Db, row: Insertable<CheckFeedbackTable>): Promise<void> {
  await db.insertInto('check_feedback').values(row).execute()
}

/** Checks with hits of a department made at or before `before` (oldest first, at most `limit`). */
export async function checksWithHits(db: Db, dept: string, before: string, limit: number): Promise<CheckRow[]> {
  return db
    .selectFrom('checks')
    .selectAll()
    .where('dept', '=', dept)
    .where('hit_count', '>', 0)
    .where('at', '<=', before)
    .orderBy('at')
    .orderBy('id')
    .limit(limit)
    .execute()
}

/** The checks with hits of one department on one entity in one scenario, oldest first (the repeats of a check). */
export async function checksWithHitsOfEntity(
  db: Db,
  dept: string,
  entityId: string,
  scenario: string,
): Promise<CheckRow[]> {
  return db
    .selectFrom('checks')
    .selectAll()
    .where('entity_id', '=', entityId)
    .where('dept', '=', dept)
    .where('scenario', '=', scenario)
    .where('hit_count', '>', 0)
    .orderBy('at')
    .orderBy('id')
    .execute()
}

/** Feedback rows (every version) of the checks (chunked IN lists). */
export async function feedbackOfChecks(db: Db, checkIds: string[]): Promise<FeedbackRow[]> {
  const out: FeedbackRow[] = []
  for (let i = 0; i < checkIds.length; i += 500)
    out.push(
      ...(await db
        .selectFrom('check_feedback')
        .selectAll()
        .where('check_id', 'in', checkIds.slice(i, i + 500))
        .execute()),
    )
  return out
}

export interface StatsCheckRow {
  id: string
  at: string
  dept: string | null
  entity_id: string
  scenario: string
  hit_count: number
  hits: string
}

export async function checksForStats(
  db: Db,
  filter: { dept?: string | null; from?: string; to?: string },
): Promise<StatsCheckRow[]> {
  let q = db.selectFrom('checks').select(['id', 'at', 'dept', 'entity_id', 'scenario', 'hit_count', 'hits'])
  if (filter.dept) q = q.where('dept', '=', filter.dept)
  if (filter.from) q = q.where('at', '>=', filter.from)
  if (filter.to) q = q.where('at', '<', filter.to)
  return q.orderBy('at').orderBy('id').execute()
}

/** The checks run on an entity (of one department, or of all with `dept` null): the newest `limit`, and how many. */
export async function checksOfEntity(
  db: Db,
  entityId: string,
  dept: string | null,
  limit: number,
): Promise<{ total: number; rows: CheckRow[] }> {
  let q = db.selectFrom('checks').where('entity_id', '=', entityId)
  if (dept !== null) q = q.where('dept', '=', dept)
  const count = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  const rows = await q.selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute()
  return { total: Number(count.n), rows }
}

/**
 * The checks of an entity by departments whose stored hits or exclusions may name the record (a text match on the
 * JSON; the caller parses to confirm).
 */
export async function checksNamingRecord(
  db: Db,
  entityId: string,
  recordId: string,
): Promise<Pick<CheckRow, 'dept' | 'hits' | 'exclusions' | 'at'>[]> {
  return db
    .selectFrom('checks')
    .select(['dept', 'hits', 'exclusions', 'at'])
    .where('entity_id', '=', entityId)
    .where('dept', 'is not', null)
    .where((eb) => eb.or([eb('hits', 'like', `%${recordId}%`), eb('exclusions', 'like', `%${recordId}%`)]))
    .orderBy('at')
    .execute()
}
