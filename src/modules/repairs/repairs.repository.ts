import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { ListExitsTable, RepairsTable } from './repairs.tables.js'

export type RepairRow = Selectable<RepairsTable>
export type ListExitRow = Selectable<ListExitsTable>

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

export async function insertListExit(db: Db, row: Insertable<ListExitsTable>): Promise<void> {
  await db.insertInto('list_exits').values(row).execute()
}

export async function updateListExit(db: Db, caseId: string, patch: Updateable<ListExitsTable>): Promise<void> {
  await db.updateTable('list_exits').set(patch).where('case_id', '=', caseId).execute()
}

export async function findListExit(db: Db, caseId: string): Promise<ListExitRow | undefined> {
  return db.selectFrom('list_exits').selectAll().where('case_id', '=', caseId).executeTakeFirst()
}

export async function findListExits(db: Db, caseIds: readonly string[]): Promise<ListExitRow[]> {
  if (caseIds.length === 0) return []
  return db
    .selectFrom('list_exits')
    .selectAll()
    .where('case_id', 'in', [...caseIds])
    .execute()
}
