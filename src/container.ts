import type { Clock } from './core/clock.js'
import { systemClock } from './core/clock.js'
import type { Config } from './core/config.js'
import { type KeyRing, loadKeys } from './core/keys.js'
import { createLogger, type Logger } from './core/logger.js'
import { type Db, type DbHandle, openDatabase } from './db/database.js'
import { dbError } from './db/errors/index.js'
import { hasSchema, isMigrated, migrateToLatest } from './db/migrate.js'

/**
 * Everything a service needs, built once; the HTTP app and the CLI both use it.
 * Services are plain functions taking the context first.
 */
export interface Ctx {
  config: Readonly<Config>
  dbh: DbHandle
  db: Db
  keys: KeyRing
  clock: Clock
  logger: Logger
}

export interface OpenOptions {
  clock?: Clock
  logger?: Logger
  /** Apply pending migrations (and create key material on a fresh database). */
  migrate?: boolean
  /** Told which migrations were applied. */
  onMigrated?: (applied: string[]) => void
}

export async function openContext(config: Readonly<Config>, options: OpenOptions = {}): Promise<Ctx> {
  const logger = options.logger ?? createLogger(config)
  const dbh = await openDatabase(config)
  try {
    const fresh = !(await hasSchema(dbh))
    const migrated = await isMigrated(dbh)
    if (!migrated && !options.migrate) throw dbError('db.not_migrated', { target: dbh.target })
    // Keys are generated only together with a new database: an existing database without its keys
    // must be restored from backup, never silently re-keyed. They are loaded before migrating: data
    // migrations seal what they find (0010: ID numbers inside stored text).
    const keys = loadKeys(config.keysFile, { create: fresh })
    const clock = options.clock ?? systemClock
    if (!migrated) {
      const { applied } = await migrateToLatest(dbh, { keys, clock })
      options.onMigrated?.(applied)
    }
    const ctx: Ctx = { config, dbh, db: dbh.db, keys, clock, logger }
    if (options.migrate) {
      // Default data that ships with the code (catalog, calendar): added, never overwriting operators' edits.
      const { loadDefaults } = await import('./flows/defaults.js')
      await loadDefaults(ctx)
    }
    return ctx
  } catch (e) {
    await dbh.close().catch(() => {})
    throw e
  }
}

export async function closeContext(ctx: Ctx): Promise<void> {
  await ctx.dbh.close()
}
