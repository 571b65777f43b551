// `npm run bench -- compare`: a batch comparison (批量比对) of a 100,000-row list (env BENCH_ROWS) on a demo city of
// 100,000 entities (env BENCH_ENTITIES; the database is built once and kept: env BENCH_DB, default
// var/bench-compare.db), in-process: the upload's staging (reading the CSV, keyed hashes, inserting the rows) and the
// background run to done (resolve, lists, serious records, the measures of government_procurement), chunk by chunk
// as the server runs it. The list: 90% USCCs of registered organisations (those with records first), 5% unknown
// USCCs, 5% names alone. Baseline, same run and the same rows: the existing batch check (runCheckBatch, 1,000
// subjects per request, the rows a check can take - names alone are refused there). Also for scale: resolving the
// same USCCs alone (bulk lookup, 500 per query). PostgreSQL too with env BENCH_PG_URL (BENCH_PG_ENTITIES, default
// 100,000). Prints one JSON line per database:
// {"bench":"compare","db":"sqlite","rows":100000,"rowsPerSecond":X,"stagingMs":S,"runMs":R,
//  "baselineRowsPerSecond":B,"ratio":X/B,"resolveOnlyRowsPerSecond":Q,"peakRssMb":M,"outcomes":{...}}
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'

const SCENARIO = 'government_procurement'
const DEPT = 'tj-czj'
const PURPOSE = '政府采购供应商资格审查'
const log = (s: string) => process.stderr.write(`${s}\n`)

function envFor(target: string, dataDir?: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GONGXIN_DB: target,
    ...(dataDir ? { GONGXIN_DATA_DIR: dataDir } : {}),
    GONGXIN_LOG_LEVEL: 'silent',
  }
}

async function runOne(label: string, target: string, dataDir: string | undefined, entities: number): Promise<void> {
  const rows = Number(process.env.BENCH_ROWS ?? 100_000)
  const { loadConfig } = await import('../src/core/config.js')
  const { openMigratedContext } = await import('../src/setup.js')
  const { closeContext } = await import('../src/container.js')
  const { generateDemo } = await import('../src/flows/demo/index.js')
  const { countEntities, findSubjectRows } = await import('../src/modules/entities/index.js')
  const { createComparison, comparisonRow } = await import('../src/modules/compare/index.js')
  const { runComparison } = await import('../src/flows/compare/index.js')
  const { runCheckBatch } = await import('../src/modules/checks/index.js')
  const { createRng, generateUscc } = await import('../src/identifiers/index.js')
  const ctx = await openMigratedContext(loadConfig(envFor(target, dataDir)))
  if ((await countEntities(ctx.db)) === 0) {
    log(`building a ${entities.toLocaleString('en-US')}-entity demo city in ${ctx.dbh.target} (once; not timed)`)
    const t = performance.now()
    await generateDemo(ctx, { entities, seed: 1, recordsPerEntity: 5 })
    log(`  built in ${((performance.now() - t) / 1000).toFixed(1)} s`)
  }
  // the list (not timed): organisations with records first, then any; unknown codes; names alone
  const withRecords = await ctx.db
    .selectFrom('records')
    .innerJoin('entities', 'entities.id', 'records.entity_id')
    .select(['entities.uscc', 'entities.name'])
    .where('records.state', '=', 'active')
    .where('entities.uscc', 'is not', null)
    .groupBy(['entities.uscc', 'entities.name'])
    .limit(Math.floor(rows * 0.45))
    .execute()
  const any = await ctx.db
    .selectFrom('entities')
    .select(['uscc', 'name'])
    .where('uscc', 'is not', null)
    .orderBy('id', 'desc')
    .limit(rows)
    .execute()
  const known = [...new Map([...withRecords, ...any].map((r) => [r.uscc as string, r.name])).entries()]
  const rng = createRng(7)
  const lines: string[] = []
  for (let i = 0; i < rows; i++) {
    const k = i % 20
    if (k === 18) lines.push(`${generateUscc(rng, { dept: '9', category: '1', region: '120116' })},未登记的单位${i}`)
    else if (k === 19) lines.push(`,${(known[(i * 7) % known.length] as [string, string])[1]}`)
    else {
      const [uscc, name] = known[i % known.length] as [string, string]
      lines.push(`${uscc},${name}`)
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'gongxin-bench-compare-'))
  const path = join(dir, 'list.csv')
  writeFileSync(path, `统一社会信用代码,主体名称\n${lines.join('\n')}\n`)
  const { systemActor } = await import('../src/core/actor.js')
  const actor = { ...systemActor('bench'), kind: 'api_key' as const, role: 'consumer', dept: DEPT }

  let peak = process.memoryUsage().rss
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 50)
  // the comparison: staging (as the upload route does) and the background run to done
  const t0 = performance.now()
  const c = await createComparison(ctx, actor, {
    file: { path, fileName: 'list.csv' },
    scenario: SCENARIO,
    purpose: PURPOSE,
    allMeasures: false,
  })
  const t1 = performance.now()
  const outcome = await runComparison(ctx, c.id)
  const t2 = performance.now()
  clearInterval(sample)
  if (outcome !== 'done') throw new Error(`comparison ended ${outcome}`)
  const done = await comparisonRow(ctx, c.id)

  // baseline: the batch check of the same rows that a check takes (codes), 1,000 a request
  const subjects = lines.flatMap((l) => {
    const [uscc, name] = l.split(',') as [string, string]
    return uscc ? [{ uscc, name }] : []
  })
  const b0 = performance.now()
  for (let i = 0; i < subjects.length; i += 1000)
    await runCheckBatch(ctx, actor, { subjects: subjects.slice(i, i + 1000), scenario: SCENARIO, purpose: PURPOSE })
  const b1 = performance.now()
  // for scale: resolving the same USCCs alone, in bulk
  const r0 = performance.now()
  for (let i = 0; i < subjects.length; i += 500)
    await findSubjectRows(
      ctx.db,
      'uscc',
      subjects.slice(i, i + 500).map((s) => s.uscc),
    )
  const r1 = performance.now()
  await closeContext(ctx)
  rmSync(dir, { recursive: true, force: true })

  const rowsPerSecond = rows / ((t2 - t0) / 1000)
  const baselineRowsPerSecond = subjects.length / ((b1 - b0) / 1000)
  process.stdout.write(
    `${JSON.stringify({
      bench: 'compare',
      db: label,
      entities: await countEntitiesOf(target, dataDir),
      rows,
      rowsPerSecond: Math.round(rowsPerSecond),
      stagingMs: Math.round(t1 - t0),
      runMs: Math.round(t2 - t1),
      runRowsPerSecond: Math.round(rows / ((t2 - t1) / 1000)),
      outcomes: {
        hit: Number(done?.hit),
        noHit: Number(done?.no_hit),
        ambiguous: Number(done?.ambiguous),
        unresolved: Number(done?.unresolved),
      },
      peakRssMb: Math.round(peak / 1024 / 1024),
      baseline: 'runCheckBatch of the same code rows, 1,000 subjects a batch, same run and database',
      baselineRows: subjects.length,
      baselineRowsPerSecond: Math.round(baselineRowsPerSecond),
      ratio: Number((rowsPerSecond / baselineRowsPerSecond).toFixed(3)),
      resolveOnlyRowsPerSecond: Math.round(subjects.length / ((r1 - r0) / 1000)),
    })}\n`,
  )
}

async function countEntitiesOf(target: string, dataDir: string | undefined): Promise<number> {
  const { loadConfig } = await import('../src/core/config.js')
  const { openContext, closeContext } = await import('../src/container.js')
  const { countEntities } = await import('../src/modules/entities/index.js')
  const ctx = await openContext(loadConfig(envFor(target, dataDir)))
  try {
    return await countEntities(ctx.db)
  } finally {
    await closeContext(ctx)
  }
}

async function main(): Promise<void> {
  const entities = Number(process.env.BENCH_ENTITIES ?? 100_000)
  const sqlite = resolve(process.env.BENCH_DB ?? join('var', 'bench-compare.db'))
  mkdirSync(resolve(sqlite, '..'), { recursive: true })
  await runOne('sqlite', sqlite, undefined, entities)
  if (process.env.BENCH_PG_URL) {
    const dataDir = resolve('var', 'bench-compare-pg')
    mkdirSync(dataDir, { recursive: true })
    await runOne('postgres', process.env.BENCH_PG_URL, dataDir, Number(process.env.BENCH_PG_ENTITIES ?? 100_000))
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
