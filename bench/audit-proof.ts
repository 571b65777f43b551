// `npm run bench -- audit-proof`: the verifiable audit log (docs/audit-log.md) at BENCH_EVENTS events (default
// 1,000,000) on SQLite. Set-up, outside the timed figures but reported: the events are appended through
// recordAuditEntries (10,000 per transaction), then the tree is caught up (extendAuditTree). Timed, each the median of
// BENCH_SAMPLES (default 200) runs: an inclusion proof of a random event against the whole tree (inclusionProof), a
// consistency proof between a random earlier size and the whole tree (consistencyProof), and a checkpoint after one
// new event (auditCheckpoint with force: catch-up of that event, the root from O(log n) stored nodes, Ed25519, one
// insert). Baseline, same run and database: reading one audit event by its id (one indexed point read).
// The database is kept and reused: env BENCH_DB (default var/bench-audit-proof.db). Prints one JSON line:
// {"bench":"audit-proof","events":N,"inclusionMs":I,"consistencyMs":C,"checkpointMs":K,"baselineMs":B,
//  "inclusionRatio":I/B,"consistencyRatio":C/B,"checkpointRatio":K/B,"proofHashes":P,"seedSeconds":S,"treeSeconds":T}
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import { systemActor } from '../src/core/actor.js'
import { systemClock } from '../src/core/clock.js'
import { loadConfig } from '../src/core/config.js'
import { closeContext } from '../src/container.js'
import {
  auditCheckpoint,
  consistencyProof,
  extendAuditTree,
  inclusionProof,
  recordAuditEntries,
} from '../src/modules/audit/index.js'
import { openMigratedContext } from '../src/setup.js'

const log = (s: string) => process.stderr.write(`${s}\n`)
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000)
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200)
const dbFile = resolve(process.env.BENCH_DB ?? 'var/bench-audit-proof.db')
mkdirSync(dirname(dbFile), { recursive: true })

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d

async function main(): Promise<void> {
  const config = loadConfig({
    GONGXIN_DB: dbFile,
    GONGXIN_DATA_DIR: join(dirname(dbFile), 'bench-audit-proof-keys'),
    GONGXIN_LOG_LEVEL: 'silent',
  })
  const ctx = await openMigratedContext(config, { clock: systemClock })
  const count = async () =>
    Number((await sql<{ n: number }>`select count(*) as n from audit_events`.execute(ctx.db)).rows[0]?.n)
  let have = await count()
  const seedStart = performance.now()
  const actor = systemActor('bench')
  while (have < EVENTS) {
    const batch = Math.min(10_000, EVENTS - have)
    await ctx.db.transaction().execute((trx) =>
      recordAuditEntries(
        trx,
        ctx.clock,
        Array.from({ length: batch }, (_, i) => ({
          actor,
          event: { action: 'bench.event', targetType: 'thing', targetId: `t${have + i}`, details: { i: have + i } },
        })),
      ),
    )
    have += batch
    if (have % 100_000 < batch) log(`events: ${have}`)
  }
  const seedSeconds = (performance.now() - seedStart) / 1000
  const treeStart = performance.now()
  const size = await extendAuditTree(ctx.db)
  const treeSeconds = (performance.now() - treeStart) / 1000
  log(`tree: ${size} leaves (${round(treeSeconds, 1)} s)`)

  const ids = (
    await sql<{ id: string }>`select id from audit_events where seq in (${sql.join(
      Array.from({ length: SAMPLES }, () => 1 + Math.floor(Math.random() * size)),
    )})`.execute(ctx.db)
  ).rows.map((r) => r.id)
  const timed = async (fn: (i: number) => Promise<unknown>): Promise<number> => {
    const t: number[] = []
    for (let i = 0; i < SAMPLES; i++) {
      const s = performance.now()
      await fn(i)
      t.push(performance.now() - s)
    }
    return median(t)
  }
  const pick = (i: number) => ids[i % ids.length] as string
  // warm up the page cache and the statements once
  await inclusionProof(ctx, pick(0), size)
  const baselineMs = await timed((i) =>
    ctx.db.selectFrom('audit_events').selectAll().where('id', '=', pick(i)).executeTakeFirstOrThrow(),
  )
  let proofHashes = 0
  const inclusionMs = await timed(async (i) => {
    proofHashes = Math.max(proofHashes, (await inclusionProof(ctx, pick(i), size)).path.length)
  })
  const consistencyMs = await timed(async () => {
    const m = 1 + Math.floor(Math.random() * (size - 1))
    proofHashes = Math.max(proofHashes, (await consistencyProof(ctx.db, m, size)).proof.length)
  })
  const checkpointMs = await timed(async () => {
    await ctx.db
      .transaction()
      .execute((trx) => recordAuditEntries(trx, ctx.clock, [{ actor, event: { action: 'bench.checkpoint' } }]))
    await auditCheckpoint(ctx, { force: true })
  })
  // the append itself, to subtract from the checkpoint figure
  const appendMs = await timed(() =>
    ctx.db
      .transaction()
      .execute((trx) => recordAuditEntries(trx, ctx.clock, [{ actor, event: { action: 'bench.append' } }])),
  )
  await extendAuditTree(ctx.db)
  const signMs = Math.max(0, checkpointMs - appendMs)
  process.stdout.write(
    `${JSON.stringify({
      bench: 'audit-proof',
      db: 'sqlite',
      events: size,
      samples: SAMPLES,
      inclusionMs: round(inclusionMs),
      consistencyMs: round(consistencyMs),
      checkpointMs: round(signMs),
      baselineMs: round(baselineMs),
      inclusionRatio: round(inclusionMs / baselineMs, 1),
      consistencyRatio: round(consistencyMs / baselineMs, 1),
      checkpointRatio: round(signMs / baselineMs, 1),
      proofHashes,
      seedSeconds: round(seedSeconds, 1),
      treeSeconds: round(treeSeconds, 1),
    })}\n`,
  )
  await closeContext(ctx)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
