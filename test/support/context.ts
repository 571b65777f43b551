import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { describe } from 'vitest'
import { type Clock, fixedClock, type MovableClock } from '../../src/core/clock.js'
import { type Config, loadConfig } from '../../src/core/config.js'
import { closeContext, type Ctx, openContext } from '../../src/container.js'
import { openMigratedContext } from '../../src/setup.js'

export type DialectName = 'sqlite' | 'postgres'

/**
 * SQLite always; PostgreSQL when TEST_PG_URL is set (CI always sets it). TEST_DIALECTS (e.g. "postgres")
 * narrows the list so CI can run each database's pass separately.
 */
const available: DialectName[] = process.env.TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite']
const wanted = (process.env.TEST_DIALECTS ?? '').split(',').map((s) => s.trim()).filter(Boolean)
export const dialects: DialectName[] = wanted.length ? available.filter((d) => wanted.includes(d)) : available
if (wanted.includes('postgres') && !available.includes('postgres')) throw new Error('TEST_DIALECTS asks for postgres but TEST_PG_URL is not set')

export interface TestDb {
  config: Readonly<Config>
  dir: string
  cleanup(): Promise<void>
}

let counter = 0

/** A fresh, empty database: a new SQLite file, or a new PostgreSQL schema. */
export async function freshDatabase(dialect: DialectName, extra: Record<string, string> = {}): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'gongxin-test-'))
  if (dialect === 'sqlite') {
    const config = loadConfig({ GONGXIN_DB: join(dir, 'test.db'), GONGXIN_LOG_LEVEL: 'silent', ...extra })
    return { config, dir, cleanup: async () => rmSync(dir, { recursive: true, force: true }) }
  }
  const base = process.env.TEST_PG_URL as string
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${(counter++).toString(36)}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const u = new URL(base)
  u.searchParams.set('options', `-c search_path=${schema}`)
  const config = loadConfig({ GONGXIN_DB: u.toString(), GONGXIN_DATA_DIR: dir, GONGXIN_LOG_LEVEL: 'silent', ...extra })
  return {
    config,
    dir,
    cleanup: async () => {
      const c = new pg.Client({ connectionString: base })
      await c.connect()
      await c.query(`drop schema ${schema} cascade`)
      await c.end()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface TestContext extends Ctx {
  clock: MovableClock
  testDb: TestDb
  close(): Promise<void>
}

/** A migrated context on a fresh database with a movable clock. */
export async function testContext(dialect: DialectName, options: { now?: string; clock?: Clock; env?: Record<string, string> } = {}): Promise<TestContext> {
  const testDb = await freshDatabase(dialect, options.env)
  const clock = fixedClock(options.now ?? '2026-06-01T02:00:00.000Z')
  const ctx = await openMigratedContext(testDb.config, { clock })
  return {
    ...ctx,
    clock,
    testDb,
    close: async () => {
      await closeContext(ctx)
      await testDb.cleanup()
    },
  }
}

/** Runs the same suite on every dialect. */
export function describeEachDialect(name: string, fn: (dialect: DialectName) => void): void {
  for (const d of dialects) describe(`${name} [${d}]`, () => fn(d))
}
