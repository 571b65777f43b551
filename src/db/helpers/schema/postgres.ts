import { sql } from 'kysely'
import type { Db } from '../../database.js'

/**
 * Whether a table exists in the connection's own schema (search_path). Asks for the one name only: the catalogue-wide
 * introspection reads every schema of the database and fails when another one is dropped meanwhile.
 */
export async function postgresTableExists(db: Db, table: string): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`select to_regclass(${table}) is not null as ok`.execute(db)
  return r.rows[0]?.ok === true
}
