import { type Insertable, sql } from 'kysely'
import type { Database, Db, TableName } from '../../database.js'

/** Column types (udt names) by table, read once per process: the migrations define the same tables everywhere. */
const columnTypes = new Map<string, Promise<Map<string, string>>>()

function typesOf(db: Db, table: string): Promise<Map<string, string>> {
  let types = columnTypes.get(table)
  if (!types) {
    types = sql<{ column_name: string; udt_name: string }>`
      select column_name, udt_name from information_schema.columns
      where table_schema = current_schema() and table_name = ${table}`
      .execute(db)
      .then((r) => new Map(r.rows.map((c) => [c.column_name, c.udt_name])))
    types.catch(() => columnTypes.delete(table))
    columnTypes.set(table, types)
  }
  return types
}

/** Rows per statement: one array parameter per column, so only the memory of one statement bounds it. */
const ROWS_PER_STATEMENT = 5000

/**
 * One `insert ... select * from unnest($1::text[], $2::int4[], ...)` per 5,000 rows: a parameter per column instead
 * of one per value, so neither building the query nor parsing it grows with the rows (a multi-row VALUES list of
 * 1,000 records has 31,000 parameters).
 */
export async function postgresBulkInsert<T extends TableName>(db: Db, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
  const first = rows[0]
  if (!first) return
  const columns = Object.keys(first)
  const types = await typesOf(db, table)
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const part = rows.slice(i, i + ROWS_PER_STATEMENT) as Record<string, unknown>[]
    const arrays = columns.map((c) => {
      const type = types.get(c)
      if (!type) throw new Error(`bulk insert: ${table} has no column ${c}`)
      return sql`${part.map((r) => r[c] ?? null)}::${sql.raw(`${type}[]`)}`
    })
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) select * from unnest(${sql.join(arrays)})`.execute(db)
  }
}
