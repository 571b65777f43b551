import type { Insertable } from 'kysely'
import type { Database, Db, TableName } from '../../database.js'

/** Multi-row inserts, chunked below PostgreSQL's 65,535 bind-parameter limit. */
export async function postgresBulkInsert<T extends TableName>(db: Db, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
  const first = rows[0]
  if (!first) return
  const perRow = Object.keys(first).length
  const chunk = Math.max(1, Math.floor(60_000 / perRow))
  for (let i = 0; i < rows.length; i += chunk) {
    // biome-ignore lint/suspicious/noExplicitAny: generic over every table
    await db.insertInto(table).values(rows.slice(i, i + chunk) as any).execute()
  }
}
