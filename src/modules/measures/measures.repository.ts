import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { MeasuresTable } from './measures.tables.js'

export type MeasureRow = Selectable<MeasuresTable>
export type MeasureMetaRow = Omit<MeasureRow, 'definition'>

const META = ['code', 'version', 'hash', 'source', 'created_at', 'created_by', 'reason', 'is_current'] as const

/** Counts this process's writes to the measure list: a cache of the list is stale once it changes. */
let measureWrites = 0
export const measureWriteCount = (): number => measureWrites

export async function currentMeasureMeta(db: Db, code: string): Promise<MeasureMetaRow | undefined> {
  return db.selectFrom('measures').select(META).where('code', '=', code).where('is_current', '=', 1).executeTakeFirst()
}

export async function measureVersionRow(db: Db, code: string, version: number): Promise<MeasureRow | undefined> {
  return db
    .selectFrom('measures')
    .selectAll()
    .where('code', '=', code)
    .where('version', '=', version)
    .executeTakeFirst()
}

/** Every version of every measure, without definitions (used to load defaults). */
export async function allMeasureMeta(db: Db): Promise<MeasureMetaRow[]> {
  return db.selectFrom('measures').select(META).orderBy('code').orderBy('version').execute()
}

export async function measureVersions(db: Db, code: string): Promise<MeasureMetaRow[]> {
  return db.selectFrom('measures').select(META).where('code', '=', code).orderBy('version').execute()
}

/** (code, version, hash) of the current versions: the cache key of the current list. */
export async function currentMeasureKeys(db: Db): Promise<{ code: string; version: number; hash: string }[]> {
  return db
    .selectFrom('measures')
    .select(['code', 'version', 'hash'])
    .where('is_current', '=', 1)
    .orderBy('code')
    .execute()
}

export async function currentMeasureRows(db: Db): Promise<MeasureRow[]> {
  return db.selectFrom('measures').selectAll().where('is_current', '=', 1).orderBy('code').execute()
}

export async function clearCurrentMeasure(db: Db, code: string): Promise<void> {
  measureWrites += 1
  await db.updateTable('measures').set({ is_current: 0 }).where('code', '=', code).where('is_current', '=', 1).execute()
}

export async function insertMeasureRow(db: Db, row: Insertable<MeasuresTable>): Promise<void> {
  measureWrites += 1
  await db.insertInto('measures').values(row).execute()
}
