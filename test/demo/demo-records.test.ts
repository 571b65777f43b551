import { Writable } from 'node:stream'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.js'
import type { CliIo } from '../../src/cli/runtime.js'
import {
  type DemoStep,
  type DemoSummary,
  defaultRecordsPerEntity,
  demoDepartments,
  demoPipeline,
  demoSize,
  generateDemo,
  generateRecords,
  PersonGenerator,
  type RecordsStepResult,
} from '../../src/flows/demo/index.js'
import { getClass } from '../../src/modules/catalog/index.js'
import { publicStats } from '../../src/modules/public/index.js'
import { qualityReport } from '../../src/modules/quality/index.js'
import {
  type DialectName,
  describeEachDialect,
  dialects,
  freshDatabase,
  type TestContext,
  testContext,
} from '../support/context.js'

const SEED = 7
const SIZE = 300
const NOW = '2026-06-01T02:00:00.000Z'

/** The clear resident ID numbers of the demo's natural persons (regenerated from the seed, as the step does). */
function clearIds(seed: number, entities: number): string[] {
  const gen = new PersonGenerator(seed, demoSize(entities).persons)
  const out: string[] = []
  while (gen.remaining > 0) out.push(gen.next().idNumber as string)
  return out
}

/** What must not depend on the run: which records exist (class, 文书号 or key, decision day). */
async function recordKeys(ctx: TestContext): Promise<string[]> {
  const rows = await ctx.db.selectFrom('records').select(['class_code', 'provider_key', 'decided_on']).execute()
  return rows.map((r) => `${r.class_code}|${r.provider_key}|${r.decided_on}`).sort()
}

const countQuery = (ctx: TestContext) => ctx.db.selectFrom('records').select((eb) => eb.fn.countAll().as('n'))
type RecordsQuery = ReturnType<typeof countQuery>

async function count(
  ctx: TestContext,
  table: 'records' | 'entities',
  where?: (q: RecordsQuery) => RecordsQuery,
): Promise<number> {
  if (table === 'entities')
    return Number(
      (
        await ctx.db
          .selectFrom('entities')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const q = where ? where(countQuery(ctx)) : countQuery(ctx)
  return Number((await q.executeTakeFirstOrThrow()).n)
}

describeEachDialect('demo city: credit records', (dialect) => {
  let ctx: TestContext
  let summary: DemoSummary
  let step: RecordsStepResult

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: NOW })
    // the registered pipeline, with the records step observed
    const observed: DemoStep = {
      name: 'records',
      async run(c, state) {
        step = await generateRecords(c, state)
        state.counts.records += step.records
      },
    }
    summary = await generateDemo(ctx, {
      entities: SIZE,
      seed: SEED,
      steps: demoPipeline().map((s) => (s.name === 'records' ? observed : s)),
    })
  }, 120_000)
  afterAll(async () => ctx?.close())

  it('submits about five records per entity through the pipeline, across the catalog, for the entities of the city', async () => {
    expect(summary.steps.map((s) => s.name)).toEqual([
      'departments',
      'entities',
      'persons',
      'records',
      'commitments',
      'objections',
      'repairs',
      'tips',
      'grading',
      'inspections',
      'logins',
      'agencies',
      'reports',
      'content',
    ])
    const stored = await count(ctx, 'records')
    expect(summary.records).toBe(stored)
    expect(stored).toBeGreaterThan(SIZE * 4)
    expect(stored).toBeLessThan(SIZE * 6)
    // no subject was registered on the way: every record belongs to an entity the demo created
    expect(await count(ctx, 'entities')).toBe(SIZE)
    const byClass = await ctx.db
      .selectFrom('records')
      .select(['class_code', (eb) => eb.fn.countAll().as('n')])
      .groupBy('class_code')
      .execute()
    const n = Object.fromEntries(byClass.map((r) => [r.class_code, Number(r.n)]))
    expect(Object.keys(n).length).toBeGreaterThanOrEqual(15)
    // licences are the most common, then penalties and inspections
    const ranked = Object.entries(n)
      .sort((a, b) => b[1] - a[1])
      .map(([c]) => c)
    expect(ranked[0]).toBe('admin_license')
    expect(ranked.slice(1, 4)).toEqual(expect.arrayContaining(['admin_penalty', 'admin_inspection']))
    expect(n.court_defaulter).toBeGreaterThan(0)
    expect(n.tax_a_grade).toBeGreaterThan(0)

    // skewed: most entities have 0-2 records, a few have many
    const per = await ctx.db
      .selectFrom('records')
      .select(['entity_id', (eb) => eb.fn.countAll().as('n')])
      .groupBy('entity_id')
      .execute()
    const counts = [...per.map((p) => Number(p.n)), ...Array(SIZE - per.length).fill(0)]
    expect(counts.filter((c) => c <= 2).length / SIZE).toBeGreaterThan(0.5)
    expect(Math.max(...counts)).toBeGreaterThan(25)
  })

  it('batches come from the providing departments, one class each, through the flow channel', async () => {
    const batches = await ctx.db.selectFrom('batches').selectAll().execute()
    expect(batches.length).toBeGreaterThan(20)
    const depts = new Map(demoDepartments().map((d) => [d.code, d]))
    for (const b of batches) {
      expect(b.channel).toBe('flow')
      expect(b.status).toBe('completed')
      expect(depts.has(b.dept_code as string)).toBe(true)
      const cls = await getClass(ctx.db, b.class_code)
      if (cls.providers.length) expect(cls.providers).toContain(b.dept_code)
      expect(b.total).toBe(b.accepted + b.rejected + b.duplicates)
    }
    // batches arrived over the years, not all at once
    const years = new Set(batches.map((b) => new Date(b.created_at).getUTCFullYear()))
    expect(years.size).toBeGreaterThanOrEqual(6)
    const mismatched = await ctx.db
      .selectFrom('records')
      .innerJoin('batches', 'batches.id', 'records.batch_id')
      .select('records.id')
      .whereRef('records.provider_dept', '<>', 'batches.dept_code')
      .execute()
    expect(mismatched).toEqual([])
  })

  it('rows carry the national fields with real content and the provider USCC', async () => {
    const versions = await ctx.db
      .selectFrom('record_versions')
      .innerJoin('records', 'records.id', 'record_versions.record_id')
      .select(['records.class_code', 'records.provider_dept', 'record_versions.payload'])
      .where('records.class_code', 'in', ['admin_penalty', 'admin_license'])
      .where('record_versions.version', '=', 1)
      .execute()
    const uscc = new Map(demoDepartments().map((d) => [d.code, d.uscc]))
    const penalties = versions
      .filter((v) => v.class_code === 'admin_penalty')
      .map((v) => ({ ...v, data: JSON.parse(v.payload) }))
    const licences = versions
      .filter((v) => v.class_code === 'admin_license')
      .map((v) => ({ ...v, data: JSON.parse(v.payload) }))
    expect(penalties.length).toBeGreaterThan(10)
    for (const p of penalties) {
      expect(p.data.CF_SJLYDM).toBe(uscc.get(p.provider_dept))
      expect(p.data.CF_YJ).toMatch(/《[^》]+》第[一二三四五六七八九十百零]+条/)
      expect(p.data.CF_WFXW).toMatch(/\p{Script=Han}/u)
      expect(p.data.CF_SY.length).toBeGreaterThan(10)
      expect(Array.isArray(p.data.CF_CFLB)).toBe(true)
      expect(p.data.CF_WSH).toMatch(/〔20(19|2\d)〕\d+号$/)
      expect(p.data.CF_CFJGDM).toMatch(/^11120[0-9]{3}/)
    }
    expect(licences.length).toBeGreaterThan(50)
    for (const l of licences) {
      expect(l.data.XK_LYDWDM).toBe(uscc.get(l.provider_dept))
      expect(['普通', '特许', '认可', '核准', '登记', '其他']).toContain(l.data.XK_XKLB)
      expect(l.data.XK_XKWS).toMatch(/\p{Script=Han}/u)
      expect(l.data.XK_NR).toBeTruthy()
    }
    // district branches decide, municipal departments provide
    expect(new Set(penalties.map((p) => p.data.CF_CFJG)).size).toBeGreaterThan(5)
  })

  it('decisions spread over 2019-2026 under both rule sets; some are expired, some late, corrected or revoked', async () => {
    const range = await ctx.db
      .selectFrom('records')
      .select((eb) => [eb.fn.min('decided_on').as('first'), eb.fn.max('decided_on').as('last')])
      .executeTakeFirstOrThrow()
    expect(String(range.first) < '2019-07-01').toBe(true)
    expect(String(range.first) >= '2019-01-01').toBe(true)
    expect(String(range.last) > '2026-01-01').toBe(true)
    // the planned city ends on 2026-05-31; the days since, up to the day of the build, have their licences and penalties
    expect(String(range.last)).toBe(NOW.slice(0, 10))
    const rules = await ctx.db.selectFrom('records').select('rule_version').distinct().execute()
    expect(rules.map((r) => r.rule_version)).toEqual(expect.arrayContaining(['2019', '2026']))
    // expired by their publication window (expiry follows from the window and the clock)
    expect(await count(ctx, 'records', (q) => q.where('publish_max_until', '<', '2026-06-01'))).toBeGreaterThan(0)

    const late = await ctx.db
      .selectFrom('records')
      .innerJoin('record_versions', (j) =>
        j.onRef('record_versions.record_id', '=', 'records.id').on('record_versions.version', '=', 1),
      )
      .innerJoin('batches', 'batches.id', 'record_versions.batch_id')
      .select(['records.decided_on', 'records.due_on', 'batches.created_at'])
      .where('records.late', '=', 1)
      .execute()
    expect(late.length).toBeGreaterThan(0)
    for (const l of late) {
      expect(String(l.due_on) < String(l.created_at).slice(0, 10)).toBe(true)
      expect(Date.parse(l.created_at) - Date.parse(`${l.decided_on}T00:00:00+08:00`)).toBeGreaterThan(10 * 86_400_000)
    }
    // most records of classes with a deadline (whose timeliness the calendar can tell) came on time
    const timed = await count(ctx, 'records', (q) => q.where('due_on', 'is not', null))
    expect(late.length / timed).toBeLessThan(0.3)

    // the records step's own operations (the commitments step publishes and updates commitment records too)
    const ops = await ctx.db
      .selectFrom('record_versions')
      .select(['op', (eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.min('reason').as('reason')])
      .where(
        'record_id',
        'not in',
        ctx.db.selectFrom('commitments').select('record_id').where('record_id', 'is not', null),
      )
      .groupBy('op')
      .execute()
    const byOp = Object.fromEntries(ops.map((o) => [o.op, { n: Number(o.n), reason: o.reason }]))
    expect(byOp.correct?.n).toBeGreaterThan(0)
    expect(byOp.revoke?.n).toBeGreaterThan(0)
    expect(byOp.revoke?.reason).toBeTruthy()
    expect(await count(ctx, 'records', (q) => q.where('state', '=', 'revoked'))).toBe(byOp.revoke?.n)
    const reasons = await ctx.db
      .selectFrom('record_versions')
      .select('reason')
      .where('op', 'in', ['correct', 'revoke'])
      .execute()
    for (const r of reasons) expect(r.reason).toMatch(/\p{Script=Han}/u)

    // providers make mistakes: some rows were refused (never for a row holding an ID number), some sent twice
    const sums = await ctx.db
      .selectFrom('batches')
      .select((eb) => [
        eb.fn.sum('rejected').as('rejected'),
        eb.fn.sum('duplicates').as('duplicates'),
        eb.fn.sum('total').as('total'),
      ])
      .executeTakeFirstOrThrow()
    expect(Number(sums.rejected)).toBeGreaterThan(0)
    // ... and only the rows meant to be refused were: every other row passes the pipeline's checks
    expect(step.rejected).toBe(Number(sums.rejected))
    expect(step.rejectedPlanned).toBe(step.rejected)
    // corrections, revocations and duplicates are exactly the planned ones (no 文书号 repeats by accident)
    expect(step.corrected).toBe(step.correctedPlanned)
    expect(step.revoked).toBe(step.revokedPlanned)
    expect(step.duplicates).toBe(step.duplicatesPlanned)
    expect(step.corrected).toBe(byOp.correct?.n)
    expect(Number(sums.rejected) / Number(sums.total)).toBeLessThan(0.05)
    expect(Number(sums.duplicates)).toBeGreaterThan(0)
    const quality = await qualityReport(ctx, null)
    expect(quality.totals.rows).toBe(Number(sums.total))
    expect(quality.totals.topErrors.length).toBeGreaterThan(0)
  })

  it('runs up to the day it is built: licences and penalties decided and collected this month (本月归集)', async () => {
    const today = NOW.slice(0, 10)
    const recent = await ctx.db
      .selectFrom('records')
      .innerJoin('batches', 'batches.id', 'records.batch_id')
      .select(['records.class_code', 'records.decided_on', 'records.late', 'batches.created_at', 'batches.rejected'])
      .where('records.decided_on', '>', '2026-05-31')
      .execute()
    expect(recent.length).toBeGreaterThan(0)
    for (const r of recent) {
      expect(['admin_license', 'admin_penalty']).toContain(r.class_code)
      expect(r.decided_on).toBe(today)
      expect(Number(r.late)).toBe(0)
      expect(Number(r.rejected)).toBe(0)
      // submitted today, never after the moment of the build
      expect(r.created_at >= '2026-05-31T16:00:00.000Z' && r.created_at <= NOW).toBe(true)
    }
    const stats = await publicStats(ctx, new Date(NOW))
    expect(stats.recordsThisMonth).toBeGreaterThan(0)
  })

  it('departments hold credit commitments on the platform: kept, broken or open; public ones and breaches are records', async () => {
    // the departments' own commitments (the demo subject's 信用修复 commitments come with its repairs)
    const rows = await ctx.db.selectFrom('commitments').selectAll().where('type', '!=', 'repair').execute()
    expect(rows.length).toBe(Math.round(SIZE / 50))
    const statuses = new Set(rows.map((r) => r.status))
    expect(statuses.has('fulfilled') || statuses.has('breached')).toBe(true)
    for (const r of rows) {
      expect(r.filed_on < NOW.slice(0, 10)).toBe(true)
      if (Number(r.is_public) === 1) expect(r.record_id).toBeTruthy()
      if (r.status === 'breached') expect(r.breach_record_id).toBeTruthy()
    }
    const breachIds = rows.flatMap((r) => (r.breach_record_id ? [r.breach_record_id] : []))
    if (breachIds.length) {
      const classes = await ctx.db.selectFrom('records').select('class_code').where('id', 'in', breachIds).execute()
      expect(new Set(classes.map((c) => c.class_code))).toEqual(new Set(['commitment_breach']))
    }
  })

  it('objections in every state: open ones marking their records, decided ones upheld or revoked', async () => {
    const cases = await ctx.db.selectFrom('cases').selectAll().where('kind', '=', 'objection').execute()
    expect(new Set(cases.map((c) => c.state))).toEqual(
      new Set(['submitted', 'accepted', 'verifying', 'decided', 'not_accepted', 'withdrawn']),
    )
    expect(new Set(cases.filter((c) => c.state === 'decided').map((c) => c.outcome))).toEqual(
      new Set(['upheld', 'revoked']),
    )
    const marked = await ctx.db
      .selectFrom('record_marks')
      .select('record_id')
      .where('closed_at', 'is', null)
      .where('kind', '=', 'under_objection')
      .execute()
    const open = cases.filter((c) => c.state === 'accepted' || c.state === 'verifying').map((c) => c.record_id)
    expect(new Set(marked.map((m) => m.record_id))).toEqual(new Set(open))
  })

  it('court defaulters include organisations and natural persons', async () => {
    const kinds = await ctx.db
      .selectFrom('records')
      .innerJoin('entities', 'entities.id', 'records.entity_id')
      .select('entities.kind')
      .distinct()
      .where('records.class_code', '=', 'court_defaulter')
      .execute()
    const set = new Set(kinds.map((k) => k.kind))
    expect(set.has('natural_person')).toBe(true)
    expect([...set].some((k) => k !== 'natural_person')).toBe(true)
    const penalised = await ctx.db
      .selectFrom('records')
      .innerJoin('entities', 'entities.id', 'records.entity_id')
      .select('records.class_code')
      .distinct()
      .where('entities.kind', '=', 'natural_person')
      .execute()
    expect(penalised.map((p) => p.class_code)).toEqual(expect.arrayContaining(['court_defaulter']))
  })

  it('no clear resident ID number is stored anywhere', async () => {
    const ids = clearIds(SEED, SIZE)
    expect(ids).toHaveLength(demoSize(SIZE).persons)
    const personRecords = await ctx.db
      .selectFrom('records')
      .innerJoin('entities', 'entities.id', 'records.entity_id')
      .select('records.id')
      .where('entities.kind', '=', 'natural_person')
      .execute()
    expect(personRecords.length).toBeGreaterThan(0)
    for (const table of ['records', 'record_versions', 'batch_issues', 'batches', 'audit_events'] as const) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(ctx.db)
      const text = JSON.stringify(rows.rows)
      for (const id of ids) expect(text.includes(id), `${table} holds ${id.slice(0, 4)}…`).toBe(false)
    }
  })

  it('the same seed gives the same records in another database', async () => {
    const again = await testContext(dialect, { now: NOW })
    try {
      const s = await generateDemo(again, { entities: SIZE, seed: SEED })
      expect(s.records).toBe(summary.records)
      expect(await recordKeys(again)).toEqual(await recordKeys(ctx))
    } finally {
      await again.close()
    }
  }, 120_000)
})

describe('demo records: how many', () => {
  it('five per entity up to 200,000 entities, none above unless asked', () => {
    expect(defaultRecordsPerEntity(5000)).toBe(5)
    expect(defaultRecordsPerEntity(200_000)).toBe(5)
    expect(defaultRecordsPerEntity(200_001)).toBe(0)
    expect(defaultRecordsPerEntity(1_000_000)).toBe(0)
  })

  it.runIf(dialects.includes('sqlite'))(
    'at the default size (5,000 entities): at least 20 court defaulters and 20 A-grade taxpayers, organisations among the defaulters',
    async () => {
      const ctx = await testContext('sqlite', { now: NOW })
      try {
        let step: RecordsStepResult | undefined
        const observed: DemoStep = {
          name: 'records',
          async run(c, state) {
            step = await generateRecords(c, state)
            state.counts.records += step.records
          },
        }
        const s = await generateDemo(ctx, {
          entities: 5000,
          seed: 1,
          steps: demoPipeline().map((x) => (x.name === 'records' ? observed : x)),
        })
        expect(step?.rejected).toBe(step?.rejectedPlanned)
        expect(step?.corrected).toBe(step?.correctedPlanned)
        expect(step?.revoked).toBe(step?.revokedPlanned)
        expect(step?.duplicates).toBe(step?.duplicatesPlanned)
        expect(s.records).toBeGreaterThan(5000 * 4.5)
        expect(s.records).toBeLessThan(5000 * 5.5)
        const subjects = async (cls: string) =>
          ctx.db
            .selectFrom('records')
            .innerJoin('entities', 'entities.id', 'records.entity_id')
            .select(['entities.id', 'entities.kind'])
            .distinct()
            .where('records.class_code', '=', cls)
            .execute()
        const defaulters = await subjects('court_defaulter')
        expect(defaulters.length).toBeGreaterThanOrEqual(20)
        expect(defaulters.filter((d) => d.kind !== 'natural_person').length).toBeGreaterThanOrEqual(10)
        expect(defaulters.filter((d) => d.kind === 'natural_person').length).toBeGreaterThanOrEqual(5)
        expect((await subjects('tax_a_grade')).length).toBeGreaterThanOrEqual(20)
        // a few minors (14-17 at the decision), for the privacy rules that protect them
        expect(await count(ctx, 'records', (q) => q.where('minor_at_decision', '=', 1))).toBeGreaterThan(0)
        // every class of the default catalog that a demo subject can have gets some records
        const classes = await ctx.db.selectFrom('records').select('class_code').distinct().execute()
        expect(classes.length).toBeGreaterThanOrEqual(30)
      } finally {
        await ctx.close()
      }
    },
    180_000,
  )
})

function captureIo(env: Record<string, string>): { io: CliIo; out: () => string; err: () => string } {
  let out = ''
  let err = ''
  const sink = (f: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        f(String(chunk))
        cb()
      },
    })
  return {
    io: { out: sink((s) => (out += s)), err: sink((s) => (err += s)), stdin: process.stdin, env },
    out: () => out,
    err: () => err,
  }
}

describeEachDialect('gongxin demo --records-per-entity', (dialect: DialectName) => {
  it('reports "records" in --json; 0 makes none; a bad value is a usage error', async () => {
    const db = await freshDatabase(dialect)
    try {
      const env = { GONGXIN_DATA_DIR: db.dir, GONGXIN_LOG_LEVEL: 'silent' }
      const none = captureIo(env)
      expect(
        await runCli(
          ['demo', '--db', db.config.db, '--entities', '200', '--records-per-entity', '0', '--json'],
          none.io,
        ),
      ).toBe(0)
      const result = JSON.parse(none.out().trim()) as Record<string, unknown>
      expect(result).toMatchObject({ entities: 200, records: 0 })
      expect(Object.keys(result)).toEqual([
        'entities',
        'persons',
        'departments',
        'districts',
        'records',
        'logins',
        'seconds',
      ])
      const bad = captureIo(env)
      expect(await runCli(['demo', '--db', db.config.db, '--records-per-entity', 'lots'], bad.io)).toBe(2)
      expect(bad.err()).toMatch(/--records-per-entity/)
    } finally {
      await db.cleanup()
    }
  }, 60_000)
})
