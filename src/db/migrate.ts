import { type Migration, type MigrationProvider, Migrator } from 'kysely'
import type { DbHandle } from './database.js'
import { dbError } from './errors/index.js'
import * as m0001 from './migrations/0001-foundation.js'
import * as m0002 from './migrations/0002-catalog.js'
import * as m0003 from './migrations/0003-records.js'
import * as m0004 from './migrations/0004-search.js'
import * as m0005 from './migrations/0005-disclosure.js'
import * as m0006 from './migrations/0006-measures.js'
import * as m0007 from './migrations/0007-check-batches.js'
import * as m0007c from './migrations/0007-commitments.js'
import * as m0008 from './migrations/0008-lists.js'
import * as m0009 from './migrations/0009-batch-runner.js'
import * as m0013 from './migrations/0013-entity-changes.js'

/** The one migration set for both dialects, in order. */
const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-catalog': m0002,
  '0003-records': m0003,
  '0004-search': m0004,
  '0005-disclosure': m0005,
  '0006-measures': m0006,
  '0007-check-batches': m0007,
  '0007-commitments': m0007c,
  '0008-lists': m0008,
  '0009-batch-runner': m0009,
  '0013-entity-changes': m0013,
}

const provider: MigrationProvider = { getMigrations: async () => migrations }

function migratorFor(handle: DbHandle): Migrator {
  return new Migrator({
    db: handle.db,
    provider,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    // PostgreSQL: look in our own schema only, so several schemas in one database stay independent.
    ...(handle.schema ? { migrationTableSchema: handle.schema } : {}),
  })
}

/** Whether the migration table exists in this database (schema): false on a brand-new database. */
export async function hasSchema(handle: DbHandle): Promise<boolean> {
  const tables = await handle.db.introspection.getTables()
  return tables.some((t) => t.name === 'schema_migrations' && (!handle.schema || t.schema === handle.schema))
}

export function latestMigration(): string {
  return Object.keys(migrations).sort().at(-1) as string
}

export async function migrateToLatest(handle: DbHandle): Promise<{ applied: string[] }> {
  const migrator = migratorFor(handle)
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : dbError('db.error', { reason: String(error) })
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) }
}

/** True when every known migration has been applied. */
export async function isMigrated(handle: DbHandle): Promise<boolean> {
  const migrator = migratorFor(handle)
  try {
    const list = await migrator.getMigrations()
    return list.every((m) => m.executedAt !== undefined)
  } catch {
    return false
  }
}
