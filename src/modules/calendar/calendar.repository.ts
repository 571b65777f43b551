import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { CalendarYearsTable } from './calendar.tables.js'

export type CalendarRow = Selectable<CalendarYearsTable>
export type CalendarMetaRow = Omit<CalendarRow, 'definition'>

const META = ['year', 'version', 'hash', 'source', 'created_at', 'created_by', 'reason', 'is_current'] as const

/** (year, version, hash) of every current year: the calendar's fingerprint. */
export async function currentKeys(db: Db): Promise<{ year: number; version: number; hash: string }[]> {
  return db
    .selectFrom('calendar_years')
    .select(['year', 'version', 'hash'])
    .where('is_current', '=', 1)
    .orderBy('year')
    .execute()
}

export async function currentYearRows(db: Db): Promise<CalendarRow[]> {
  return db.selectFrom('calendar_years').selectAll().where('is_current', '=', 1).orderBy('year').execute()
}

export async function yearRow(db: Db, year: number, version?: number): Promise<CalendarRow | undefined> {
  let q = db.selectFrom('calendar_years').selectAll().where('year', '=', year)
  q = version === undefined ? q.where('is_current', '=', 1) : q.where('version', '=', version)
  return q.executeTakeFirst()
}

export async function yearVersions(db: Db, year: number): Promise<CalendarMetaRow[]> {
  return db.selectFrom('calendar_years').select(META).where('year', '=', year).orderBy('version').execute()
}

export async function allYearMeta(db: Db): Promise<CalendarMetaRow[]> {
  return db.selectFrom('calendar_years').select(META).orderBy('year').orderBy('version').execute()
}

export async function clearCurrentYear(db: Db, year: number): Promise<void> {
  await db
    .updateTable('calendar_years')
    .set({ is_current: 0 })
    .where('year', '=', year)
    .where('is_current', '=', 1)
    .execute()
}

export async function insertYearRow(db: Db, row: Insertable<CalendarYearsTable>): Promise<void> {
  await db.insertInto('calendar_years').values(row).execute()
}
