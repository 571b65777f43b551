// Benchmark: entity search on a 1,000,000-entity demo city (env BENCH_ENTITIES), in-process.
// The database is built once, outside the timing, and reused: SQLite at env BENCH_DB (default: a temporary file,
// removed afterwards); PostgreSQL as well when env BENCH_PG_URL is set (an empty database or schema is filled with
// the same demo, its keys kept in var/bench-search-pg; one that has entities is reused; a missing or stale search
// index is rebuilt first).
// Figures: p50/p95 of the first page (20 items, with the total) of name searches for 2-, 4- and 8-character
// fragments drawn at random (seeded) from the demo's names, and of code lookups (USCC); baseline in the same run:
// the same answer from a LIKE '%fragment%' full scan over the entities' names (a ranked first page and the count),
// for a sample of the same fragments.
// Prints one JSON line per figure:
// {"bench":"search","db":"sqlite","entities":N,"kind":"name2","queries":Q,"p50ms","p95ms","baselineQueries":B,"baselineP50ms","speedup"}
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import { type Ctx, closeContext, openContext } from '../src/container.js'
import { openMigratedContext } from '../src/setup.js'
import { loadConfig } from '../src/core/config.js'
import { generateDemo } from '../src/flows/demo/index.js'
import { createRng } from '../src/identifiers/index.js'
import { countEntities, rebuildSearchIndex } from '../src/modules/entities/index.js'
import { countIndexed, searchEntities } from '../src/modules/search/index.js'

const SEED = 1
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300)
const BASELINE_QUERIES = Number(process.env.BENCH_BASELINE_QUERIES ?? 8)
const WARMUP = 30

function entityCount(): number {
  const raw = process.env.BENCH_ENTITIES
  const n = raw === undefined || raw === '' ? 1_000_000 : Number(raw.replace(/[_,]/g, ''))
  if (!Number.isInteger(n) || n <= 0) throw new RangeError('BENCH_ENTITIES must be a positive integer')
  return n
}

const log = (s: string) => process.stderr.write(`${s}\n`)

async function prepare(target: string, dataDir: string | undefined, entities: number): Promise<Ctx> {
  const config = loadConfig({
    GONGXIN_DB: target,
    ...(dataDir ? { GONGXIN_DATA_DIR: dataDir } : {}),
    GONGXIN_LOG_LEVEL: 'silent',
  })
  const ctx = await openMigratedContext(config)
  const have = await countEntities(ctx.db)
  if (have === 0) {
    log(`building a ${entities.toLocaleString('en-US')}-entity demo city in ${ctx.dbh.target} (once; not timed)`)
    const t = performance.now()
    await generateDemo(ctx, { entities, seed: SEED, recordsPerEntity: 0 })
    log(`  built in ${((performance.now() - t) / 1000).toFixed(1)} s`)
  }
  const indexed = await countIndexed(ctx.db)
  if (indexed.entities !== (await countEntities(ctx.db))) {
    log(`rebuilding the search index of ${ctx.dbh.target} (not timed)`)
    await rebuildSearchIndex(ctx)
  }
  return ctx
}

/** Names of organisations, a deterministic spread-out sample. */
async function sampleNames(ctx: Ctx): Promise<string[]> {
  const r = await sql<{
    k: string
  }>`select name_key as k from search_names where former = 0 and kind <> 'natural_person' and id % 97 = 0 order by id`.execute(
    ctx.db,
  )
  return r.rows.map((x) => x.k)
}

async function sampleCodes(ctx: Ctx): Promise<string[]> {
  const r = await sql<{
    c: string
  }>`select uscc as c from search_names where former = 0 and uscc is not null and id % 89 = 0 order by id`.execute(
    ctx.db,
  )
  return r.rows.map((x) => x.c)
}

function fragments(names: string[], n: number, count: number, seed: number): string[] {
  const rng = createRng(seed)
  const long = names.filter((k) => [...k].length >= n)
  const out: string[] = []
  while (out.length < count) {
    const cps = [...(long[Math.floor(rng.next() * long.length)] as string)]
    const i = Math.floor(rng.next() * (cps.length - n + 1))
    out.push(cps.slice(i, i + n).join(''))
  }
  return out
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number
}

async function time(queries: string[], fn: (q: string) => Promise<unknown>): Promise<number[]> {
  const out: number[] = []
  for (const q of queries) {
    const t = performance.now()
    await fn(q)
    out.push(performance.now() - t)
  }
  return out.sort((a, b) => a - b)
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

/** The same answer without the index: a full scan with LIKE, ranked the same way, plus the count. */
async function scanSearch(ctx: Ctx, q: string): Promise<void> {
  const pattern = `%${likeEscape(q)}%`
  const prefix = `${likeEscape(q)}%`
  await sql`select n.entity_id, min(case when n.name_norm = ${q} then 0 when n.name_norm like ${prefix} escape '\\' then 1 else 2 end) as cat,
      min(length(n.name_norm)) as len
    from entity_names n join entities e on e.id = n.entity_id
    where n.name_norm like ${pattern} escape '\\' and e.kind <> 'natural_person'
    group by n.entity_id order by cat, len, n.entity_id limit 20`.execute(ctx.db)
  await sql`select count(distinct n.entity_id) as n from entity_names n join entities e on e.id = n.entity_id
    where n.name_norm like ${pattern} escape '\\' and e.kind <> 'natural_person'`.execute(ctx.db)
}

async function scanCode(ctx: Ctx, code: string): Promise<void> {
  await sql`select id, name from entities where uscc like ${`%${likeEscape(code)}%`} escape '\\' limit 20`.execute(
    ctx.db,
  )
}

async function run(ctx: Ctx, db: 'sqlite' | 'postgres', entities: number): Promise<void> {
  const names = await sampleNames(ctx)
  const codes = await sampleCodes(ctx)
  const kinds: {
    kind: string
    queries: string[]
    search: (q: string) => Promise<unknown>
    scan: (q: string) => Promise<unknown>
  }[] = [
    ...[2, 4, 8].map((n) => ({
      kind: `name${n}`,
      queries: fragments(names, n, QUERIES, SEED * 100 + n),
      search: (q: string) => searchEntities(ctx.db, q),
      scan: (q: string) => scanSearch(ctx, q),
    })),
    {
      kind: 'code',
      queries: fragments(codes, 18, QUERIES, SEED * 100 + 18),
      search: (q: string) => searchEntities(ctx.db, q),
      scan: (q: string) => scanCode(ctx, q),
    },
  ]
  // warm the caches the same way for every figure
  for (const k of kinds) for (const q of k.queries.slice(0, WARMUP)) await k.search(q)
  for (const k of kinds) {
    const found = await Promise.all(k.queries.slice(0, 5).map((q) => searchEntities(ctx.db, q)))
    if (found.some((r) => r.total === 0)) throw new Error(`${k.kind}: a fragment taken from the names found nothing`)
    const times = await time(k.queries, k.search)
    const base = await time(k.queries.slice(0, BASELINE_QUERIES), k.scan)
    const p50 = percentile(times, 0.5)
    const baseP50 = percentile(base, 0.5)
    process.stdout.write(
      `${JSON.stringify({
        bench: 'search',
        db,
        entities,
        kind: k.kind,
        queries: times.length,
        p50ms: Math.round(p50 * 100) / 100,
        p95ms: Math.round(percentile(times, 0.95) * 100) / 100,
        baselineQueries: base.length,
        baselineP50ms: Math.round(baseP50 * 10) / 10,
        speedup: Math.round(baseP50 / p50),
      })}\n`,
    )
  }
}

async function main(): Promise<void> {
  const entities = entityCount()
  const tmp = mkdtempSync(join(tmpdir(), 'gongxin-bench-search-'))
  const file = process.env.BENCH_DB || join(tmp, 'search.db')
  try {
    if (process.env.BENCH_DB && !existsSync(file)) log(`BENCH_DB ${file} does not exist yet: it will be built and kept`)
    const ctx = await prepare(file, undefined, entities) // keys next to the database file
    try {
      await run(ctx, 'sqlite', await countEntities(ctx.db))
    } finally {
      await closeContext(ctx)
    }
    const pg = process.env.BENCH_PG_URL
    if (pg) {
      // the keys of a reused PostgreSQL demo stay in var/bench-search-pg
      const pctx = await prepare(pg, resolve('var', 'bench-search-pg'), entities)
      try {
        await run(pctx, 'postgres', await countEntities(pctx.db))
      } finally {
        await closeContext(pctx)
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

await main()
