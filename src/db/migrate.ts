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
import * as m0010 from './migrations/0010-id-numbers-in-text.js'
import * as m0011 from './migrations/0011-unmatched-subjects.js'
import * as m0012 from './migrations/0012-login-throttle.js'
import * as m0013 from './migrations/0013-entity-changes.js'
import * as m0015 from './migrations/0015-check-exclusions.js'
import * as m0016 from './migrations/0016-personal-text.js'
import * as m0017 from './migrations/0017-files.js'
import * as m0018 from './migrations/0018-subject-accounts.js'
import * as m0019 from './migrations/0019-deadlines-notifications.js'
import * as m0020 from './migrations/0020-audit-subjects.js'
import * as m0021 from './migrations/0021-cases.js'
import * as m0022 from './migrations/0022-objections.js'
import * as m0023 from './migrations/0023-repairs.js'
import * as m0024 from './migrations/0024-tips.js'
import * as m0026 from './migrations/0026-notice-log.js'
import * as m0027 from './migrations/0027-audit-merkle.js'
import * as m0032 from './migrations/0032-watches.js'
import * as m0033 from './migrations/0033-watch-rules.js'
import * as m0028 from './migrations/0028-reports.js'
import * as m0029 from './migrations/0029-authorizations.js'
import * as m0030 from './migrations/0030-grading.js'
import * as m0031 from './migrations/0031-grade-validity.js'
import * as m0035 from './migrations/0035-comparisons.js'
import * as m0036 from './migrations/0036-federation.js'
import * as m0037 from './migrations/0037-supervision-policies.js'
import * as m0038 from './migrations/0038-inspections.js'
import * as m0039 from './migrations/0039-check-numbers.js'
import * as m0040 from './migrations/0040-agencies.js'
import * as m0041 from './migrations/0041-content.js'
import * as m0043 from './migrations/0043-peer-lag.js'
import * as m0044 from './migrations/0044-sme-rules.js'
import * as m0045 from './migrations/0045-grade-publication.js'
import type { MigrationEnv } from './migration-env.js'

export type { MigrationEnv }

/** The one migration set for both dialects, in order; data migrations receive the environment. */
function migrationsFor(env: MigrationEnv): Record<string, Migration> {
  return {
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
    '0010-id-numbers-in-text': { up: (db) => m0010.up(db, env), down: m0010.down },
    '0011-unmatched-subjects': m0011,
    '0012-login-throttle': m0012,
    '0013-entity-changes': m0013,
    '0015-check-exclusions': m0015,
    '0016-personal-text': { up: (db) => m0016.up(db, env), down: m0016.down },
    '0017-files': m0017,
    '0018-subject-accounts': m0018,
    '0019-deadlines-notifications': m0019,
    '0020-audit-subjects': m0020,
    '0021-cases': m0021,
    '0022-objections': m0022,
    '0023-repairs': m0023,
    '0024-tips': m0024,
    '0026-notice-log': m0026,
    '0027-audit-merkle': m0027,
    '0032-watches': m0032,
    '0033-watch-rules': m0033,
    '0028-reports': m0028,
    '0029-authorizations': m0029,
    '0030-grading': m0030,
    '0031-grade-validity': m0031,
    '0035-comparisons': m0035,
    '0036-federation': m0036,
    '0037-supervision-policies': m0037,
    '0038-inspections': m0038,
    '0039-check-numbers': m0039,
    '0040-agencies': m0040,
    '0041-content': m0041,
    '0043-peer-lag': m0043,
    '0044-sme-rules': m0044,
    '0045-grade-publication': m0045,
  }
}

function providerFor(env: MigrationEnv): MigrationProvider {
  return { getMigrations: async () => migrationsFor(env) }
}

function migratorFor(handle: DbHandle, env: MigrationEnv = {}): Migrator {
  return new Migrator({
    db: handle.db,
    provider: providerFor(env),
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    // a migration is applied once by name, whatever order the others were applied in (a database upgraded from a
    // build that already had a later-numbered migration still gets the earlier one)
    allowUnorderedMigrations: true,
    // PostgreSQL: look in our own schema only, so several schemas in one database stay independent.
    ...(handle.schema ? { migrationTableSchema: handle.schema } : {}),
  })
}

/** Whether the migration table exists in this database (schema): false on a brand-new database. */
export async function hasSchema(handle: DbHandle): Promise<boolean> {
  return handle.helpers.tableExists(handle.db, 'schema_migrations')
}

export function latestMigration(): string {
  return Object.keys(migrationsFor({})).sort().at(-1) as string
}

export async function migrateToLatest(handle: DbHandle, env: MigrationEnv = {}): Promise<{ applied: string[] }> {
  return applied(await migratorFor(handle, env).migrateToLatest())
}

/** Migrates up or down to the named migration (tests of a migration start from the schema before it). */
export async function migrateTo(
  handle: DbHandle,
  name: string,
  env: MigrationEnv = {},
): Promise<{ applied: string[] }> {
  return applied(await migratorFor(handle, env).migrateTo(name))
}

function applied({ error, results }: Awaited<ReturnType<Migrator['migrateToLatest']>>): { applied: string[] } {
  if (error) throw error instanceof Error ? error : dbError('db.error', { reason: String(error) })
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) }
}

/** True when every known migration has been applied. */
export async function isMigrated(handle: DbHandle): Promise<boolean> {
  const migrator = migratorFor(handle)
  try {
    const list = await migrator.getMigrations()
    return list.every((m) => m.executedAt !== undefined)
  } catch (e) {
    // no migration table yet: not migrated; anything else (a lost connection, a refused login) is that error, not
    // "please run migrate"
    if (await hasSchema(handle)) throw e
    return false
  }
}
