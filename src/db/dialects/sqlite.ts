import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Database, DbHandle } from '../database.js'
import { dbError } from '../errors/index.js'
import { translateSqliteError } from '../errors/sqlite.js'
import { sqliteBulkInsert } from '../helpers/bulk/sqlite.js'
import { sqliteEntityChanges } from '../helpers/changes/sqlite.js'
import { sqliteSearchIndexDown, sqliteSearchIndexUp } from '../helpers/search-schema/sqlite.js'
import { sqliteTableExists } from '../helpers/schema/sqlite.js'
import { sqliteSearchHelpers } from '../helpers/search/sqlite.js'
import { sqliteRefreshStatistics } from '../helpers/statistics/sqlite.js'
import { registerHelpers } from '../helpers/registry.js'
import { translatingDialect } from '../translating-dialect.js'

const STATEMENT_CACHE = 500

/**
 * Kysely prepares every query anew; preparing costs more than running most of ours. Statements are kept per
 * SQL text (queries run one at a time on this connection, so a cached statement is never busy).
 */
function withStatementCache(raw: BetterSqlite3.Database): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>()
  const prepare = (sql: string): BetterSqlite3.Statement => {
    let stmt = cache.get(sql)
    if (stmt) return stmt
    stmt = raw.prepare(sql)
    if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value as string)
    cache.set(sql, stmt)
    return stmt
  }
  return new Proxy(raw, {
    get(target, prop) {
      if (prop === 'prepare') return prepare
      const v = Reflect.get(target, prop)
      return typeof v === 'function' ? v.bind(target) : v
    },
  })
}

/** How every connection is set up (benchmarks that write beside the app use the same). */
export const SQLITE_PRAGMAS = [
  'journal_mode = WAL',
  'foreign_keys = ON',
  'busy_timeout = 10000',
  'synchronous = NORMAL',
  // checkpoint every ~200 MB of WAL rather than every 4 MB: bulk collection commits often, and the index pages it
  // dirties all over the records table are then copied back once per checkpoint instead of once every few commits
  // (a 1,000,000-row import: ~15% faster than at 40 MB). The WAL file keeps its largest size until the last
  // connection closes.
  'wal_autocheckpoint = 50000',
  // 64 MB of page cache (the default is 2 MB): bulk collection dirties index pages all over the records table, and
  // checks read records of subjects all over it; pages are allocated only as they are used
  'cache_size = -65536',
] as const

export function openSqlite(file: string): DbHandle {
  const path = file === ':memory:' ? file : resolve(file)
  let raw: BetterSqlite3.Database
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    raw = new BetterSqlite3(path)
    for (const p of SQLITE_PRAGMAS) raw.pragma(p)
  } catch (e) {
    throw dbError('db.unwritable', { path, reason: (e as Error).message }, { cause: e })
  }
  // Write transactions take the write lock at BEGIN, so a server and a CLI on the same file wait for
  // each other (busy_timeout) instead of failing on a lock upgrade.
  const dialect = translatingDialect(new SqliteDialect({ database: withStatementCache(raw) }), translateSqliteError, {
    beginSql: 'begin immediate',
  })
  const db = new Kysely<Database>({ dialect })
  return {
    db,
    kind: 'sqlite',
    target: path,
    helpers: registerHelpers(
      db,
      translated({
        bulkInsert: (_db, table, rows) => sqliteBulkInsert(raw, table, rows),
        search: sqliteSearchHelpers(raw),
        refreshStatistics: sqliteRefreshStatistics,
        entityChanges: sqliteEntityChanges(raw),
        tableExists: sqliteTableExists,
        schema: { searchIndexUp: sqliteSearchIndexUp, searchIndexDown: sqliteSearchIndexDown, bytesType: 'blob' },
      }),
    ),
    close: () => db.destroy(),
  }
}

/**
 * The helpers that run prepared statements on the raw connection bypass the translating dialect: their errors are
 * translated here the same way, so a duplicate through `bulkInsert` is `db.unique_violation` as through Kysely.
 * Every function of the object (and of plain objects its functions return, such as a search's matches) is wrapped.
 */
function translated<T extends object>(helpers: T): T {
  const wrapValue = (v: unknown): unknown => {
    if (v instanceof Promise) return v.catch((e) => Promise.reject(translateSqliteError(e)))
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return translated(v)
    return v
  }
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(helpers)) {
    if (typeof v === 'function')
      out[k] = (...args: unknown[]) => {
        try {
          return wrapValue(v(...args))
        } catch (e) {
          throw translateSqliteError(e)
        }
      }
    else if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
      out[k] = translated(v)
    else out[k] = v
  }
  return out as T
}
