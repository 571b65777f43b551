// Privacy crawl: a demo city (records through the pipeline, natural persons included, plus persons and minors added
// here), then every public endpoint: stats, every list page, search for many fragments, every entity file, every
// record. No response may carry an unmasked resident ID number (found by check digit AND a real birth date,
// since all-digit USCCs exist), nor a masked one, nor any 政务共享 / 授权查询 field.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { demoSize, demoSubjects, generateDemo } from '../../src/flows/demo/index.js'
import { runIngest } from '../../src/flows/ingest/index.js'
import { checkCode, createRng, generateResidentId } from '../../src/identifiers/index.js'
import { listDepartments } from '../../src/modules/access/index.js'
import { type CatalogClass, currentClasses } from '../../src/modules/catalog/index.js'
import { rebuildEntityFlags } from '../../src/modules/disclosure/index.js'
import { openMark } from '../../src/flows/record-marks/index.js'
import { penaltyRow, rowsOf } from '../ingest/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { appWithPublic } from './helpers.js'

const SEED = 7
const SIZE = 300
const TRUSTED = '10.9.9.9'
const rng = createRng(8080)
const EXTRA = [
  { name: '陈建国', id: generateResidentId(rng, { region: '120101', birthDate: '1968-02-29', sex: 'male' }) },
  { name: '刘美华', id: generateResidentId(rng, { region: '120104', birthDate: '1990-11-30', sex: 'female' }) },
  {
    name: '周小明',
    id: generateResidentId(rng, { region: '120105', birthDate: '2011-01-20', sex: 'male' }),
    minor: true,
  },
  {
    name: '吴失信',
    id: generateResidentId(rng, { region: '120106', birthDate: '1981-07-07', sex: 'male' }),
    defaulter: true,
  },
  {
    name: '郑少年',
    id: generateResidentId(rng, { region: '120110', birthDate: '2009-12-01', sex: 'female' }),
    defaulter: true,
    minor: true,
  },
]

/** Every 18-character run of digits (last may be X) that is a valid resident ID: check digit and a real birth date. */
export function residentIdsIn(text: string, today: string): string[] {
  const out: string[] = []
  const re = /[0-9Xx]{18,}/g
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const run = m[0]
    for (let i = 0; i + 18 <= run.length; i++) {
      const candidate = run.slice(i, i + 18)
      if (/[Xx]/.test(candidate.slice(0, 17))) continue
      const r = checkCode(candidate, { today })
      if (r.scheme === 'resident_id' && r.valid) out.push(candidate)
    }
  }
  return out
}

describeEachDialect('privacy crawl of the public API', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  const bodies: { url: string; status: number; text: string }[] = []
  let classes: Map<string, CatalogClass>
  let clearIds: string[]

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z', env: { GONGXIN_TRUSTED_CLIENTS: TRUSTED } })
    const summary = await generateDemo(ctx, { entities: SIZE, seed: SEED })
    expect(summary.records).toBeGreaterThan(500)
    const actor = systemActor('crawl-test')
    const scjg = (await listDepartments(ctx)).find((d) => d.code === 'tj-scjg')
    if (!scjg) throw new Error('demo has no tj-scjg')
    const person = {
      CF_XDR_LB: '自然人',
      CF_XDR_SHXYM: '',
      CF_FRDB: '',
      CF_XDR_ZJLX: '身份证',
      CF_CFLB: '罚款',
      CF_NR_FK: '0.05',
      CF_CFJGDM: scjg.uscc,
      CF_SJLYDM: scjg.uscc,
      CF_CFJG: scjg.name,
      CF_SJLY: scjg.name,
    }
    const pen = await runIngest(ctx, actor, {
      classCode: 'admin_penalty',
      dept: 'tj-scjg',
      channel: 'api',
      ...rowsOf(
        EXTRA.map((p, i) =>
          penaltyRow({
            ...person,
            CF_WSH: `CRAWL-P-${i}`,
            CF_XDR_MC: p.name,
            CF_XDR_ZJHM: p.id,
            CF_JDRQ: '2026-05-25',
          }),
        ),
      ),
    })
    expect(pen.accepted).toBe(EXTRA.length)
    const defaulters = EXTRA.filter((p) => p.defaulter)
    const cd = await runIngest(ctx, actor, {
      classCode: 'court_defaulter',
      dept: 'tj-fy',
      channel: 'api',
      ...rowsOf(
        defaulters.map((p, i) => ({
          case_no: `（2026）津0101执${900 + i}号`,
          subject_name: p.name,
          subject_category: '自然人',
          id_number: p.id,
          court: '天津市和平区人民法院',
          basis_doc_no: '（2025）津0101民初9号',
          basis_issuer: '天津市和平区人民法院',
          obligation: '支付借款本息',
          performance: '全部未履行',
          conduct: '违反财产报告制度',
          filed_on: '2026-02-01',
          published_on: '2026-05-20',
        })),
      ),
    })
    expect(cd.accepted).toBe(defaulters.length)
    await rebuildEntityFlags(ctx)
    const someRecord = await ctx.db
      .selectFrom('records')
      .select('id')
      .where('state', '=', 'active')
      .where('class_code', '=', 'admin_penalty')
      .orderBy('id')
      .executeTakeFirstOrThrow()
    await openMark(ctx, actor, someRecord.id, { reason: '爬取测试：异议处理中' })
    classes = new Map((await currentClasses(ctx.db)).map((c) => [c.code, c]))
    clearIds = [
      ...EXTRA.map((p) => p.id),
      ...demoSubjects({ seed: SEED, size: demoSize(SIZE) }).flatMap((s) => (s.idNumber ? [s.idNumber] : [])),
    ]
    expect(clearIds.length).toBeGreaterThan(EXTRA.length)
    app = await appWithPublic(ctx)

    const get = async (url: string) => {
      const r = await app.inject({ url, remoteAddress: TRUSTED })
      bodies.push({ url, status: r.statusCode, text: r.body })
      return r
    }
    // stats and every page of every list class
    await get('/api/v1/public/stats')
    for (const c of classes.values()) {
      for (let page = 1; ; page++) {
        const r = await get(`/api/v1/public/lists/${c.code}?page=${page}&pageSize=100`)
        if (r.statusCode !== 200 || r.json().items.length < 100) break
      }
    }
    // search: 2- and 4-character fragments of every entity name, codes, person names and ID numbers
    const entities = await ctx.db.selectFrom('entities').select(['id', 'name', 'uscc']).orderBy('id').execute()
    {
      const queries = new Set<string>(['天津', '公司', '有限'])
      for (const e of entities) {
        const chars = [...e.name]
        if (chars.length >= 2) queries.add(chars.slice(0, 2).join(''))
        if (chars.length >= 6) queries.add(chars.slice(2, 6).join(''))
        if (e.uscc) queries.add(e.uscc)
      }
      for (const p of EXTRA) {
        queries.add(p.name)
        queries.add(p.id)
      }
      for (const id of clearIds.slice(0, 20)) queries.add(id)
      for (const q of queries) await get(`/api/v1/public/search?q=${encodeURIComponent(q)}&pageSize=50`)
    }
    for (const e of entities) await get(`/api/v1/public/entities/${e.id}`)
    const records = await ctx.db.selectFrom('records').select('id').orderBy('id').execute()
    for (const r of records) await get(`/api/v1/public/records/${r.id}`)
  }, 600_000)
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  it('crawled every endpoint and found something to look at', () => {
    const ok = bodies.filter((b) => b.status === 200)
    expect(bodies.some((b) => b.url.includes('/entities/') && b.status === 200)).toBe(true)
    expect(bodies.some((b) => b.url.includes('/entities/') && b.status === 404)).toBe(true)
    expect(bodies.some((b) => b.url.includes('/records/') && b.status === 200)).toBe(true)
    expect(bodies.some((b) => b.url.includes('/records/') && b.status === 404)).toBe(true)
    expect(bodies.some((b) => b.url.includes('/lists/court_defaulter') && b.text.includes('吴失信'))).toBe(true)
    expect(bodies.filter((b) => b.status !== 200 && b.status !== 404)).toEqual([])
    const searches = bodies.filter((b) => b.url.includes('/search?'))
    expect(searches.length).toBeGreaterThan(300)
    expect(searches.filter((b) => JSON.parse(b.text).items?.length > 0).length).toBeGreaterThan(200)
    // the black-listed person is found by name
    expect(searches.some((b) => b.url.includes(encodeURIComponent('吴失信')) && b.text.includes('吴失信'))).toBe(true)
    expect(ok.length).toBeGreaterThan(300)
  })

  it('no unmasked resident ID number anywhere (check digit + real birth date)', () => {
    const found: { url: string; id: string }[] = []
    for (const b of bodies) for (const id of residentIdsIn(b.text, '2026-06-01')) found.push({ url: b.url, id })
    expect(found).toEqual([])
    // none of the city's clear ID numbers, none of their birth-date cores, and no masked form either
    const all = bodies.map((b) => b.text).join('\n')
    for (const id of clearIds) expect(all.includes(id)).toBe(false)
    expect(all).not.toMatch(/\d{4}\*{6,}[\dX]{3,4}/)
    // and the detector does find one when there is one
    expect(residentIdsIn(`{"x":"a${clearIds[0]}b"}`, '2026-06-01')).toEqual([clearIds[0]])
  })

  it('no 政务共享 or 授权查询 field, and no record of such a class', () => {
    const bad: string[] = []
    const walk = (v: unknown, url: string) => {
      if (Array.isArray(v)) {
        for (const x of v) walk(x, url)
        return
      }
      if (!v || typeof v !== 'object') return
      const o = v as Record<string, unknown>
      if (typeof o.class === 'string' && Array.isArray(o.fields)) {
        const cls = classes.get(o.class)
        if (cls?.scope !== 'public') bad.push(`${url}: class ${o.class}`)
        for (const fld of o.fields as { code: string }[]) {
          const def = cls?.fields.find((x) => x.code === fld.code)
          if (def?.scope !== 'public') bad.push(`${url}: ${o.class}.${fld.code}`)
        }
      }
      for (const x of Object.values(o)) walk(x, url)
    }
    for (const b of bodies) if (b.status === 200) walk(JSON.parse(b.text), b.url)
    expect(bad).toEqual([])
  })

  it('minors never appear; persons appear by name only on black lists', () => {
    const all = bodies
      .filter((b) => b.status === 200)
      .map((b) => b.text)
      .join('\n')
    for (const p of EXTRA) {
      if (p.minor) expect([p.name, all.includes(p.name)]).toEqual([p.name, false])
      else if (p.defaulter) expect(all.includes(p.name)).toBe(true)
      else expect([p.name, all.includes(p.name)]).toEqual([p.name, false])
    }
  })

  it('search never finds a person by ID number', () => {
    for (const b of bodies.filter((x) => x.url.includes('/search?'))) {
      const q = decodeURIComponent(new URL(`http://x${b.url}`).searchParams.get('q') ?? '')
      if (/^\d{17}[\dX]$/.test(q) && checkCode(q).scheme === 'resident_id') expect(JSON.parse(b.text).items).toEqual([])
    }
  })
})
