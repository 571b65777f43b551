import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { CommitmentsTable, CommitmentVersionsTable } from './commitments.tables.js'

export type CommitmentRow = Selectable<CommitmentsTable>
export type CommitmentVersionRow = Selectable<CommitmentVersionsTable>

export async function insertCommitment(db: Db, row: Insertable<CommitmentsTable>): Promise<void> {
  await db.insertInto('commitments').values(row).execute()
}

export async function insertCommitmentVersion(db: Db, row: Insertable<CommitmentVersionsTable>): Promise<void> {
  await db.insertInto('commitment_versions').values(row).execute()
}

export async function findCommitment(db: Db, id: string): Promise<CommitmentRow | undefined> {
  return db.selectFrom('commitments').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findByNumber(db: Db, dept: string, number: string): Promise<CommitmentRow | undefined> {
  return db
    .selectFrom('commitments')
    .selectAll()
    .where('dept', '=', dept)
    .where('number', '=', number)
    .executeTakeFirst()
}

/**
 * Moves the projection from `expectedVersion` on (optimistic: false when another request changed it first).
 */
export async function updateCommitment(
  db: Db,
  id: string,
  expectedVersion: number,
  patch: Updateable<CommitmentsTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('commitments')
    .set(patch)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function versionsOf(db: Db, id: string): Promise<CommitmentVersionRow[]> {
  return db.selectFrom('commitment_versions').selectAll().where('commitment_id', '=', id).orderBy('version').execute()
}

export interface CommitmentFilter {
  entityId?: string | undefined
  dept?: string | undefined
  status?: string | undefined
  type?: string | undefined
  /** Only commitments still open whose due date is before this civil date. */
  dueBefore?: string | undefined
}

function filtered(db: Db, f: CommitmentFilter) {
  let q = db.selectFrom('commitments')
  if (f.entityId) q = q.where('entity_id', '=', f.entityId)
  if (f.dept) q = q.where('dept', '=', f.dept)
  if (f.status) q = q.where('status', '=', f.status)
  if (f.type) q = q.where('type', '=', f.type)
  if (f.dueBefore) q = q.where('status', '=', 'filed').where('due_on', 'is not', null).where('due_on', '<', f.dueBefore)
  return q
}

export async function countCommitments(db: Db, f: CommitmentFilter): Promise<number> {
  const r = await filtered(db, f)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

/** Newest first (filing date, then id), or by due date for the overdue list. */
export async function listCommitments(
  db: Db,
  f: CommitmentFilter,
  page: { offset: number; limit: number },
): Promise<CommitmentRow[]> {
  let q = filtered(db, f).selectAll()
  q = f.dueBefore ? q.orderBy('due_on').orderBy('id') : q.orderBy('filed_on', 'desc').orderBy('id', 'desc')
  return q.offset(page.offset).limit(page.limit).execute()
}

/** Every commitment of an entity, newest first. */
export async function commitmentsOfEntity(db: Db, entityId: string): Promise<CommitmentRow[]> {
  return db
    .selectFrom('commitments')
    .selectAll()
    .where('entity_id', '=', entityId)
    .orderBy('filed_on', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

/** How many commitments were published as records, and how many breaches made a record. */
export async function countCommitmentRecords(db: Db): Promise<{ published: number; breaches: number }> {
  const r = await db
    .selectFrom('commitments')
    .select([(eb) => eb.fn.count('record_id').as('published'), (eb) => eb.fn.count('breach_record_id').as('breaches')])
    .executeTakeFirstOrThrow()
  return { published: Number(r.published), breaches: Number(r.breaches) }
}
