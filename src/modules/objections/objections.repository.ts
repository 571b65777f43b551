import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { ObjectionsTable } from './objections.tables.js'

export type ObjectionRow = Selectable<ObjectionsTable>

export async function insertObjection(db: Db, row: Insertable<ObjectionsTable>): Promise<void> {
  await db.insertInto('objections').values(row).execute()
}

export async function findObjection(db: Db, caseId: string): Promise<ObjectionRow | undefined> {
  return db.selectFrom('objections').selectAll().where('case_id', '=', caseId).executeTakeFirst()
}

export async function findObjections(db: Db, caseIds: readonly string[]): Promise<ObjectionRow[]> {
  if (caseIds.length === 0) return []
  return db
    .selectFrom('objections')
    .selectAll()
    .where('case_id', 'in', [...caseIds])
    .execute()
}

/** The case is closed: the record may be objected to again. */
export async function releaseOpenRecord(db: Db, caseId: string): Promise<void> {
  await db.updateTable('objections').set({ open_record: null }).where('case_id', '=', caseId).execute()
}
