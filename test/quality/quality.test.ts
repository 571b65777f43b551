import { Writable } from 'node:stream'
import fastifyCookie from '@fastify/cookie'
import type { Command } from 'commander'
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerQualityCommand } from '../../src/cli/commands/quality.js'
import { buildProgram } from '../../src/cli/main.js'
import { printError } from '../../src/cli/runtime.js'
import { fixedClock } from '../../src/core/clock.js'
import { AppError } from '../../src/core/errors.js'
import { runIngest } from '../../src/flows/ingest/index.js'
import { authPlugin } from '../../src/http/plugins/auth.js'
import { generateUscc } from '../../src/identifiers/index.js'
import { addDepartment, createApiKey } from '../../src/modules/access/index.js'
import { qualityReport, qualityRoutes } from '../../src/modules/quality/index.js'
import {
  actor,
  COMPANY_USCC,
  OTHER_USCC,
  penaltyRow,
  rng,
  rowsOf,
  SW_USCC,
  seedDepartments,
} from '../ingest/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const FY_USCC = generateUscc(rng, { dept: '1', category: '1', region: '120000' })

/** A national-format 行政许可 row submitted by the tax bureau (tj-sw). */
function licenceRow(over: Record<string, string> = {}): Record<string, string> {
  return {
    XK_XDR_MC: '天津市滨海测试贸易有限公司',
    XK_XDR_LB: '法人及非法人组织',
    XK_XDR_SHXYM: COMPANY_USCC,
    XK_FRDB: '王五',
    XK_XKWS: '准予税务行政许可决定书',
    XK_WSH: '津税许〔2026〕1号',
    XK_XKLB: '普通',
    XK_NR: '增值税专用发票（增值税税控系统）最高开票限额：十万元',
    XK_JDRQ: '2026-05-18',
    XK_LYDW: '国家税务总局天津市税务局',
    XK_LYDWDM: SW_USCC,
    ...over,
  }
}

/** A 失信被执行人 row of the high court (tj-fy). */
function defaulterRow(over: Record<string, string> = {}): Record<string, string> {
  return {
    case_no: '（2026）津0116执100号',
    subject_name: '天津市滨海测试贸易有限公司',
    subject_category: '法人及非法人组织',
    uscc: COMPANY_USCC,
    legal_rep: '王五',
    court: '天津市滨海新区人民法院',
    basis_doc_no: '（2025）津0116民初200号',
    basis_issuer: '天津市滨海新区人民法院',
    obligation: '被告于判决生效之日起十日内支付原告货款人民币120000元。',
    performance: '全部未履行',
    conduct: '有履行能力而拒不履行生效法律文书确定义务',
    filed_on: '2026-01-10',
    published_on: '2026-05-08',
    ...over,
  }
}

const BAD_USCC = `${COMPANY_USCC.slice(0, 17)}${COMPANY_USCC[17] === '0' ? '1' : '0'}`

describeEachDialect('quality feedback', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  const keys: Record<string, string> = {}

  /** Runs one batch as if it arrived at `at` (the pipeline reads the clock for timeliness and timestamps). */
  const submit = (at: string, classCode: string, dept: string, list: Record<string, string>[]) =>
    runIngest({ ...ctx, clock: fixedClock(at) }, actor, { classCode, dept, channel: 'api', ...rowsOf(list) })

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepartments(ctx)
    await addDepartment(ctx, actor, { code: 'tj-fy', name: '天津市高级人民法院', uscc: FY_USCC, district: '120000' })

    // 1. market regulation, penalties, 2026-05-20 10:00 Shanghai: 3 new (one late), 1 duplicate, 2 refused
    const first = await submit('2026-05-20T02:00:00Z', 'admin_penalty', 'tj-scjg', [
      penaltyRow({ CF_WSH: 'Q-1', CF_JDRQ: '2026-05-06' }),
      penaltyRow({ CF_WSH: 'Q-2', CF_JDRQ: '2026-05-18' }),
      penaltyRow({ CF_WSH: 'Q-3', CF_JDRQ: '2026-05-19' }),
      penaltyRow({ CF_WSH: 'Q-2', CF_JDRQ: '2026-05-18' }),
      penaltyRow({ CF_WSH: 'Q-4', CF_XDR_SHXYM: BAD_USCC, CF_JDRQ: '2026-05-15' }),
      penaltyRow({ CF_WSH: 'Q-5', CF_SY: '', CF_JDRQ: '2026-05-15' }),
    ])
    expect(first).toMatchObject({ total: 6, accepted: 3, rejected: 2, duplicates: 1, late: 1 })
    // 2. the same, 2026-05-25 01:30 Shanghai (still 05-24 in UTC): a correction and another bad code
    const second = await submit('2026-05-24T17:30:00Z', 'admin_penalty', 'tj-scjg', [
      {
        ...penaltyRow({ CF_WSH: 'Q-3', CF_JDRQ: '2026-05-19', CF_NR_FK: '3' }),
        _op: 'correct',
        _reason: '罚款金额录入错误',
      },
      penaltyRow({ CF_WSH: 'Q-6', CF_XDR_SHXYM: BAD_USCC, CF_JDRQ: '2026-05-22' }),
    ])
    expect(second).toMatchObject({ total: 2, accepted: 1, rejected: 1, corrected: 1 })
    // 3. tax bureau, licences, on time
    const third = await submit('2026-05-26T02:00:00Z', 'admin_license', 'tj-sw', [
      licenceRow(),
      licenceRow({
        XK_WSH: '津税许〔2026〕2号',
        XK_XDR_SHXYM: OTHER_USCC,
        XK_XDR_MC: '和平区测试小吃店',
        XK_XDR_LB: '个体工商户',
      }),
    ])
    expect(third).toMatchObject({ total: 2, accepted: 2, late: 0 })
    // 4. court: one defaulter, one that names a company nobody knows (no code): unresolved
    const fourth = await submit('2026-05-27T02:00:00Z', 'court_defaulter', 'tj-fy', [
      defaulterRow(),
      defaulterRow({
        case_no: '（2026）津0116执101号',
        subject_name: '河北省测试建材有限公司',
        uscc: '',
        legal_rep: '',
      }),
    ])
    expect(fourth).toMatchObject({ total: 2, accepted: 1, rejected: 1 })

    app = Fastify({ logger: false })
    await app.register(fastifyCookie)
    app.setErrorHandler((err: FastifyError | AppError, _req, reply) => {
      if (err instanceof AppError) return reply.code(err.status).send(err.toJSON())
      if ((err as FastifyError).validation)
        return reply.code(400).send({ error: { code: 'core.validation', message: err.message, details: {} } })
      return reply.code(500).send({ error: { code: 'core.internal', message: err.message, details: {} } })
    })
    await app.register(authPlugin, { ctx })
    await qualityRoutes(app, ctx)
    await app.ready()
    keys.operator = (await createApiKey(ctx, actor, { name: 'op', role: 'operator' })).key
    keys.provider = (await createApiKey(ctx, actor, { name: 'sw', role: 'provider', dept: 'tj-sw' })).key
    keys.consumer = (await createApiKey(ctx, actor, { name: 'use', role: 'consumer', dept: 'tj-scjg' })).key
  }, 60_000)
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  const get = (url: string, key?: string) =>
    app.inject({ method: 'GET', url, headers: key ? { authorization: `Bearer ${key}` } : {} })

  it('sums volumes, rates and the most frequent error codes per department and class', async () => {
    const r = await qualityReport(ctx, null)
    expect(r.items.map((i) => [i.dept, i.class])).toEqual([
      ['tj-fy', 'court_defaulter'],
      ['tj-scjg', 'admin_penalty'],
      ['tj-sw', 'admin_license'],
    ])
    const [court, penalties, licences] = r.items
    expect(penalties).toMatchObject({
      deptName: '天津市市场监督管理委员会',
      className: '行政处罚信息',
      batches: 2,
      rows: 8,
      accepted: 4,
      rejected: 3,
      duplicates: 1,
      corrected: 1,
      revoked: 0,
      late: 1,
      unresolved: 0,
      rejectionRate: 0.375,
      // 1 late among 3 new records (the correction is not a new record)
      lateRate: 0.3333,
      lastSubmittedAt: '2026-05-24T17:30:00.000Z',
    })
    expect(penalties?.topErrors.map((e) => [e.code, e.count])).toEqual([
      ['checksum', 2],
      ['required', 1],
    ])
    expect(penalties?.topErrors[0]?.example).toMatch(/统一社会信用代码/)
    expect(penalties?.topErrors[1]?.example).toBe('「违法事实」为必填项。')
    expect(licences).toMatchObject({
      rows: 2,
      accepted: 2,
      rejected: 0,
      rejectionRate: 0,
      late: 0,
      lateRate: 0,
      topErrors: [],
    })
    // court defaulters have no submission deadline: no late rate
    expect(court).toMatchObject({
      rows: 2,
      accepted: 1,
      rejected: 1,
      unresolved: 1,
      rejectionRate: 0.5,
      lateRate: null,
    })
    expect(court?.topErrors.map((e) => e.code)).toEqual(['subject_unresolved'])
    expect(court?.topErrors[0]?.example).toMatch(/无法确定行政相对人/)
    expect(r.totals).toMatchObject({
      batches: 4,
      rows: 12,
      accepted: 7,
      rejected: 4,
      duplicates: 1,
      late: 1,
      unresolved: 1,
      rejectionRate: 0.3333,
      // deadline classes only: 3 new penalties + 2 new licences
      lateRate: 0.2,
      lastSubmittedAt: '2026-05-27T02:00:00.000Z',
    })
    expect(r.totals.topErrors.map((e) => [e.code, e.count])).toEqual([
      ['checksum', 2],
      ['required', 1],
      ['subject_unresolved', 1],
    ])
  })

  it('filters by department, class and period (days in Shanghai time, both ends included)', async () => {
    expect((await qualityReport(ctx, null, { class: 'admin_license' })).items.map((i) => i.dept)).toEqual(['tj-sw'])
    expect((await qualityReport(ctx, null, { dept: 'tj-fy' })).items.map((i) => i.class)).toEqual(['court_defaulter'])
    // 2026-05-24T17:30Z is 05-25 01:30 in Shanghai
    const late = await qualityReport(ctx, null, { dept: 'tj-scjg', from: '2026-05-25' })
    expect(late.items).toHaveLength(1)
    expect(late.items[0]).toMatchObject({
      batches: 1,
      rows: 2,
      accepted: 1,
      rejected: 1,
      corrected: 1,
      lateRate: null,
      rejectionRate: 0.5,
    })
    const early = await qualityReport(ctx, null, { dept: 'tj-scjg', to: '2026-05-24' })
    expect(early.items[0]).toMatchObject({ batches: 1, rows: 6, rejectionRate: 0.3333, lateRate: 0.3333 })
    expect((await qualityReport(ctx, null, { from: '2026-05-28' })).items).toEqual([])
    await expect(qualityReport(ctx, null, { from: '2026-05-28', to: '2026-05-01' })).rejects.toMatchObject({
      code: 'quality.bad_period',
      status: 422,
    })
    await expect(qualityReport(ctx, null, { from: '2026-02-30' })).rejects.toMatchObject({ code: 'quality.bad_period' })
  })

  it('GET /api/v1/quality: operators see all departments, a provider only its own', async () => {
    const all = await get('/api/v1/quality', keys.operator)
    expect(all.statusCode).toBe(200)
    const body = all.json() as { items: Array<Record<string, unknown>>; totals: Record<string, unknown> }
    expect(body.items).toHaveLength(3)
    expect(Object.keys(body.items[0] as object)).toEqual(
      expect.arrayContaining([
        'dept',
        'deptName',
        'class',
        'className',
        'batches',
        'rows',
        'accepted',
        'rejected',
        'duplicates',
        'late',
        'unresolved',
        'rejectionRate',
        'lateRate',
        'topErrors',
        'lastSubmittedAt',
      ]),
    )
    expect(body.totals).toMatchObject({ rows: 12, rejected: 4 })

    const own = await get('/api/v1/quality', keys.provider)
    expect(own.statusCode).toBe(200)
    const ownBody = own.json() as { items: Array<{ dept: string }>; totals: { rows: number } }
    expect(ownBody.items.map((i) => i.dept)).toEqual(['tj-sw'])
    expect(ownBody.totals.rows).toBe(2)
    expect((await get('/api/v1/quality?dept=tj-sw&class=admin_license', keys.provider)).statusCode).toBe(200)
    const other = await get('/api/v1/quality?dept=tj-scjg', keys.provider)
    expect(other.statusCode).toBe(403)
    expect(other.json()).toMatchObject({ error: { code: 'access.forbidden' } })

    const filtered = await get('/api/v1/quality?dept=tj-scjg&from=2026-05-25&to=2026-05-31', keys.operator)
    expect((filtered.json() as { items: unknown[] }).items).toHaveLength(1)
    expect((await get('/api/v1/quality?from=2026-5-1', keys.operator)).statusCode).toBe(400)
    expect((await get('/api/v1/quality', keys.consumer)).statusCode).toBe(403)
    expect((await get('/api/v1/quality')).statusCode).toBe(401)
  })

  it('gongxin quality prints a Chinese table, or the same JSON as the API', async () => {
    const run = async (args: string[]) => {
      let out = ''
      let err = ''
      const sink = (f: (s: string) => void) =>
        new Writable({
          write(chunk, _enc, cb) {
            f(String(chunk))
            cb()
          },
        })
      const io = {
        out: sink((s) => (out += s)),
        err: sink((s) => (err += s)),
        stdin: process.stdin,
        env: {
          GONGXIN_DB: ctx.config.db,
          GONGXIN_DATA_DIR: ctx.config.dataDir,
          GONGXIN_KEYS_FILE: ctx.config.keysFile,
          GONGXIN_LOG_LEVEL: 'silent',
        },
      }
      const program: Command = buildProgram(io)
      if (!program.commands.some((c) => c.name() === 'quality')) {
        registerQualityCommand(program, io)
        program.commands.at(-1)?.exitOverride()
      }
      let code = 0
      try {
        await program.parseAsync(args, { from: 'user' })
      } catch (e) {
        code = printError(io, e, args.includes('--json'))
      }
      return { code, out, err }
    }
    const json = await run(['quality', '--json'])
    expect(json.code).toBe(0)
    const parsed = JSON.parse(json.out.trim()) as { items: Array<{ dept: string }>; totals: { rows: number } }
    expect(parsed.items.map((i) => i.dept)).toEqual(['tj-fy', 'tj-scjg', 'tj-sw'])
    expect(parsed.totals.rows).toBe(12)

    const table = await run(['quality', '--dept', 'tj-scjg'])
    expect(table.code).toBe(0)
    expect(table.out).toMatch(/部门\s+类别\s+批次\s+报送行数/)
    expect(table.out).toMatch(
      /天津市市场监督管理委员会\s+行政处罚信息\s+2\s+8\s+4\s+3\s+1\s+1\s+0\s+37\.5%\s+33\.3%\s+2026-05-25 01:30/,
    )
    expect(table.out).toMatch(/checksum ×2：/)
    expect(table.out).not.toMatch(/tj-sw|行政许可信息/)

    const bad = await run(['quality', '--from', '2026-13-01'])
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/quality\.bad_period/)
  })
})
