// `npm run bench -- webhook`: watch events (docs/watches.md) on SQLite (or PostgreSQL with env BENCH_PG_URL),
// in-process, on a fresh database.
// 1. The added latency of a change that writes an outbox row: a one-row collection batch (runIngest of one 行政处罚,
//    a new record) of an entity on a watch, against the same change of an entity nobody watches (which still pays
//    the lookup that finds no watcher), BENCH_CHANGES (default 300) of each, interleaved; medians and their ratio.
// 2. Events delivered per second: BENCH_EVENTS (default 5,000) record.created events of watched entities (one batch),
//    then webhook runs (runWatchDelivery: sequencing with the early-warning rules, signed POSTs in cursor order, one
//    cursor update per event) to a receiver on loopback answering 204, until nothing is left. Baseline, same run:
//    the same number of signed POSTs of the same size to the same receiver, one after the other, without the
//    database. Prints one JSON line:
// {"bench":"webhook","changes":N,"watchedMs":W,"unwatchedMs":U,"latencyRatio":W/U,"events":E,"delivered":D,
//  "eventsPerSecond":X,"sequenceSeconds":S,"baselinePerSecond":B,"ratio":X/B}
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { systemActor } from '../src/core/actor.js'
import { systemClock } from '../src/core/clock.js'
import { loadConfig } from '../src/core/config.js'
import { closeContext } from '../src/container.js'
import { runIngest } from '../src/flows/ingest/index.js'
import { runWatchDelivery, sequenceEvents } from '../src/flows/watches/index.js'
import { createRng, generateUscc } from '../src/identifiers/index.js'
import { addDepartment, permissionsOf } from '../src/modules/access/index.js'
import { postJson } from '../src/modules/notifications/index.js'
import { createWatch, watchSignature } from '../src/modules/watches/index.js'
import { openMigratedContext } from '../src/setup.js'

const log = (s: string) => process.stderr.write(`${s}\n`)
const CHANGES = Number(process.env.BENCH_CHANGES ?? 300)
const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000)
const COMPANIES = 200
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d

const rng = createRng(1717)
const SCJG = generateUscc(rng, { dept: '1', category: '1', region: '120000' })
const company = (i: number, uscc: string) => ({ name: `天津市基准监测${i}号贸易有限公司`, uscc })
let docNo = 0

function penaltyRow(c: { name: string; uscc: string }, day: string): Record<string, string> {
  docNo += 1
  return {
    CF_XDR_MC: c.name,
    CF_XDR_LB: '法人及非法人组织',
    CF_XDR_SHXYM: c.uscc,
    CF_FRDB: '王五',
    CF_WSH: `津市监罚〔2026〕B${docNo}号`,
    CF_WFXW: '销售不合格产品',
    CF_SY: '经查，当事人销售不合格产品。',
    CF_YJ: '《中华人民共和国产品质量法》第四十九条',
    CF_CFLB: '罚款',
    CF_NR: '罚款人民币2万元。',
    CF_NR_FK: '2',
    CF_JDRQ: day,
    CF_CFJG: '天津市市场监督管理委员会',
    CF_CFJGDM: SCJG,
    CF_SJLY: '天津市市场监督管理委员会',
    CF_SJLYDM: SCJG,
  }
}

const rowsOf = (list: Record<string, string>[]) => ({
  headers: Object.keys(list[0] as Record<string, string>),
  rows: list.map((values, i) => ({ rowNo: i + 2, values })),
})

/** BENCH_PG_URL: a fresh PostgreSQL schema instead of a SQLite file (dropped at the end). */
const PG = process.env.BENCH_PG_URL
const SCHEMA = `bench_webhook_${process.pid}`

async function pgAdmin(statement: string): Promise<void> {
  const { default: pg } = await import('pg')
  const admin = new pg.Client({ connectionString: PG })
  await admin.connect()
  await admin.query(statement)
  await admin.end()
}

async function database(dir: string): Promise<string> {
  if (!PG) return join(dir, 'bench.db')
  await pgAdmin(`create schema ${SCHEMA}`)
  const u = new URL(PG)
  u.searchParams.set('options', `-c search_path=${SCHEMA}`)
  return u.toString()
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gongxin-bench-webhook-'))
  const config = loadConfig({
    GONGXIN_DB: await database(dir),
    GONGXIN_LOG_LEVEL: 'silent',
    GONGXIN_WATCH_INTERVAL_SECONDS: '0',
  })
  const ctx = await openMigratedContext(config, { clock: systemClock })
  const actor = systemActor('bench')
  let received = 0
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      received++
      res.statusCode = 204
      res.end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  try {
    await addDepartment(ctx, actor, {
      code: 'tj-scjg',
      name: '天津市市场监督管理委员会',
      uscc: SCJG,
      district: '120000',
    })
    await addDepartment(ctx, actor, {
      code: 'tj-czj',
      name: '天津市财政局',
      uscc: generateUscc(rng, { dept: '1', category: '1', region: '120000' }),
      district: '120000',
    })
    const watched = Array.from({ length: COMPANIES }, (_, i) => company(i, generateUscc(rng, { region: '120116' })))
    const unwatched = Array.from({ length: COMPANIES }, (_, i) =>
      company(COMPANIES + i, generateUscc(rng, { region: '120101' })),
    )
    const ingest = (list: Record<string, string>[]) =>
      runIngest(ctx, actor, { classCode: 'admin_penalty', dept: 'tj-scjg', channel: 'api', ...rowsOf(list) })
    // every company exists before the watch (one record each, 2025: outside the early-warning rule's six months)
    await ingest([...watched, ...unwatched].map((c) => penaltyRow(c, '2025-09-01')))
    const owner = {
      kind: 'api_key' as const,
      id: 'bench-key',
      role: 'consumer',
      dept: 'tj-czj',
      district: null,
      entityId: null,
      permissions: permissionsOf('consumer'),
    }
    const watch = await createWatch(ctx, actor, owner, {
      name: '基准测试监测名单',
      entities: watched.map((c) => ({ uscc: c.uscc })),
      events: ['record.created', 'list.entered', 'alert'],
      webhook: { url },
    })

    // 1. latency of a change with and without a watcher, interleaved
    const times = { watched: [] as number[], unwatched: [] as number[] }
    for (let i = 0; i < CHANGES; i++)
      for (const kind of i % 2 === 0 ? (['watched', 'unwatched'] as const) : (['unwatched', 'watched'] as const)) {
        const c = (kind === 'watched' ? watched : unwatched)[i % COMPANIES] as { name: string; uscc: string }
        const t0 = performance.now()
        await ingest([penaltyRow(c, '2026-03-01')])
        times[kind].push(performance.now() - t0)
      }
    // those changes' events are delivered before the throughput part starts
    while ((await runWatchDelivery(ctx)).delivered > 0);
    received = 0

    // 2. throughput: EVENTS events in one batch, then webhook runs until nothing is left
    await ingest(Array.from({ length: EVENTS }, (_, i) => penaltyRow(watched[i % COMPANIES] as never, '2024-05-01')))
    const s0 = performance.now()
    await sequenceEvents(ctx)
    const sequenceSeconds = (performance.now() - s0) / 1000
    const d0 = performance.now()
    let delivered = 0
    for (;;) {
      const r = await runWatchDelivery(ctx)
      delivered += r.delivered
      if (r.delivered === 0 && r.retrying === 0) break
    }
    const deliverSeconds = (performance.now() - d0) / 1000
    if (received !== delivered) throw new Error(`receiver counted ${received}, worker ${delivered}`)

    // baseline: the same number of signed POSTs of the same size, no database
    const body = JSON.stringify({
      id: '0190f3c2-0000-7000-8000-000000000000',
      type: 'record.created',
      occurredAt: new Date().toISOString(),
      entityId: '0190f3c2-0000-7000-8000-000000000001',
      data: { recordId: '0190f3c2-0000-7000-8000-000000000002', class: 'admin_penalty', version: 1 },
    })
    const b0 = performance.now()
    for (let i = 0; i < delivered; i++)
      await postJson(
        url,
        { 'x-gongxin-signature': watchSignature(watch.secret, Math.floor(Date.now() / 1000), body) },
        body,
        10,
      )
    const baselineSeconds = (performance.now() - b0) / 1000
    const eventsPerSecond = delivered / deliverSeconds
    const baselinePerSecond = delivered / baselineSeconds
    const out = {
      bench: 'webhook',
      db: PG ? 'postgres' : 'sqlite',
      changes: CHANGES,
      watchedMs: round(median(times.watched)),
      unwatchedMs: round(median(times.unwatched)),
      latencyRatio: round(median(times.watched) / median(times.unwatched)),
      events: EVENTS,
      delivered,
      eventsPerSecond: Math.round(eventsPerSecond),
      sequenceSeconds: round(sequenceSeconds),
      baselinePerSecond: Math.round(baselinePerSecond),
      ratio: round(eventsPerSecond / baselinePerSecond),
    }
    process.stdout.write(`${JSON.stringify(out)}\n`)
  } finally {
    server.close()
    await closeContext(ctx)
    rmSync(dir, { recursive: true, force: true })
    if (PG) await pgAdmin(`drop schema ${SCHEMA} cascade`)
  }
}

main().catch((e: unknown) => {
  log(String((e as Error).stack ?? e))
  process.exit(1)
})
