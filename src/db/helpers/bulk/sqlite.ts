import type BetterSqlite3 from 'better-sqlite3'

const cache = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>()

/** One cached prepared statement per table and column list; runs on the caller's open transaction. */
export async function sqliteBulkInsert(raw: BetterSqlite3.Database, table: string, rows: readonly object[]): Promise<void> {
  const first = rows[0]
  if (!first) return
  const columns = Object.keys(first)
  const key = `${table}(${columns.join(',')})`
  let statements = cache.get(raw)
  if (!statements) {
    statements = new Map()
    cache.set(raw, statements)
  }
  let stmt = statements.get(key)
  if (!stmt) {
    stmt = raw.prepare(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`)
    statements.set(key, stmt)
  }
  const values = new Array<unknown>(columns.length)
  for (const row of rows) {
    const r = row as Record<string, unknown>
    for (let i = 0; i < columns.length; i++) values[i] = r[columns[i] as string] ?? null
    stmt.run(values)
  }
}
