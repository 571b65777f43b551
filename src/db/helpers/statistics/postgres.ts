import { sql } from 'kysely'
import type { Db } from '../../database.js'

/**
 * ANALYZE of the tables (every table of the current schema when none are named): fresh planner statistics after a
 * bulk load, so that the planner does not keep the estimates of a smaller table (e.g. search falling back to scans
 * after a large import). Tables that do not exist are skipped; returns the tables analysed.
 */
export async function postgresRefreshStatistics(db: Db, tables?: readonly string[]): Promise<string[]> {
  const existing = (
    await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = current_schema()`.execute(db)
  ).rows.map((r) => r.t)
  const list = tables ? tables.filter((t) => existing.includes(t)) : existing.sort()
  if (list.length) await sql`analyze ${sql.join(list.map((t) => sql.id(t)))}`.execute(db)
  return list
}
