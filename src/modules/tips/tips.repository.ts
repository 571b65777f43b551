import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { TipsTable } from './tips.tables.js'

export type TipRow = Selectable<TipsTable>

export async function insertTip(db: Db, row: TipRow): Promise<void> {
  await db.insertInto('tips').values(row).execute()
}

export async function findTip(db: Db, caseId: string): Promise<TipRow | undefined> {
  return db.selectFrom('tips').selectAll().where('case_id', '=', caseId).executeTakeFirst()
}

export async function tipsOfCases(db: Db, caseIds: readonly string[]): Promise<TipRow[]> {
  if (caseIds.length === 0) return []
  return db
    .selectFrom('tips')
    .selectAll()
    .where('case_id', 'in', [...caseIds])
    .execute()
}

export async function updateTipReward(db: Db, caseId: string, fen: number, paidOn: string): Promise<void> {
  await db.updateTable('tips').set({ reward_fen: fen, reward_paid_on: paidOn }).where('case_id', '=', caseId).execute()
}
