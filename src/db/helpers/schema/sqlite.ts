import { sql } from 'kysely'
import type { Db } from '../../database.js'

/** Whether a table exists in the database file. */
export async function sqliteTableExists(db: Db, table: string): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${table}`.execute(db)
  return Number(r.rows[0]?.n ?? 0) > 0
}
