import { type Migration, type MigrationProvider, Migrator } from 'kysely'
import type { DbHandle } from './database.js'
import { dbError } from './errors/index.js'
import * as m0001 from './migrations/0001-foundation.js'

/** The one migration set for both dialects, in order. */
const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
}

const provider: MigrationProvider = { getMigrations: async () => migrations }

export function latestMigration(): string {
  return Object.keys(migrations).sort().at(-1) as string
}

export async function migrateToLatest(handle: DbHandle): Promise<{ applied: string[] }> {
  const migrator = new Migrator({ db: handle.db, provider, migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock' })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : dbError('db.error', { reason: String(error) })
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) }
}

/** True when every known migration has been applied. */
export async function isMigrated(handle: DbHandle): Promise<boolean> {
  const migrator = new Migrator({ db: handle.db, provider, migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock' })
  try {
    const list = await migrator.getMigrations()
    return list.every((m) => m.executedAt !== undefined)
  } catch {
    return false
  }
}
