// Planner statistics after bulk loads: on PostgreSQL the demo and imports above the threshold (analyzeAfterRows)
// ANALYZE the tables they wrote; smaller imports leave it to autovacuum. On SQLite nothing is analysed (decided in
// docs/decisions.md).
import { sql } from 'kysely'
import { afterEach, expect, it } from 'vitest'
import { generateDemo } from '../../src/flows/demo/index.js'
import { runIngest } from '../../src/flows/ingest/index.js'
import { PIPELINE_TABLES } from '../../src/flows/ingest/statistics.js'
import { actor, penaltyRow, rowsOf, seedDepartments } from '../ingest/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

/** last_analyze of the tables of the test's schema (PostgreSQL), null when never analysed by ANALYZE. */
async function lastAnalyze(ctx: TestContext): Promise<Map<string, string | null>> {
  const r = await sql<{ t: string; at: string | null }>`
    select relname as t, last_analyze::text as at from pg_stat_user_tables where schemaname = current_schema()`.execute(
    ctx.db,
  )
  return new Map(r.rows.map((x) => [x.t, x.at]))
}

async function sqliteStats(ctx: TestContext): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'sqlite_stat1'`.execute(
    ctx.db,
  )
  return Number(r.rows[0]?.n)
}

const penalties = (n: number, prefix: string) =>
  rowsOf(Array.from({ length: n }, (_, i) => penaltyRow({ CF_WSH: `${prefix}-${i + 1}` })))

describeEachDialect('planner statistics after bulk loads', (dialect) => {
  let ctx: TestContext | undefined
  afterEach(async () => {
    await ctx?.close()
    ctx = undefined
  })

  const importRows = async (c: TestContext, n: number, prefix: string) => {
    const r = await runIngest(c, actor, {
      classCode: 'admin_penalty',
      dept: 'tj-scjg',
      channel: 'api',
      ...penalties(n, prefix),
    })
    expect(r.accepted).toBe(n)
  }

  it('an import that stores at least analyzeAfterRows records analyses the tables it wrote', async () => {
    ctx = await testContext(dialect, { env: { GONGXIN_ANALYZE_AFTER_ROWS: '5' } })
    expect(ctx.config.analyzeAfterRows).toBe(5)
    await seedDepartments(ctx)
    if (dialect === 'postgres') {
      const before = await lastAnalyze(ctx)
      for (const t of PIPELINE_TABLES) expect([t, before.get(t)]).toEqual([t, null])
    }
    await importRows(ctx, 5, 'BIG')
    if (dialect === 'postgres') {
      const after = await lastAnalyze(ctx)
      for (const t of PIPELINE_TABLES) expect([t, typeof after.get(t)]).toEqual([t, 'string'])
      // tables the import did not write are left alone
      expect(after.get('catalog_classes')).toBeNull()
    } else {
      expect(await sqliteStats(ctx)).toBe(0)
    }
  })

  it('an import below the threshold (default 50,000) leaves the statistics alone', async () => {
    ctx = await testContext(dialect)
    expect(ctx.config.analyzeAfterRows).toBe(50_000)
    await seedDepartments(ctx)
    await importRows(ctx, 4, 'SMALL')
    if (dialect === 'postgres') {
      const after = await lastAnalyze(ctx)
      for (const t of PIPELINE_TABLES) expect([t, after.get(t)]).toEqual([t, null])
    } else {
      expect(await sqliteStats(ctx)).toBe(0)
    }
  })

  it('analyzeAfterRows 0 never analyses', async () => {
    ctx = await testContext(dialect, { env: { GONGXIN_ANALYZE_AFTER_ROWS: '0' } })
    await seedDepartments(ctx)
    await importRows(ctx, 3, 'NEVER')
    if (dialect === 'postgres') expect((await lastAnalyze(ctx)).get('records')).toBeNull()
  })

  it('`gongxin demo` analyses every table of the database it loaded', async () => {
    ctx = await testContext(dialect)
    await generateDemo(ctx, { entities: 60, seed: 3 })
    if (dialect === 'postgres') {
      const after = await lastAnalyze(ctx)
      expect(after.size).toBeGreaterThan(20)
      for (const [t, at] of after) expect([t, typeof at]).toEqual([t, 'string'])
    } else {
      expect(await sqliteStats(ctx)).toBe(0)
    }
  }, 120_000)
})
