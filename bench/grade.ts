// `npm run bench -- grade`: full credit evaluation (gongxin grade run, every default model) of a SQLite city of
// BENCH_ENTITIES organisations (default 100,000 for a quick run; 1,000,000 for the figure) with about
// BENCH_RECORDS_PER_ENTITY (5) records each, against a single SQL aggregate over the same records in the same run:
// GROUP BY entity of the general model's points per class and severity for the records in force today. Then the
// incremental path: p95 from a record change (a revocation, answered) to the entity's new grade being served, by
// the read path and by the worker's incremental run.
// The database is built once with prepared statements (outside the timed part) and reused: env BENCH_DB (default
// var/bench-grade-<entities>.db). Grading and the baseline each run in their own child process (peak RSS is the
// grading process's own). Prints one JSON line:
// {"bench":"grade","entities","records","gradedEntities","seconds","baselineSeconds","ratio","peakRssMb",
//  "incremental":{"servedP50Ms","servedP95Ms","runP50Ms","runP95Ms"}}
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

const self = fileURLToPath(import.meta.url)
const log = (s: string) => process.stderr.write(`${s}\n`)
const TODAY = '2026-06-01'
const NOW = '2026-06-01T02:00:00.000Z'

/** The class mix of the demo city (per 1,000 records) with the severities it draws. */
const MIX: [string, number, string | null, number][] = [
  // class, share, severity, months of publication
  ['admin_license', 430, null, 36],
  ['admin_inspection', 124, null, 36],
  ['admin_penalty', 120, 'general', 12],
  ['admin_penalty', 6, 'serious', 36],
  ['admin_penalty', 2, 'minor', 3],
  ['commitment', 55, null, 36],
  ['registration', 42, null, 36],
  ['abnormal_operation', 38, 'general', 36],
  ['admin_confirmation', 26, null, 36],
  ['tax_a_grade', 17, null, 12],
  ['contract_performance', 16, null, 36],
  ['admin_coercion', 13, 'general', 12],
  ['food_drug_violation', 14, 'general', 12],
  ['admin_reward', 11, null, 36],
  ['honor', 9, null, 36],
  ['ecommerce_violation', 5, 'general', 12],
  ['commitment_breach', 5, 'general', 12],
  ['construction_bad_conduct', 4, 'general', 12],
  ['focus_list', 4, 'general', 12],
  ['tax_violation', 3, 'serious', 36],
  ['court_defaulter', 3, 'serious', 24],
  ['bidding_violation', 3, 'general', 12],
  ['procurement_bad_conduct', 2, 'serious', 36],
  ['serious_dishonest', 2, 'serious', 36],
  ['statistics_dishonest', 1, 'serious', 36],
  ['wage_arrears', 1, 'serious', 36],
  ['work_safety_dishonest', 1, 'serious', 36],
  ['social_insurance_fraud', 1, 'general', 12],
]
const LISTS: Record<string, string> = {
  abnormal_operation: 'focus',
  focus_list: 'focus',
  court_defaulter: 'black',
  serious_dishonest: 'black',
  statistics_dishonest: 'black',
  tax_violation: 'black',
  wage_arrears: 'black',
  work_safety_dishonest: 'black',
  procurement_bad_conduct: 'black',
  honor: 'red',
  tax_a_grade: 'red',
}
const SECTIONS = 'ABCDEFGHIJKLMNOPQRS'.split('')

function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function addMonths(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCMonth(d.getUTCMonth() + months)
  return d.toISOString().slice(0, 10)
}

async function build(target: string, entities: number, perEntity: number): Promise<void> {
  const { loadConfig } = await import('../src/core/config.js')
  const { fixedClock } = await import('../src/core/clock.js')
  const { openMigratedContext } = await import('../src/setup.js')
  const { closeContext } = await import('../src/container.js')
  const ctx = await openMigratedContext(loadConfig({ GONGXIN_DB: target, GONGXIN_LOG_LEVEL: 'silent' }), {
    clock: fixedClock(NOW),
  })
  await closeContext(ctx)
  const { default: Sqlite } = await import('better-sqlite3')
  const { newId } = await import('../src/core/ids.js')
  const db = new Sqlite(target)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.prepare(
    "insert or ignore into departments (code, name, uscc, district, created_at, updated_at) values ('bench-dept', '基准测试部门', '11120000MB0000000X', '120000', ?, ?)",
  ).run(NOW, NOW)
  const insEntity = db.prepare(
    "insert into entities (id, kind, name, name_norm, uscc, district, industry, status, version, created_at, updated_at) values (?, ?, ?, ?, null, '120101', ?, 'active', 1, ?, ?)",
  )
  const insRecord = db.prepare(
    `insert into records (id, entity_id, class_code, class_version, provider_dept, provider_key, subject_key, version, state,
      polarity, category, scope, severity, decided_on, document_no, publish_from, publish_min_until, publish_max_until,
      rule_version, list_kind, list_until, minor_at_decision, late, payload_hash, created_at, updated_at)
     values (?, ?, ?, 1, 'bench-dept', ?, ?, 1, ?, ?, 'administrative', 'public', ?, ?, ?, ?, ?, ?, '2026', ?, ?, 0, 0, 'h', ?, ?)`,
  )
  const insVersion = db.prepare(
    `insert into record_versions (record_id, version, op, class_version, state, severity, payload, payload_hash, actor_kind, actor_id, created_at)
     values (?, 1, 'add', 1, ?, ?, ?, 'h', 'system', 'bench', ?)`,
  )
  const random = rng(20260601)
  const cumulative: number[] = []
  let acc = 0
  for (const m of MIX) {
    acc += m[1]
    cumulative.push(acc)
  }
  const pick = () => {
    const x = random() * acc
    return MIX[cumulative.findIndex((c) => x < c)] as (typeof MIX)[number]
  }
  const start = Date.parse('2019-01-01T00:00:00Z')
  const span = Date.parse('2026-05-31T00:00:00Z') - start
  let records = 0
  const page = 10_000
  for (let done = 0; done < entities; done += page) {
    const n = Math.min(page, entities - done)
    const ids: string[] = []
    db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const id = newId()
        ids.push(id)
        const k = random()
        const kind = k < 0.85 ? 'legal_person' : k < 0.9 ? 'unincorporated_org' : 'individual_business'
        const industry = SECTIONS[Math.floor(random() * SECTIONS.length)] as string
        insEntity.run(id, kind, `基准测试企业${done + i}`, `基准测试企业${done + i}`, industry, NOW, NOW)
      }
    })()
    db.transaction(() => {
      // records arrive in no order of entity, as a pipeline stores them
      for (let r = 0; r < n * perEntity; r++) {
        const entity = ids[Math.floor(random() * ids.length)] as string
        const [cls, , severity, months] = pick()
        const decided = new Date(start + Math.floor(random() * span)).toISOString().slice(0, 10)
        const until = addMonths(decided, months)
        const list = LISTS[cls] ?? null
        const state = random() < 0.01 ? 'revoked' : 'active'
        const id = newId()
        const polarity = severity
          ? 'negative'
          : cls === 'honor' || cls === 'tax_a_grade' || cls === 'admin_reward'
            ? 'positive'
            : 'neutral'
        const fine = cls === 'admin_penalty' ? String(Math.floor(random() * 50) * 2000) : null
        insRecord.run(
          id,
          entity,
          cls,
          id,
          `bench:${entity}`,
          state,
          polarity,
          severity,
          decided,
          `津基准〔${decided.slice(0, 4)}〕${records}号`,
          decided,
          addMonths(decided, Math.min(3, months)),
          until,
          list,
          list ? until : null,
          NOW,
          NOW,
        )
        const payload = JSON.stringify(
          fine !== null
            ? {
                CF_CFJG: '天津市市场监督管理委员会',
                CF_CFLB: ['罚款'],
                CF_JDRQ: decided,
                CF_NR: `罚款人民币${fine}元。`,
                CF_NR_FK: fine,
                CF_SY: '经查，当事人未按规定办理变更登记，经责令限期登记后逾期仍未办理。',
                CF_WFXW: '公司登记事项发生变更时未依法办理变更登记',
                CF_WSH: `津基准〔${decided.slice(0, 4)}〕${records}号`,
                CF_XDR_LB: '法人及非法人组织',
                CF_XDR_MC: `基准测试企业`,
                CF_YJ: '《中华人民共和国公司登记管理条例》第二十九条、第六十八条第一款',
              }
            : { decision_date: decided, document_no: `津基准〔${decided.slice(0, 4)}〕${records}号`, note: cls },
        )
        insVersion.run(id, state, severity, payload, NOW)
        records++
      }
    })()
    log(`built ${done + n}/${entities} entities, ${records} records`)
  }
  db.close()
}

/** The general model's points per (class, severity), as the baseline's CASE expression. */
async function weightsSql(target: string): Promise<string> {
  const { readDefaultModels } = await import('../src/modules/grading/index.js')
  const general = readDefaultModels().find((m) => m.code === 'general')
  if (!general) throw new Error('no general model')
  void target
  const whens: string[] = []
  for (const item of general.items)
    for (const c of item.classes) {
      const sev = item.severities.length ? ` and severity in (${item.severities.map((s) => `'${s}'`).join(', ')})` : ''
      whens.push(`when class_code = '${c}'${sev} then ${item.points}`)
    }
  return `case ${whens.join(' ')} else 0 end`
}

const inForce = `state = 'active' and publish_from <= $1 and publish_max_until >= $1 and (list_until is null or list_until >= $1)`

async function baselinePg(target: string): Promise<void> {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: target })
  await client.connect()
  const weights = await weightsSql(target)
  const cpu = process.cpuUsage()
  const started = performance.now()
  const res = await client.query({
    text: `select entity_id, sum(${weights}) as points from records where ${inForce} group by entity_id`,
    values: [TODAY],
    rowMode: 'array',
  })
  let total = 0
  for (const r of res.rows as unknown[][]) total += Number(r[1])
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  await client.end()
  process.stdout.write(
    `${JSON.stringify({ seconds, cpuSeconds: (used.user + used.system) / 1e6, groups: res.rows.length, total })}\n`,
  )
}

/** Copies the bench city from its SQLite file into a PostgreSQL schema (once; reused while it holds the same counts). */
async function toPostgres(sqliteFile: string, pgUrl: string, entities: number): Promise<string> {
  const { default: pg } = await import('pg')
  const { default: Sqlite } = await import('better-sqlite3')
  const schema = `bench_grade_${entities}`
  const admin = new pg.Client({ connectionString: pgUrl })
  await admin.connect()
  await admin.query(`create schema if not exists ${schema}`)
  await admin.end()
  const u = new URL(pgUrl)
  u.searchParams.set('options', `-c search_path=${schema}`)
  const target = u.toString()
  const { loadConfig } = await import('../src/core/config.js')
  const { fixedClock } = await import('../src/core/clock.js')
  const { openMigratedContext } = await import('../src/setup.js')
  const { closeContext } = await import('../src/container.js')
  await closeContext(
    await openMigratedContext(loadConfig({ GONGXIN_DB: target, GONGXIN_LOG_LEVEL: 'silent' }), {
      clock: fixedClock(NOW),
    }),
  )
  const src = new Sqlite(sqliteFile, { readonly: true })
  const client = new pg.Client({ connectionString: target })
  await client.connect()
  const have = Number((await client.query('select count(*) as n from records')).rows[0].n)
  const want = (src.prepare('select count(*) as n from records').get() as { n: number }).n
  if (have !== want) {
    await client.query('truncate record_versions, records, entities cascade')
    const t = performance.now()
    for (const [table, where] of [
      ['departments', "where code = 'bench-dept'"],
      ['entities', ''],
      ['records', ''],
      ['record_versions', ''],
    ] as const) {
      const rows = src.prepare(`select * from ${table} ${where}`).raw().iterate() as Iterable<unknown[]>
      const cols = src
        .prepare(`select * from ${table} limit 1`)
        .columns()
        .map((c) => c.name)
      const per = Math.floor(30_000 / cols.length)
      let batch: unknown[][] = []
      let copied = 0
      const flush = async () => {
        if (!batch.length) return
        const values = batch
          .map((_, i) => `(${cols.map((_c, j) => `$${i * cols.length + j + 1}`).join(', ')})`)
          .join(', ')
        await client.query(
          `insert into ${table} (${cols.join(', ')}) values ${values} on conflict do nothing`,
          batch.flat(),
        )
        copied += batch.length
        batch = []
      }
      for (const row of rows) {
        batch.push(row)
        if (batch.length >= per) await flush()
      }
      await flush()
      log(`copied ${copied} rows of ${table} to PostgreSQL`)
    }
    await client.query('analyze')
    log(`copied the city to ${schema} in ${((performance.now() - t) / 1000).toFixed(0)} s`)
  }
  await client.query('delete from grades')
  await client.query('delete from grading_queue')
  await client.end()
  src.close()
  return target
}

async function baseline(target: string): Promise<void> {
  if (target.startsWith('postgres')) return baselinePg(target)
  const { default: Sqlite } = await import('better-sqlite3')
  const db = new Sqlite(target, { readonly: true })
  const weights = await weightsSql(target)
  const cpu = process.cpuUsage()
  const started = performance.now()
  const rows = db
    .prepare(
      `select entity_id, sum(${weights}) as points from records
       where state = 'active' and publish_from <= ? and publish_max_until >= ? and (list_until is null or list_until >= ?)
       group by entity_id`,
    )
    .raw()
    .iterate(TODAY, TODAY, TODAY)
  let n = 0
  let total = 0
  for (const r of rows) {
    n++
    total += Number((r as unknown[])[1])
  }
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  db.close()
  process.stdout.write(
    `${JSON.stringify({ seconds, cpuSeconds: (used.user + used.system) / 1e6, groups: n, total })}\n`,
  )
}

async function grade(target: string): Promise<void> {
  const { loadConfig } = await import('../src/core/config.js')
  const { fixedClock } = await import('../src/core/clock.js')
  const { openContext, closeContext } = await import('../src/container.js')
  const { systemActor } = await import('../src/core/actor.js')
  const { runGrading } = await import('../src/modules/grading/index.js')
  const ctx = await openContext(loadConfig({ GONGXIN_DB: target, GONGXIN_LOG_LEVEL: 'silent' }), {
    clock: fixedClock(NOW),
  })
  const cpu = process.cpuUsage()
  const started = performance.now()
  const runs = await runGrading(ctx, systemActor('bench'))
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  const cpuSeconds = (used.user + used.system) / 1e6
  await closeContext(ctx)
  process.stdout.write(
    `${JSON.stringify({ seconds, cpuSeconds, runs, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
  )
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return Number((s[Math.min(s.length - 1, Math.floor(s.length * p))] as number).toFixed(1))
}

async function incremental(target: string): Promise<void> {
  const { loadConfig } = await import('../src/core/config.js')
  const { fixedClock } = await import('../src/core/clock.js')
  const { openContext, closeContext } = await import('../src/container.js')
  const { systemActor } = await import('../src/core/actor.js')
  const { entityGrade, runGrading } = await import('../src/modules/grading/index.js')
  const { revokeRecord } = await import('../src/modules/records/index.js')
  const { sql } = await import('kysely')
  const ctx = await openContext(loadConfig({ GONGXIN_DB: target, GONGXIN_LOG_LEVEL: 'silent' }), {
    clock: fixedClock(NOW),
  })
  const actor = systemActor('bench')
  const picks = await sql<{ id: string; entity_id: string }>`
    select r.id, r.entity_id from records r join entities e on e.id = r.entity_id
    where r.state = 'active' and r.class_code = 'admin_penalty' and r.publish_max_until >= ${TODAY}
      and e.kind = 'legal_person' order by r.id limit 200`.execute(ctx.db)
  const served: number[] = []
  const run: number[] = []
  let changed = 0
  for (const [i, p] of picks.rows.entries()) {
    const before = await entityGrade(ctx, p.entity_id, { model: 'general' })
    if (i % 2 === 0) {
      // read path: from the change answered to the new grade served
      await revokeRecord(ctx, actor, p.id, '基准测试撤销')
      const t = performance.now()
      const after = await entityGrade(ctx, p.entity_id, { model: 'general' })
      served.push(performance.now() - t)
      if (after.score !== before.score) changed++
    } else {
      // the worker's path: from the change answered, an incremental run, then the stored grade served
      await revokeRecord(ctx, actor, p.id, '基准测试撤销')
      const t = performance.now()
      await runGrading(ctx, actor, { incremental: true })
      const after = await entityGrade(ctx, p.entity_id, { model: 'general' })
      run.push(performance.now() - t)
      if (!after.stored) throw new Error('not stored after the run')
      if (after.score !== before.score) changed++
    }
  }
  await closeContext(ctx)
  process.stdout.write(
    `${JSON.stringify({
      changes: picks.rows.length,
      changedScores: changed,
      servedP50Ms: pct(served, 0.5),
      servedP95Ms: pct(served, 0.95),
      runP50Ms: pct(run, 0.5),
      runP95Ms: pct(run, 0.95),
    })}\n`,
  )
}

function child(mode: string, target: string): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--expose-gc', self, mode, target], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  })
  if (r.status !== 0) throw new Error(`${mode} failed (${r.status})`)
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Record<string, unknown>
}

async function main(): Promise<void> {
  const [mode, target] = process.argv.slice(2)
  if (mode === '--baseline') return baseline(target as string)
  if (mode === '--grade') return grade(target as string)
  if (mode === '--incremental') return incremental(target as string)
  const entities = Number(process.env.BENCH_ENTITIES ?? 100_000)
  const perEntity = Number(process.env.BENCH_RECORDS_PER_ENTITY ?? 5)
  const db = resolve(process.env.BENCH_DB ?? join('var', `bench-grade-${entities}.db`))
  mkdirSync(dirname(db), { recursive: true })
  if (!existsSync(db)) {
    const t = performance.now()
    await build(db, entities, perEntity)
    log(`built ${db} in ${((performance.now() - t) / 1000).toFixed(0)} s`)
  }
  const { default: Sqlite } = await import('better-sqlite3')
  const raw = new Sqlite(db)
  const counts = raw
    .prepare(
      "select (select count(*) from entities) as entities, (select count(*) from records) as records, (select count(*) from entities where kind in ('legal_person', 'unincorporated_org')) as organisations",
    )
    .get() as { entities: number; records: number; organisations: number }
  // every run grades from nothing: the grades of an earlier run are removed first (not timed)
  raw.exec('delete from grades; delete from grading_queue')
  raw.pragma('wal_checkpoint(TRUNCATE)')
  raw.close()
  // BENCH_PG_URL: the same city copied into a PostgreSQL schema, graded there
  const pgUrl = process.env.BENCH_PG_URL
  const on = pgUrl ? await toPostgres(db, pgUrl, entities) : db
  const b1 = child('--baseline', on)
  const g = child('--grade', on)
  const b2 = child('--baseline', on)
  const inc = child('--incremental', on)
  const baselineSeconds = Math.min(Number(b1.seconds), Number(b2.seconds))
  const baselineCpu = Math.min(Number(b1.cpuSeconds), Number(b2.cpuSeconds))
  const runs = g.runs as { model: string; graded: number; distribution: Record<string, number> }[]
  process.stdout.write(
    `${JSON.stringify({
      bench: 'grade',
      db: pgUrl ? 'postgres' : 'sqlite',
      entities: counts.entities,
      organisations: counts.organisations,
      records: counts.records,
      gradedEntities: runs.find((r) => r.model === 'general')?.graded,
      grades: runs.reduce((s, r) => s + r.graded, 0),
      seconds: Number(Number(g.seconds).toFixed(2)),
      baseline:
        'one SELECT ... GROUP BY entity_id of the general model points per class and severity, records in force',
      baselineSeconds: Number(baselineSeconds.toFixed(2)),
      ratio: Number((Number(g.seconds) / baselineSeconds).toFixed(2)),
      // on a shared machine the processes' CPU time is steadier than the wall clock
      cpuSeconds: Number(Number(g.cpuSeconds).toFixed(2)),
      baselineCpuSeconds: Number(baselineCpu.toFixed(2)),
      cpuRatio: Number((Number(g.cpuSeconds) / baselineCpu).toFixed(2)),
      peakRssMb: g.maxRssMb,
      distribution: Object.fromEntries(runs.map((r) => [r.model, r.distribution])),
      incremental: inc,
      target: { seconds: 60, ratio: 3, peakRssMb: 500 },
    })}\n`,
  )
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
