// `npm run bench -- ingest`: a national-format 行政处罚 CSV (default 1,000,000 rows; BENCH_ROWS overrides)
// through the full collection pipeline, as a ratio to a raw baseline measured in the same run. SQLite (default):
// the same rows, already parsed, inserted with one prepared statement into a table of the same columns with only
// a primary key, in one transaction. PostgreSQL (BENCH_PG_URL=postgres://...): COPY of the same rows into such a
// table. Prints one JSON line. Subjects are existing entities (BENCH_ENTITIES). On SQLite it also prints the storage
// floor: the pipeline's own records and versions written again with prepared statements into the same schema, as a
// ratio to the baseline (what the pipeline could reach if planning cost nothing). BENCH_PLANNING=in_process|worker
// chooses where the rows are planned (default: a worker thread for files of 1 MB and more). BENCH_FLOOR_VARIANTS=1
// also prints the floor without the entity index, with the entity index as the only secondary index, without any
// secondary index, and at 10,000 and 100,000 records per transaction.
import { spawnSync } from 'node:child_process'
import { copyFileSync, createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { closeContext, openContext } from '../src/container.js'
import { openMigratedContext } from '../src/setup.js'
import { systemActor } from '../src/core/actor.js'
import { SQLITE_PRAGMAS } from '../src/db/dialects/sqlite.js'
import { loadConfig } from '../src/core/config.js'
import { createRng, generateUscc } from '../src/identifiers/index.js'
import { addDepartment } from '../src/modules/access/index.js'
import { insertEntitiesBulk, type NewEntity } from '../src/modules/entities/index.js'

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000)
const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 100_000)
const DEPT_USCC = '1112000000015929XK'
const HEADERS = [
  'CF_XDR_MC',
  'CF_XDR_LB',
  'CF_XDR_SHXYM',
  'CF_FRDB',
  'CF_WSH',
  'CF_WFXW',
  'CF_SY',
  'CF_YJ',
  'CF_CFLB',
  'CF_NR',
  'CF_NR_FK',
  'CF_JDRQ',
  'CF_CFJG',
  'CF_CFJGDM',
  'CF_SJLY',
  'CF_SJLYDM',
]
const dir = mkdtempSync(join(tmpdir(), 'gongxin-bench-ingest-'))
const PG = process.env.BENCH_PG_URL
const schema = `bench_ingest_${process.pid}`
let db = join(dir, 'bench.db')
if (PG) {
  const admin = new pg.Client({ connectionString: PG })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const u = new URL(PG)
  u.searchParams.set('options', `-c search_path=${schema}`)
  db = u.toString()
}
const csvPath = join(dir, 'penalties.csv')

// --- setup (not timed): departments and existing subjects
const ctx = await openMigratedContext(loadConfig({ GONGXIN_DB: db, GONGXIN_DATA_DIR: dir, GONGXIN_LOG_LEVEL: 'silent' }))
const actor = systemActor('bench')
await addDepartment(ctx, actor, {
  code: 'tj-scjg',
  name: '天津市市场监督管理委员会',
  uscc: DEPT_USCC,
  district: '120000',
})
const rng = createRng(11)
const subjects: { name: string; uscc: string }[] = []
const seenOrg = new Set<string>()
while (subjects.length < ENTITIES) {
  const uscc = generateUscc(rng, { region: '120101' })
  if (seenOrg.has(uscc.slice(8, 17))) continue
  seenOrg.add(uscc.slice(8, 17))
  subjects.push({ name: `天津市基准${subjects.length}号科技有限公司`, uscc })
}
for (let i = 0; i < subjects.length; i += 10_000) {
  const part: NewEntity[] = subjects
    .slice(i, i + 10_000)
    .map((s) => ({ kind: 'legal_person', name: s.name, uscc: s.uscc, district: '120101' }))
  await ctx.db.transaction().execute((trx) => insertEntitiesBulk(ctx, trx, part))
}
await closeContext(ctx)
// the storage floor (SQLite) starts from the same database as the pipeline
const floorDb = join(dir, 'floor.db')
if (!PG) copyFileSync(db, floorDb)

function rowAt(i: number): string[] {
  const s = subjects[(i * 7919) % subjects.length] as { name: string; uscc: string }
  const month = String(1 + (i % 12)).padStart(2, '0')
  const day = String(1 + (i % 28)).padStart(2, '0')
  return [
    s.name,
    '法人及非法人组织',
    s.uscc,
    '张三',
    `津市监罚〔2025〕${i + 1}号`,
    '销售不合格产品',
    '经查，当事人销售不合格产品，违法所得若干。',
    '《中华人民共和国产品质量法》第四十九条',
    i % 5 === 0 ? '罚款;没收违法所得' : '罚款',
    '罚款人民币5000元。',
    ((i % 50) / 10 + 0.1).toFixed(1),
    `2025-${month}-${day}`,
    '天津市市场监督管理委员会',
    DEPT_USCC,
    '天津市市场监督管理委员会',
    DEPT_USCC,
  ]
}

// --- the CSV (not timed)
{
  const out = createWriteStream(csvPath)
  out.write(`${HEADERS.join(',')}\n`)
  let buf = ''
  for (let i = 0; i < ROWS; i++) {
    buf += `${rowAt(i).join(',')}\n`
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()))
      buf = ''
    }
  }
  out.end(buf)
  await new Promise<void>((r) => out.on('close', () => r()))
}

// --- baseline (only the loading is timed)
let baselineSeconds = 0
if (!PG) {
  const raw = new BetterSqlite3(join(dir, 'baseline.db'))
  raw.pragma('journal_mode = WAL')
  raw.pragma('synchronous = NORMAL')
  raw.exec(`create table t (id integer primary key, ${HEADERS.map((h) => `"${h}" text`).join(', ')})`)
  const stmt = raw.prepare(
    `insert into t (${HEADERS.map((h) => `"${h}"`).join(', ')}) values (${HEADERS.map(() => '?').join(', ')})`,
  )
  raw.exec('begin')
  for (let i = 0; i < ROWS; i += 50_000) {
    const chunk: string[][] = []
    for (let j = i; j < Math.min(ROWS, i + 50_000); j++) chunk.push(rowAt(j))
    const t0 = performance.now()
    for (const r of chunk) stmt.run(r)
    baselineSeconds += (performance.now() - t0) / 1000
  }
  const t0 = performance.now()
  raw.exec('commit')
  baselineSeconds += (performance.now() - t0) / 1000
  raw.close()
} else {
  const client = new pg.Client({ connectionString: db })
  await client.connect()
  await client.query(
    `create table baseline_t (id bigserial primary key, ${HEADERS.map((h) => `"${h}" text`).join(', ')})`,
  )
  const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n')
  const t0 = performance.now()
  const stream = client.query(copyFrom(`copy baseline_t (${HEADERS.map((h) => `"${h}"`).join(', ')}) from stdin`))
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', () => resolve())
    stream.on('error', reject)
  })
  let buf = ''
  for (let i = 0; i < ROWS; i++) {
    buf += `${rowAt(i).map(esc).join('\t')}\n`
    if (buf.length > 1 << 20) {
      if (!stream.write(buf)) await new Promise<void>((r) => stream.once('drain', () => r()))
      buf = ''
    }
  }
  stream.end(buf)
  await done
  baselineSeconds = (performance.now() - t0) / 1000
  await client.end()
}

// --- the pipeline, in its own process so that its peak memory is its own
const child = spawnSync(
  process.execPath,
  [fileURLToPath(new URL('./ingest-run.js', import.meta.url)), db, csvPath, 'tj-scjg'],
  {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    env: { ...process.env, GONGXIN_DATA_DIR: dir },
  },
)
if (child.status !== 0) {
  process.stderr.write(child.stderr)
  process.exit(1)
}
const run = JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as {
  seconds: number
  maxRssMb: number
  summary: { accepted: number; rejected: number }
}

/** How the storage floor is written: which secondary indexes exist, how many records per transaction. */
interface FloorVariant {
  dropIndexes?: readonly string[]
  perTransaction?: number
}

/**
 * The storage floor (SQLite): the rows the pipeline stored (records and their first versions, with every index the
 * schema has), written again into the database as it was before the run with two prepared statements, 1,000 records
 * per transaction as the pipeline commits them. Only the writes are timed: what the schema costs, with no pipeline.
 * A variant drops indexes first or commits more records at a time, to show what each part of the schema costs.
 */
function storageFloorSeconds(variant: FloorVariant = {}): number {
  const read = (table: string, order: string) =>
    new BetterSqlite3(db, { readonly: true }).prepare(`select * from ${table} order by ${order}`).iterate() as Iterator<
      Record<string, unknown>
    >
  const records = read('records', 'rowid')
  const versions = read('record_versions', 'rowid')
  const target = join(dir, 'floor-run.db')
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true })
  copyFileSync(floorDb, target)
  const out = new BetterSqlite3(target)
  for (const p of SQLITE_PRAGMAS) out.pragma(p)
  for (const index of variant.dropIndexes ?? []) out.exec(`drop index ${index}`)
  const perTransaction = variant.perTransaction ?? 1000
  let seconds = 0
  const statements = new Map<string, BetterSqlite3.Statement>()
  const insert = (table: string, row: Record<string, unknown>) => {
    let stmt = statements.get(table)
    if (!stmt) {
      const cols = Object.keys(row)
      stmt = out.prepare(`insert into ${table} (${cols.join(', ')}) values (${cols.map((c) => `@${c}`).join(', ')})`)
      statements.set(table, stmt)
    }
    stmt.run(row)
  }
  for (;;) {
    const rs: Record<string, unknown>[] = []
    const vs: Record<string, unknown>[] = []
    for (let n = 0; n < perTransaction; n++) {
      const r = records.next()
      const v = versions.next()
      if (r.done || v.done) break
      rs.push(r.value)
      vs.push(v.value)
    }
    if (rs.length === 0) break
    const t0 = performance.now()
    out.exec('begin immediate')
    for (const r of rs) insert('records', r)
    for (const v of vs) insert('record_versions', v)
    out.exec('commit')
    seconds += (performance.now() - t0) / 1000
  }
  out.close()
  return seconds
}
const floorSeconds = PG ? null : storageFloorSeconds()
// BENCH_FLOOR_VARIANTS=1: what the secondary indexes and the commit size cost (each variant ~1 min per 1M rows)
const floorVariants: Record<string, FloorVariant> = {
  withoutEntityIndex: { dropIndexes: ['records_entity'] },
  onlyEntityIndex: { dropIndexes: ['records_class_decided', 'record_versions_batch'] },
  withoutSecondaryIndexes: { dropIndexes: ['records_entity', 'records_class_decided', 'record_versions_batch'] },
  tenThousandPerTransaction: { perTransaction: 10_000 },
  hundredThousandPerTransaction: { perTransaction: 100_000 },
}
const floorVariantRatios =
  PG || !process.env.BENCH_FLOOR_VARIANTS
    ? null
    : Object.fromEntries(
        Object.entries(floorVariants).map(([name, v]) => [
          name,
          Number((baselineSeconds / storageFloorSeconds(v)).toFixed(3)),
        ]),
      )
if (PG && !process.env.BENCH_KEEP) {
  const admin = new pg.Client({ connectionString: PG })
  await admin.connect()
  await admin.query(`drop schema ${schema} cascade`)
  await admin.end()
}
if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true })
else process.stderr.write(`kept ${dir}\n`)
const rowsPerSecond = ROWS / run.seconds
const baselineRowsPerSecond = ROWS / baselineSeconds
process.stdout.write(
  `${JSON.stringify({
    bench: 'ingest',
    db: PG ? 'postgres' : 'sqlite',
    rows: ROWS,
    accepted: run.summary.accepted,
    rejected: run.summary.rejected,
    seconds: Number(run.seconds.toFixed(2)),
    rowsPerSecond: Math.round(rowsPerSecond),
    baseline: PG
      ? 'COPY of the same rows into a table of the same columns, primary key only'
      : 'prepared insert, same rows and columns, primary key only, one transaction',
    baselineRowsPerSecond: Math.round(baselineRowsPerSecond),
    ratio: Number((rowsPerSecond / baselineRowsPerSecond).toFixed(3)),
    peakRssMb: run.maxRssMb,
    ...(floorSeconds
      ? {
          storageFloorRowsPerSecond: Math.round(ROWS / floorSeconds),
          storageFloorRatio: Number((baselineSeconds / floorSeconds).toFixed(3)),
        }
      : {}),
    ...(floorVariantRatios ? { storageFloorVariantRatios: floorVariantRatios } : {}),
  })}\n`,
)
