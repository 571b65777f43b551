import type { Clock } from './core/clock.js'
import { systemClock } from './core/clock.js'
import type { Config } from './core/config.js'
import type { Ctx } from './core/context.js'
import { type KeyRing, loadKeys } from './core/keys.js'
import { createLogger, type Logger } from './core/logger.js'
import { openDatabase } from './db/database.js'
import { dbError } from './db/errors/index.js'
import { hasSchema, isMigrated, migrateToLatest } from './db/migrate.js'

export type { Ctx }

export interface OpenOptions {
  clock?: Clock
  logger?: Logger
  /**
   * Apply pending migrations (and create key material on a fresh database). The default policies that ship with
   * the code are loaded by `openMigratedContext` (src/setup.ts), not here: the composition root builds the
   * context and nothing above it.
   */
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
    return { config, dbh, db: dbh.db, keys, clock, logger }
  } catch (e) {
    await dbh.close().catch(() => {})
    throw e
  }
}

export async function closeContext(ctx: Ctx): Promise<void> {
  await ctx.dbh.close()
}
