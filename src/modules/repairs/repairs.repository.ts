import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { RepairsTable } from './repairs.tables.js'

export type RepairRow = Selectable<RepairsTable>

export async function insertRepair(db: Db, row: Insertable<RepairsTable>): Promise<void> {
  await db.insertInto('repairs').values(row).execute()
}

export async function updateRepair(db: Db, caseId: string, patch: Updateable<RepairsTable>): Promise<void> {
  await db.updateTable('repairs').set(patch).where('case_id', '=', caseId).execute()
}

export async function findRepair(db: Db, caseId: string): Promise<RepairRow | undefined> {
  return db.selectFrom('repairs').selectAll().where('case_id', '=', caseId).executeTakeFirst()
}

export async function findRepairs(db: Db, caseIds: readonly string[]): Promise<RepairRow[]> {
  if (caseIds.length === 0) return []
  return db
    .selectFrom('repairs')
    .selectAll()
    .where('case_id', 'in', [...caseIds])
    .execute()
}
