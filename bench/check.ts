// `npm run bench -- check`: joint rewards and punishments checks (POST /api/v1/checks) at 50 connections on a demo
// city of 1,000,000 entities and about 5,000,000 records (env BENCH_ENTITIES, BENCH_RECORDS_PER_ENTITY), against a
// bare fastify route doing one prepared INSERT into the same database (POST /bare) in the same run. Each server runs
// in its own child process; autocannon drives them from this process. The subjects: 5,000 organisations' USCCs,
// half of them with records (so checks find hits), shuffled; scenario government_procurement, a consumer key of the
// finance bureau (tj-czj), purpose given. Then, in-process: a batch of 1,000 subjects (runCheckBatch), median of runs.
// The database is built once (outside the timed part) and reused: env BENCH_DB (default var/bench-check.db).
// PostgreSQL too when env BENCH_PG_URL is set (an empty database or schema is filled with a demo of
// BENCH_PG_ENTITIES entities, default 200,000; one that has entities is reused; keys kept in var/bench-check-pg).
// For scale, the same server answering GET /api/v1/auth/me with the same key (authentication and the HTTP stack, no
// check). Prints one JSON line per database:
// {"bench":"check","db":"sqlite","entities":N,"records":R,"rps":X,"p99Ms":P,"baselineRps":B,"ratio":X/B,
//  "authOnlyRps":A,"authOnlyRatio":A/B,"batch1000Ms":M}
import type { ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { CONNECTIONS, load, reportUrl, startServer, stopServer } from './lib/http-load.js'

const self = fileURLToPath(import.meta.url)
const TRUSTED = '127.0.0.1,::1,::ffff:127.0.0.1'
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
    GONGXIN_TRUSTED_CLIENTS: TRUSTED,
  }
}

async function serveApp(target: string, dataDir: string | undefined): Promise<void> {
  const { loadConfig } = await import('../src/core/config.js')
  const { openContext } = await import('../src/container.js')
  const { buildApp } = await import('../src/http/app.js')
  const ctx = await openContext(loadConfig(envFor(target, dataDir)))
  const app = await buildApp(ctx, { web: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  reportUrl((app.server.address() as { port: number }).port)
}

/** The baseline: the least a write endpoint on this database can do - parse JSON, one prepared INSERT, answer. */
async function serveBare(target: string, dataDir: string | undefined): Promise<void> {
  const { default: Fastify } = await import('fastify')
  const { loadConfig } = await import('../src/core/config.js')
  const { openContext } = await import('../src/container.js')
  const { newId } = await import('../src/core/ids.js')
  const { sql } = await import('kysely')
  const ctx = await openContext(loadConfig(envFor(target, dataDir)))
  await sql`create table if not exists bench_baseline (id text primary key, at text not null, body text not null)`.execute(
    ctx.db,
  )
  const app = Fastify({ logger: false })
  app.post('/bare', async (req) => {
    const id = newId()
    await ctx.db
      .insertInto('bench_baseline' as never)
      .values({ id, at: new Date().toISOString(), body: JSON.stringify(req.body) } as never)
      .execute()
    return { id }
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  reportUrl((app.server.address() as { port: number }).port)
}

interface Prepared {
  records: number
  entities: number
  subjects: string[]
  key: string
}

/** Opens (building once if empty) the demo database; picks the subjects; makes a consumer key. Not timed. */
async function prepare(target: string, dataDir: string | undefined, entities: number, perEntity: number) {
  const { loadConfig } = await import('../src/core/config.js')
  const { openContext } = await import('../src/container.js')
  const { openMigratedContext } = await import('../src/setup.js')
  const { generateDemo } = await import('../src/flows/demo/index.js')
  const { countEntities } = await import('../src/modules/entities/index.js')
  const { createApiKey } = await import('../src/modules/access/index.js')
  const { systemActor } = await import('../src/core/actor.js')
  const ctx = await openMigratedContext(loadConfig(envFor(target, dataDir)))
  if ((await countEntities(ctx.db)) === 0) {
    log(`building a ${entities.toLocaleString('en-US')}-entity demo city in ${ctx.dbh.target} (once; not timed)`)
    const t = performance.now()
    await generateDemo(ctx, { entities, seed: 1, recordsPerEntity: perEntity })
    log(`  built in ${((performance.now() - t) / 1000).toFixed(1)} s`)
  }
  const count = async (table: 'records' | 'entities') =>
    Number(
      (
        await ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  // half the subjects with active records, half drawn from all organisations
  const withRecords = await ctx.db
    .selectFrom('records')
    .innerJoin('entities', 'entities.id', 'records.entity_id')
    .select('entities.uscc')
    .where('records.state', '=', 'active')
    .where('entities.uscc', 'is not', null)
    .groupBy('entities.uscc')
    .orderBy('entities.uscc')
    .limit(2500)
    .execute()
  const any = await ctx.db
    .selectFrom('entities')
    .select('uscc')
    .where('uscc', 'is not', null)
    .orderBy('id', 'desc')
    .limit(2500)
    .execute()
  const codes = [...new Set([...withRecords, ...any].map((r) => r.uscc as string))]
  const subjects = codes
    .map((c, k) => ({ c, k: (k * 2654435761) % 4294967296 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.c)
  const { key } = await createApiKey(ctx, systemActor('bench'), { role: 'consumer', dept: DEPT, name: 'bench-check' })
  const prepared: Prepared = { records: await count('records'), entities: await count('entities'), subjects, key }
  return { ctx, prepared }
}

async function runOne(label: string, target: string, dataDir: string | undefined, entities: number, perEntity: number) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10)
  const { ctx, prepared } = await prepare(target, dataDir, entities, perEntity)
  const { runCheckBatch } = await import('../src/modules/checks/index.js')
  const { closeContext } = await import('../src/container.js')
  const { apiKeyActor } = await actorFor(ctx, prepared.key)
  // in-process batch of 1,000 subjects: warm-up, then the median of 5 runs
  const batch = prepared.subjects.slice(0, 1000).map((uscc) => ({ uscc }))
  const times: number[] = []
  let hitsInBatch = 0
  for (let i = 0; i < 6; i++) {
    const t = performance.now()
    const r = await runCheckBatch(ctx, apiKeyActor, { subjects: batch, scenario: SCENARIO, purpose: PURPOSE })
    if (i > 0) times.push(performance.now() - t)
    hitsInBatch = r.items.filter((x) => 'outcome' in x && x.outcome !== 'none').length
  }
  times.sort((a, b) => a - b)
  await closeContext(ctx)

  const bodies = prepared.subjects.map((uscc) =>
    JSON.stringify({ subject: { uscc }, scenario: SCENARIO, purpose: PURPOSE }),
  )
  const children: ChildProcess[] = []
  try {
    const auth = { authorization: `Bearer ${prepared.key}` }
    const bare = await startServer(self, ['--serve-bare', target, dataDir ?? ''], children)
    await load({ url: bare.url, paths: ['/bare'], bodies, seconds: 2 })
    const baseline = await load({ url: bare.url, paths: ['/bare'], bodies, seconds })
    await stopServer(bare.child)
    const app = await startServer(self, ['--serve-app', target, dataDir ?? ''], children)
    await load({ url: app.url, paths: ['/api/v1/checks'], bodies, headers: auth, seconds: 2 })
    const measured = await load({ url: app.url, paths: ['/api/v1/checks'], bodies, headers: auth, seconds })
    // for scale, the same server answering the same key with nothing else to do: authentication and the HTTP stack
    const authOnly = await load({ url: app.url, paths: ['/api/v1/auth/me'], headers: auth, seconds })
    process.stdout.write(
      `${JSON.stringify({
        bench: 'check',
        db: label,
        endpoint: 'POST /api/v1/checks',
        entities: prepared.entities,
        records: prepared.records,
        distinctSubjects: prepared.subjects.length,
        connections: CONNECTIONS,
        seconds,
        rps: Math.round(measured.rps),
        p50Ms: measured.p50,
        p99Ms: measured.p99,
        non2xx: measured.non2xx,
        errors: measured.errors,
        baseline: 'fastify route POST /bare doing one prepared INSERT into the same database, same run',
        baselineRps: Math.round(baseline.rps),
        baselineP99Ms: baseline.p99,
        ratio: Number((measured.rps / baseline.rps).toFixed(3)),
        authOnly: 'GET /api/v1/auth/me with the same key on the same server, same run',
        authOnlyRps: Math.round(authOnly.rps),
        authOnlyP99Ms: authOnly.p99,
        authOnlyRatio: Number((authOnly.rps / baseline.rps).toFixed(3)),
        target: { ratio: 0.5, p99Ms: 10, batch1000Ms: 100 },
        batch1000Ms: Number((times[Math.floor(times.length / 2)] as number).toFixed(1)),
        batch1000MinMs: Number((times[0] as number).toFixed(1)),
        batchSubjectsWithHits: hitsInBatch,
      })}\n`,
    )
  } finally {
    for (const c of children) await stopServer(c)
  }
}

async function actorFor(ctx: import('../src/container.js').Ctx, key: string) {
  const { authenticate, principalActor } = await import('../src/modules/access/index.js')
  const principal = await authenticate(ctx, { bearer: key })
  if (principal.kind !== 'api_key') throw new Error('bench key not accepted')
  return { apiKeyActor: principalActor(principal) }
}

async function main(): Promise<void> {
  const mode = process.argv[2]
  if (mode === '--serve-app') return serveApp(process.argv[3] as string, process.argv[4] || undefined)
  if (mode === '--serve-bare') return serveBare(process.argv[3] as string, process.argv[4] || undefined)
  const entities = Number(process.env.BENCH_ENTITIES ?? 1_000_000)
  const perEntity = Number(process.env.BENCH_RECORDS_PER_ENTITY ?? 5)
  const sqlite = resolve(process.env.BENCH_DB ?? join('var', 'bench-check.db'))
  mkdirSync(resolve(sqlite, '..'), { recursive: true })
  await runOne('sqlite', sqlite, undefined, entities, perEntity)
  if (process.env.BENCH_PG_URL) {
    const dataDir = resolve('var', 'bench-check-pg')
    mkdirSync(dataDir, { recursive: true })
    await runOne(
      'postgres',
      process.env.BENCH_PG_URL,
      dataDir,
      Number(process.env.BENCH_PG_ENTITIES ?? 200_000),
      perEntity,
    )
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
