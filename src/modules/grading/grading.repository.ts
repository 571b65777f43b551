// Every SQL statement on the grading module's own tables: grades (history, one current row per model and entity)
// and the queue of entities to grade again. The model versions are the policies feature's (grading_models).
import type { Insertable, Selectable } from 'kysely'
import { type Db, helpersOf } from '../../db/database.js'
import type { GradesTable, GradingQueueTable } from './grading.tables.js'

export type GradeRow = Selectable<GradesTable>
export type QueueRow = Selectable<GradingQueueTable>

/** The current grade of an entity by a model. */
export async function currentGrade(db: Db, model: string, entityId: string): Promise<GradeRow | undefined> {
  return db
    .selectFrom('grades')
    .selectAll()
    .where('model_code', '=', model)
    .where('entity_id', '=', entityId)
    .where('is_current', '=', 1)
    .executeTakeFirst()
}

/** The current grades of a model for entities with ids from `first` to `last`. */
export async function currentGradesInRange(db: Db, model: string, first: string, last: string): Promise<GradeRow[]> {
  return db
    .selectFrom('grades')
    .selectAll()
    .where('model_code', '=', model)
    .where('is_current', '=', 1)
    .where('entity_id', '>=', first)
    .where('entity_id', '<=', last)
    .execute()
}

/** The current grades of a model for these entities. */
export async function currentGradesOf(db: Db, model: string, ids: readonly string[]): Promise<GradeRow[]> {
  const out: GradeRow[] = []
  for (let i = 0; i < ids.length; i += 500)
    out.push(
      ...(await db
        .selectFrom('grades')
        .selectAll()
        .where('model_code', '=', model)
        .where('is_current', '=', 1)
        .where('entity_id', 'in', ids.slice(i, i + 500))
        .execute()),
    )
  return out
}

/** Every grade of an entity (all models, oldest first). */
export async function gradeHistory(db: Db, entityId: string, model?: string): Promise<GradeRow[]> {
  let q = db.selectFrom('grades').selectAll().where('entity_id', '=', entityId)
  if (model) q = q.where('model_code', '=', model)
  return q.orderBy('model_code').orderBy('graded_at').orderBy('id').execute()
}

/** Ends the current rows (they stay as history). */
export async function retireCurrent(db: Db, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500)
    await db
      .updateTable('grades')
      .set({ is_current: 0 })
      .where('id', 'in', ids.slice(i, i + 500))
      .execute()
}

/** Stores new grade rows (bulk; inside the caller's transaction). */
export async function insertGrades(db: Db, rows: Insertable<GradesTable>[]): Promise<void> {
  if (rows.length) await helpersOf(db).bulkInsert(db, 'grades', rows)
}

/** A current row still right: it now holds until `validUntil`, at the entity's change counter `entityVersion`. */
export async function extendGrade(db: Db, id: string, validUntil: string | null, entityVersion: number): Promise<void> {
  await db
    .updateTable('grades')
    .set({ valid_until: validUntil, entity_version: entityVersion })
    .where('id', '=', id)
    .execute()
}

/** Current grades of a model whose validity ended on or before `today` (time alone may have changed them). */
export async function expiredGrades(db: Db, model: string, today: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('grades')
    .select('entity_id')
    .where('model_code', '=', model)
    .where('is_current', '=', 1)
    .where('valid_until', 'is not', null)
    .where('valid_until', '<=', today)
    .orderBy('entity_id')
    .limit(limit)
    .execute()
  return rows.map((r) => r.entity_id)
}

/** Marks entities for grading again (one statement; a marked entity's seq grows). */
export async function markEntities(db: Db, ids: readonly string[], at: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 500)
    await db
      .insertInto('grading_queue')
      .values(ids.slice(i, i + 500).map((entity_id) => ({ entity_id, seq: 1, marked_at: at })))
      .onConflict((oc) =>
        oc.column('entity_id').doUpdateSet((eb) => ({
          seq: eb('grading_queue.seq', '+', 1),
          marked_at: eb.ref('excluded.marked_at'),
        })),
      )
      .execute()
}

/** The oldest marks, at most `limit`. */
export async function queued(db: Db, limit: number): Promise<QueueRow[]> {
  return db.selectFrom('grading_queue').selectAll().orderBy('marked_at').orderBy('entity_id').limit(limit).execute()
}

/** Whether the entity is marked. */
export async function isQueued(db: Db, entityId: string): Promise<boolean> {
  return (
    (await db.selectFrom('grading_queue').select('seq').where('entity_id', '=', entityId).executeTakeFirst()) !==
    undefined
  )
}

export async function queueLength(db: Db): Promise<number> {
  return Number(
    (
      await db
        .selectFrom('grading_queue')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
}

/** Removes marks that were graded: only where no later mark came (seq unchanged). */
export async function unmark(db: Db, rows: readonly Pick<QueueRow, 'entity_id' | 'seq'>[]): Promise<void> {
  for (const r of rows)
    await db.deleteFrom('grading_queue').where('entity_id', '=', r.entity_id).where('seq', '=', r.seq).execute()
}

/** The marks of entities with ids from `first` to `last`. */
export async function queuedInRange(db: Db, first: string, last: string): Promise<QueueRow[]> {
  return db
    .selectFrom('grading_queue')
    .selectAll()
    .where('entity_id', '>=', first)
    .where('entity_id', '<=', last)
    .execute()
}
