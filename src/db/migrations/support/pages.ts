// Paging for data migrations: they read whole tables a page at a time, on the schema of their own time.
import type { Kysely } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema of their time
export type AnyDb = Kysely<any>

/** Rows a page at a time: `fetch` reads the page after the last row of the one before (null: the first page). */
export async function* pages<T>(fetch: (last: T | null) => Promise<T[]>): AsyncGenerator<T[]> {
  let last: T | null = null
  for (;;) {
    const rows = await fetch(last)
    if (rows.length === 0) return
    yield rows
    last = rows[rows.length - 1] as T
  }
}
