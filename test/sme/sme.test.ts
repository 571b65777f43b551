// 优质中小企业名单 (信易贷) on both databases: the default screening rule and its evaluation (grade threshold, black
// list, serious records, red-list mark and bonus), the rural model grading a cooperative, government reads audited
// under the subjects shown, and an agency seeing only the subjects that granted it `sme.list` - no longer after the
// grant is revoked or has expired - each read in the subject's access log with its purpose.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runIngest } from '../../src/flows/ingest/index.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { createUser } from '../../src/modules/access/index.js'
import { entityGrade, runGrading } from '../../src/modules/grading/index.js'
import { rowsOf } from '../ingest/helpers.js'
import { admin, entityIdOf, ingestDefaulter, penalty, seedDepts } from '../repairs/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { bearerKey, loginAs, PASSWORD } from '../support/people.js'

const rng = createRng(44044)
const uscc = (category = '1') => generateUscc(rng, { dept: '9', category, region: '120104' })
const PURPOSE = '信易贷授信前调查'
const purpose = { 'x-purpose': encodeURIComponent(PURPOSE) }

interface Item {
  entityId: string
  name: string
  kind: string
  model: string
  grade: string
  score: number
  redList: boolean
  reasons: { code: string; label: string; records: string[] }[]
}
interface Page {
  districts: { code: string; name: string; count: number }[]
  rule: string
  ruleVersion: number
  total: number
  items: Item[]
}

async function taxA(ctx: TestContext, company: { name: string; uscc: string }) {
  const r = await runIngest(ctx, admin, {
    classCode: 'tax_a_grade',
    dept: 'tj-sw',
    channel: 'api',
    ...rowsOf([
      {
        subject_name: company.name,
        uscc: company.uscc,
        rating_year: '2025',
        grade: 'A',
        decision_date: '2026-04-15',
        authority_name: '国家税务总局天津市税务局',
      },
    ]),
  })
  if (r.accepted !== 1) throw new Error(`tax_a_grade not accepted: ${JSON.stringify(r)}`)
}

describeEachDialect('优质中小企业名单 (信易贷)', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  const h: Record<string, Record<string, string>> = {}
  const co = {
    clean: { name: '天津市守信商贸有限公司', uscc: uscc() },
    red: { name: '天津市红榜科技有限公司', uscc: uscc() },
    redB: { name: '天津市红榜加分贸易有限公司', uscc: uscc() },
    black: { name: '天津市失信执行贸易有限公司', uscc: uscc() },
    serious: { name: '天津市严重处罚建材有限公司', uscc: uscc() },
    coop: { name: '天津市静海区丰收农民专业合作社', uscc: uscc('3') },
    agency: { name: '天津农商银行股份有限公司', uscc: uscc() },
  }
  const id: Record<string, string> = {}
  let agencyKey: Record<string, string>

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-12-06T02:00:00Z' })
    await seedDepts(ctx)
    await penalty(ctx, co.clean, '津市监罚〔2026〕S-1号', '2026-10-01', 'minor')
    await taxA(ctx, co.red)
    await taxA(ctx, co.redB)
    await penalty(ctx, co.redB, '津市监罚〔2026〕S-2号', '2026-10-01')
    await taxA(ctx, co.black)
    await ingestDefaulter(ctx, co.black, '（2026）津01执1号', '2026-03-01')
    await taxA(ctx, co.serious)
    await penalty(ctx, co.serious, '津市监罚〔2026〕S-3号', '2026-10-01', 'serious')
    await penalty(ctx, co.coop, '津市监罚〔2026〕S-4号', '2026-10-01', 'minor')
    for (const [k, c] of Object.entries(co)) if (k !== 'agency') id[k] = await entityIdOf(ctx, c.uscc)
    await runGrading(ctx, admin)
    app = await buildApp(ctx, { web: false })
    await app.ready()
    h.operator = await bearerKey(ctx, 'operator')
    h.consumer = await bearerKey(ctx, 'consumer', 'tj-czj')
    h.provider = await bearerKey(ctx, 'provider', 'tj-scjg')
    const a = await app.inject({
      method: 'POST',
      url: '/api/v1/agencies',
      headers: h.operator,
      payload: { uscc: co.agency.uscc, name: co.agency.name, filingNo: '津信服备〔2026〕044号', businessScope: '信贷' },
    })
    expect(a.statusCode, a.body).toBe(201)
    const k = await app.inject({
      method: 'POST',
      url: `/api/v1/agencies/${a.json().id}/keys`,
      headers: h.operator,
      payload: { name: 'sme key' },
    })
    expect(k.statusCode, k.body).toBe(201)
    agencyKey = { authorization: `Bearer ${k.json().key}` }
    for (const who of ['clean', 'red', 'coop', 'black'])
      await createUser(ctx, admin, {
        username: `sme.${who}`,
        role: 'subject',
        password: PASSWORD,
        entityId: id[who] as string,
      })
    await login()
  }, 180_000)
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  async function login() {
    for (const who of ['clean', 'red', 'coop', 'black']) h[who] = await loginAs(app, `sme.${who}`)
  }
  const list = async (headers: Record<string, string>, query = '') => {
    const r = await app.inject({ method: 'GET', url: `/api/v1/sme/list${query}`, headers })
    expect(r.statusCode, r.body).toBe(200)
    return r.json() as Page
  }
  const agencyList = (query = '', withPurpose = true) =>
    app.inject({
      method: 'GET',
      url: `/api/v1/agency/sme${query}`,
      headers: { ...agencyKey, ...(withPurpose ? purpose : {}) },
    })
  const names = (p: Page) => p.items.map((i) => i.entityId)
  const editRule = async (models: object[]) => {
    const cur = (await app.inject({ method: 'GET', url: '/api/v1/sme/rules/sme', headers: h.operator })).json()
    const { version: _v, ...def } = cur as Record<string, unknown>
    const r = await app.inject({
      method: 'PUT',
      url: '/api/v1/sme/rules/sme',
      headers: h.operator,
      payload: { definition: { ...def, models }, reason: '提高入选等级', baseVersion: cur.version },
    })
    expect(r.statusCode, r.body).toBe(200)
    return r.json() as { version: number }
  }

  describe('the rural model', () => {
    it('grades a farmer cooperative (and not by the general model)', async () => {
      const g = await entityGrade(ctx, id.coop as string)
      expect(g).toMatchObject({ model: 'rural', base: 800, score: 795, grade: 'B' })
      expect(g.reasons.map((r) => [r.code, r.points])).toEqual([['penalty_minor', -5]])
      const r = await app.inject({
        method: 'GET',
        url: `/api/v1/entities/${id.coop}/grade?model=general`,
        headers: h.consumer,
      })
      expect(r.statusCode).toBe(422)
    })
  })

  describe('screening by the default rule', () => {
    it('lists qualifying organisations with their reasons; black list, serious records and low grades are excluded', async () => {
      const p = await list(h.consumer, '?pageSize=50')
      expect(p.rule).toBe('sme')
      const ids = names(p)
      // red-listed first, then by score: red (860 A), coop (795 B), clean (795 B)
      expect(ids[0]).toBe(id.red)
      expect(new Set(ids)).toEqual(new Set([id.red, id.clean, id.coop, id.redB]))
      expect(ids).not.toContain(id.black)
      expect(ids).not.toContain(id.serious)
      const red = p.items.find((i) => i.entityId === id.red) as Item
      expect(red).toMatchObject({ model: 'general', grade: 'A', score: 860, redList: true })
      expect(red.reasons.map((r) => r.code)).toEqual([
        'grade',
        'red_list',
        'no_black_list',
        'no_focus_list',
        'no_serious',
      ])
      expect(red.reasons[1]?.label).toContain('纳税信用A级纳税人')
      expect(red.reasons[1]?.records).toHaveLength(1)
      const coop = p.items.find((i) => i.entityId === id.coop) as Item
      expect(coop).toMatchObject({ kind: 'farmer_coop', model: 'rural', grade: 'B', redList: false })
      expect(p.items.find((i) => i.entityId === id.clean)).toMatchObject({ grade: 'B', score: 795, redList: false })
    })

    it('filters by grade, red list, district and industry, and pages', async () => {
      expect(names(await list(h.consumer, '?grade=A'))).toEqual([id.red])
      expect(new Set(names(await list(h.consumer, '?redList=true')))).toEqual(new Set([id.red, id.redB]))
      const other = await list(h.consumer, '?district=110101')
      expect(other.total).toBe(0)
      // the district choices are those of the list under the other filters
      expect(other.districts).toEqual([{ code: '120104', name: '南开区', count: 4 }])
      expect((await list(h.consumer, '?district=120104')).total).toBe(4)
      expect((await list(h.consumer, '?district=120000')).total).toBe(4)
      expect((await list(h.consumer, '?industry=H')).total).toBe(0)
      const one = await list(h.consumer, '?pageSize=1&page=2')
      expect([one.total, one.items.length]).toEqual([4, 1])
    })

    it('a higher minimum grade excludes grade B, and the red-list bonus lets a red-listed B back in', async () => {
      await editRule([
        { model: 'general', minGrade: 'A' },
        { model: 'construction', minGrade: 'A' },
        { model: 'food', minGrade: 'A' },
        { model: 'rural', minGrade: 'B' },
      ])
      let p = await list(h.consumer)
      expect(new Set(names(p))).toEqual(new Set([id.red, id.coop]))
      const v = await editRule([
        { model: 'general', minGrade: 'A', redListMinGrade: 'B' },
        { model: 'construction', minGrade: 'A' },
        { model: 'food', minGrade: 'A' },
        { model: 'rural', minGrade: 'B' },
      ])
      p = await list(h.consumer)
      expect(p.ruleVersion).toBe(v.version)
      expect(new Set(names(p))).toEqual(new Set([id.red, id.redB, id.coop]))
      const b = p.items.find((i) => i.entityId === id.redB) as Item
      expect(b).toMatchObject({ grade: 'B', score: 830, redList: true })
      expect(b.reasons[0]?.label).toContain('因列入红名单仍予列入')
    })

    it('refuses a rule naming an unknown model or a grade the model does not give, listing every problem', async () => {
      const r = await app.inject({
        method: 'PUT',
        url: '/api/v1/sme/rules/sme',
        headers: h.operator,
        payload: {
          definition: {
            code: 'sme',
            name: '优质中小企业',
            models: [
              { model: 'nosuch', minGrade: 'A' },
              { model: 'general', minGrade: 'E', redListMinGrade: 'A' },
            ],
            basis: ['国办发〔2021〕52号'],
          },
          reason: '错误的修改',
        },
      })
      expect(r.statusCode, r.body).toBe(422)
      const problems = r.json().error.details.problems as string[]
      expect(problems.some((x) => x.includes('nosuch'))).toBe(true)
      expect(problems.some((x) => x.includes('没有等级「E」'))).toBe(true)
    })

    it('is for government readers with grading.read; the read is audited under every subject shown', async () => {
      expect((await app.inject({ method: 'GET', url: '/api/v1/sme/list', headers: h.provider })).statusCode).toBe(403)
      expect((await app.inject({ method: 'GET', url: '/api/v1/sme/list', headers: agencyKey })).statusCode).toBe(403)
      await list(h.operator, '?grade=A')
      const log = await app.inject({
        method: 'GET',
        url: '/api/v1/me/access-log?pageSize=200',
        headers: h.red as Record<string, string>,
      })
      expect(log.statusCode, log.body).toBe(200)
      const kinds = (log.json().items as { kind: string }[]).map((i) => i.kind)
      expect(kinds).toContain('sme_list')
    })
  })

  describe('an agency (bank)', () => {
    const grant = async (who: string, until = '2026-12-31', scopes = ['sme.list']) => {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/me/authorizations',
        headers: h[who] as Record<string, string>,
        payload: { grantee: co.agency.uscc, scopes, until },
      })
      expect(r.statusCode, r.body).toBe(201)
      return r.json() as { id: string }
    }
    let redGrant: { id: string }

    it('sees only the subjects that granted it sme.list, with a stated purpose, each read in their access log', async () => {
      let r = await agencyList()
      expect(r.statusCode, r.body).toBe(200)
      expect(r.json()).toMatchObject({ total: 0, authorised: 0, items: [] })
      redGrant = await grant('red')
      await grant('coop', '2026-12-10')
      await grant('clean', '2026-12-31', ['record.all'])
      await grant('black')
      r = await agencyList('', false)
      expect(r.statusCode).toBe(400)
      r = await agencyList()
      expect(r.statusCode, r.body).toBe(200)
      const body = r.json() as Page & { authorised: number; purpose: string }
      expect(body.purpose).toBe(PURPOSE)
      // black granted too, but does not qualify; clean granted another scope only
      expect(body.authorised).toBe(3)
      expect(names(body)).toEqual([id.red, id.coop])
      const log = await app.inject({
        method: 'GET',
        url: '/api/v1/me/access-log?pageSize=200',
        headers: h.coop as Record<string, string>,
      })
      const entry = (log.json().items as { kind: string; purpose: string | null; what: string }[]).find(
        (i) => i.kind === 'agency_sme',
      )
      expect(entry).toMatchObject({ purpose: PURPOSE })
      expect(entry?.what).toContain(co.agency.name)
      const cleanLog = await app.inject({
        method: 'GET',
        url: '/api/v1/me/access-log?pageSize=200',
        headers: h.clean as Record<string, string>,
      })
      expect((cleanLog.json().items as { kind: string }[]).some((i) => i.kind === 'agency_sme')).toBe(false)
      const grants = await app.inject({
        method: 'GET',
        url: '/api/v1/me/authorizations',
        headers: h.red as Record<string, string>,
      })
      expect((grants.json().items as { id: string; uses: number }[]).find((g) => g.id === redGrant.id)?.uses).toBe(1)
    })

    it('loses a subject at once when its grant is revoked, and when it expires', async () => {
      const rv = await app.inject({
        method: 'POST',
        url: `/api/v1/me/authorizations/${redGrant.id}/revoke`,
        headers: h.red as Record<string, string>,
      })
      expect(rv.statusCode, rv.body).toBe(200)
      let r = await agencyList()
      expect(names(r.json() as Page)).toEqual([id.coop])
      // the cooperative's grant runs through 2026-12-10 (24:00 in Shanghai)
      ctx.clock.set('2026-12-10T16:00:01Z')
      r = await agencyList()
      expect(r.statusCode, r.body).toBe(200)
      expect(r.json()).toMatchObject({ total: 0, authorised: 1, items: [] })
      ctx.clock.set('2026-12-06T02:00:00Z')
      await login()
    })
  })
})
