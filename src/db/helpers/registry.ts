import type { DialectHelpers, Db } from '../database.js'

const helpersByAdapter = new WeakMap<object, DialectHelpers>()

/** Remembers a handle's helpers, so that code holding only a Db (or one of its transactions) can reach them. */
export function registerHelpers(db: Db, helpers: DialectHelpers): DialectHelpers {
  helpersByAdapter.set(db.getExecutor().adapter, helpers)
  return helpers
}

/** The helpers of the database a Db or transaction works on (every Kysely of one handle shares its adapter). */
export function helpersOf(db: Db): DialectHelpers {
  const h = helpersByAdapter.get(db.getExecutor().adapter)
  if (!h) throw new Error('no dialect helpers registered for this database (open it with openDatabase)')
  return h
}
