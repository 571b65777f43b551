// `npm run bench -- portal-http`: throughput of the public entity-file endpoint (GET /api/v1/public/entities/:id) at
// 50 connections on a demo database, against a bare fastify route (GET /bare/:id answering a small JSON object)
// measured in the same run on the same machine. Each server runs in its own child process; autocannon drives them
// from this process, cycling through 5,000 organisation ids of the demo (shuffled). The bench's address is a
// trusted client, so the public rate limits do not apply to it.
// Two figures: `ratio` as deployed (the per-process entity-file cache, 30 s; warmed by one visit of every id, then
// steady state) and `uncachedRatio` with the cache off (every request computed from the database).
// Env: BENCH_ENTITIES (default 10,000), BENCH_DB (reuse or keep a demo database file), BENCH_SECONDS (default 10).
// Prints one JSON line: {"bench":"portal-http",...,"rps":R,"baselineRps":B,"ratio":R/B,"uncachedRatio":U/B}
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CONNECTIONS, load, reportUrl, startServer, stopServer } from './lib/http-load.js'

const self = fileURLToPath(import.meta.url)
const TRUSTED = '127.0.0.1,::1,::ffff:127.0.0.1'

async function serveApp(db: string, cacheMs: number): Promise<void> {
  const { loadConfig } = await import('../src/core/config.js')
  const { openContext } = await import('../src/container.js')
  const { buildApp } = await import('../src/http/app.js')
  const { publicRoutes } = await import('../src/modules/public/index.js')
  // GONGXIN_PUBLIC_FILE_CACHE_SECONDS reaches publicRoutes through the configuration once it knows the setting;
  // until buildApp registers the public routes, they are registered here with the same option
  const config = loadConfig({
    ...process.env,
    GONGXIN_DB: db,
    GONGXIN_LOG_LEVEL: 'silent',
    GONGXIN_TRUSTED_CLIENTS: TRUSTED,
    GONGXIN_PUBLIC_FILE_CACHE_SECONDS: String(cacheMs / 1000),
  })
  const ctx = await openContext(config)
  const app = await buildApp(ctx, { web: false })
  if (!app.hasRoute({ method: 'GET', url: '/api/v1/public/entities/:id' }))
    await publicRoutes(app, ctx, { entityFileCacheMs: cacheMs })
  await app.listen({ port: 0, host: '127.0.0.1' })
  reportUrl((app.server.address() as { port: number }).port)
}

async function serveBare(): Promise<void> {
  const { default: Fastify } = await import('fastify')
  const app = Fastify({ logger: false })
  app.get<{ Params: { id: string } }>('/bare/:id', async (req) => ({ id: req.params.id, ok: true }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  reportUrl((app.server.address() as { port: number }).port)
}

async function main(): Promise<void> {
  const mode = process.argv[2]
  if (mode === '--serve-app') return serveApp(process.argv[3] as string, Number(process.argv[4] ?? 30_000))
  if (mode === '--serve-bare') return serveBare()

  const entities = Number(process.env.BENCH_ENTITIES ?? 10_000)
  const seconds = Number(process.env.BENCH_SECONDS ?? 10)
  const dir = process.env.BENCH_DB ? null : mkdtempSync(join(tmpdir(), 'gongxin-bench-portal-'))
  const db = process.env.BENCH_DB ?? join(dir as string, 'demo.db')
  const { loadConfig } = await import('../src/core/config.js')
  const { openContext, closeContext } = await import('../src/container.js')
  const { openMigratedContext } = await import('../src/setup.js')
  // the data directory (keys) is the database's folder, for this process and the server alike
  const config = loadConfig({ ...process.env, GONGXIN_DB: db, GONGXIN_LOG_LEVEL: 'silent' })
  const fresh = !existsSync(db)
  const ctx = await openMigratedContext(config)
  if (fresh) {
    const { generateDemo } = await import('../src/flows/demo/index.js')
    await generateDemo(ctx, { entities })
  }
  // flags are maintained by the pipeline hook; a demo built before it was wired gets them here
  const { rebuildEntityFlags } = await import('../src/modules/disclosure/index.js')
  await rebuildEntityFlags(ctx)
  const ids = (
    await ctx.db
      .selectFrom('entities')
      .select('id')
      .where('kind', '<>', 'natural_person')
      .orderBy('id')
      .limit(5000)
      .execute()
  ).map((r) => r.id)
  const records = await ctx.db
    .selectFrom('records')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  await closeContext(ctx)

  const children: ChildProcess[] = []
  try {
    // shuffle deterministically so consecutive requests hit different entities
    const order = ids
      .map((id, k) => ({ id, k: (k * 2654435761) % 4294967296 }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.id)
    const appPaths = order.map((id) => `/api/v1/public/entities/${id}`)
    const barePaths = order.map((id) => `/bare/${id}`)
    const bare = await startServer(self, ['--serve-bare'], children)
    await load({ url: bare.url, paths: barePaths, seconds: 2 })
    const baseline = await load({ url: bare.url, paths: barePaths, seconds: seconds })
    // as deployed: the per-process entity-file cache (30 s, dropped on change)
    const app = await startServer(self, ['--serve-app', db, '30000'], children)
    // warm up: every entity file once (what a cache holds after the first visit of each), then steady state
    await load({ url: app.url, paths: appPaths, seconds: -1 })
    await load({ url: app.url, paths: appPaths, seconds: 1 })
    const measured = await load({ url: app.url, paths: appPaths, seconds: seconds })
    // and every request computed from the database (cache off)
    const cold = await startServer(self, ['--serve-app', db, '0'], children)
    await load({ url: cold.url, paths: appPaths, seconds: 2 })
    const uncached = await load({ url: cold.url, paths: appPaths, seconds: seconds })
    process.stdout.write(
      `${JSON.stringify({
        bench: 'portal-http',
        endpoint: 'GET /api/v1/public/entities/:id',
        entities,
        records: Number(records.n),
        distinctIds: ids.length,
        connections: CONNECTIONS,
        seconds,
        rps: Math.round(measured.rps),
        p50Ms: measured.p50,
        p99Ms: measured.p99,
        non2xx: measured.non2xx,
        errors: measured.errors,
        baseline: 'bare fastify route GET /bare/:id in the same run',
        baselineRps: Math.round(baseline.rps),
        ratio: Number((measured.rps / baseline.rps).toFixed(3)),
        target: 0.3,
        uncachedRps: Math.round(uncached.rps),
        uncachedP99Ms: uncached.p99,
        uncachedRatio: Number((uncached.rps / baseline.rps).toFixed(3)),
      })}\n`,
    )
  } finally {
    for (const c of children) await stopServer(c)
    if (dir) rmSync(dir, { recursive: true, force: true })
  }
}

await main()
