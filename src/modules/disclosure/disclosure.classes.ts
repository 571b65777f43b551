// Catalog class versions by (code, version). A stored class version never changes, so a process keeps the ones it
// has read, per database handle (tests open many databases in one process).
import type { Db } from '../../db/database.js'
import { type CatalogClass, getClass } from '../catalog/index.js'

const perDb = new WeakMap<object, Map<string, CatalogClass>>()

/**
 * A class version, cached for the life of `cacheKey` (pass ctx.db; transactions are short-lived objects, so a
 * transaction passes the ctx.db it came from or gets a fresh per-call cache).
 */
export async function classVersion(
  db: Db,
  code: string,
  version: number,
  cacheKey: object = db,
): Promise<CatalogClass> {
  let m = perDb.get(cacheKey)
  if (!m) {
    m = new Map()
    perDb.set(cacheKey, m)
  }
  const key = `${code}@${version}`
  const hit = m.get(key)
  if (hit) return hit
  const cls = await getClass(db, code, version)
  m.set(key, cls)
  return cls
}

/** A loader for many rows: each (code, version) read once. */
export function classLoader(db: Db, cacheKey: object = db): (code: string, version: number) => Promise<CatalogClass> {
  return (code, version) => classVersion(db, code, version, cacheKey)
}
