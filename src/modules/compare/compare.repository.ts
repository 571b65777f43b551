import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { ComparisonInputsTable, ComparisonResultsTable, ComparisonsTable } from './compare.tables.js'

export type ComparisonRow = Selectable<ComparisonsTable>
export type InputRow = Selectable<ComparisonInputsTable>
export type ResultRow = Selectable<ComparisonResultsTable>

export async function insertComparison(db: Db, row: Insertable<ComparisonsTable>): Promise<void> {
  await db.insertInto('comparisons').values(row).execute()
}

export async function findComparison(db: Db, id: string): Promise<ComparisonRow | undefined> {
  return db.selectFrom('comparisons').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Comparisons of a department (or all), newest first. */
export async function listComparisons(
  db: Db,
  filter: { dept?: string | undefined },
  offset: number,
  limit: number,
): Promise<ComparisonRow[]> {
  let q = db.selectFrom('comparisons').selectAll()
  if (filter.dept !== undefined) q = q.where('dept', '=', filter.dept)
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').offset(offset).limit(limit).execute()
}

export async function countComparisons(db: Db, filter: { dept?: string | undefined }): Promise<number> {
  let q = db.selectFrom('comparisons').select((eb) => eb.fn.countAll<number>().as('n'))
  if (filter.dept !== undefined) q = q.where('dept', '=', filter.dept)
  return Number((await q.executeTakeFirst())?.n ?? 0)
}

/** Comparisons not finished (queued or running): what a starting server may have to take over. */
export async function unfinishedComparisons(db: Db): Promise<ComparisonRow[]> {
  return db
    .selectFrom('comparisons')
    .selectAll()
    .where('status', 'in', ['queued', 'running'])
    .orderBy('created_at')
    .execute()
}

export async function insertInputs(db: Db, rows: Insertable<ComparisonInputsTable>[]): Promise<void> {
  // 11 columns a row: 80 rows stay under SQLite's 999 parameters
  for (let i = 0; i < rows.length; i += 80)
    await db
      .insertInto('comparison_inputs')
      .values(rows.slice(i, i + 80))
      .execute()
}

/** The next `limit` input rows after position `after`. */
export async function inputsAfter(db: Db, id: string, after: number, limit: number): Promise<InputRow[]> {
  return db
    .selectFrom('comparison_inputs')
    .selectAll()
    .where('comparison_id', '=', id)
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit)
    .execute()
}

export async function deleteInputs(db: Db, id: string): Promise<void> {
  await db.deleteFrom('comparison_inputs').where('comparison_id', '=', id).execute()
}

export async function insertResults(db: Db, rows: Insertable<ComparisonResultsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 70)
    await db
      .insertInto('comparison_results')
      .values(rows.slice(i, i + 70))
      .execute()
}

/** Results of one outcome (or all) after position `after`, in list order. */
export async function resultsAfter(
  db: Db,
  id: string,
  outcome: string | null,
  after: number,
  limit: number,
): Promise<ResultRow[]> {
  let q = db.selectFrom('comparison_results').selectAll().where('comparison_id', '=', id).where('seq', '>', after)
  if (outcome !== null) q = q.where('outcome', '=', outcome)
  return q.orderBy('seq').limit(limit).execute()
}

/** The entities a comparison matched (each once). */
export async function matchedEntities(db: Db, id: string): Promise<string[]> {
  const rows = await db
    .selectFrom('comparison_results')
    .select('entity_id')
    .distinct()
    .where('comparison_id', '=', id)
    .where('entity_id', 'is not', null)
    .execute()
  return rows.flatMap((r) => (r.entity_id ? [r.entity_id] : []))
}

/**
 * Moves a comparison on by one chunk, only from where the caller read it (`processed`) and while `runner` still has
 * it: 0 rows updated means another run moved it or took it over (the caller's transaction must roll back).
 */
export async function advanceComparison(
  db: Db,
  id: string,
  expected: { processed: number; runner: string },
  patch: Updateable<ComparisonsTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('comparisons')
    .set(patch)
    .where('id', '=', id)
    .where('processed', '=', expected.processed)
    .where('runner', '=', expected.runner)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** Takes a comparison over for `runner` from `from` (null: nobody), while it is unfinished: false when another did. */
export async function claimComparison(
  db: Db,
  id: string,
  from: string | null,
  runner: string,
  now: string,
): Promise<boolean> {
  let q = db
    .updateTable('comparisons')
    .set({ runner, status: 'running', updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
  q = from === null ? q.where('runner', 'is', null) : q.where('runner', '=', from)
  const r = await q.executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function updateComparison(
  db: Db,
  id: string,
  patch: Updateable<ComparisonsTable>,
  runner?: string,
): Promise<boolean> {
  let q = db.updateTable('comparisons').set(patch).where('id', '=', id)
  if (runner !== undefined) q = q.where('runner', '=', runner)
  const r = await q.executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}
