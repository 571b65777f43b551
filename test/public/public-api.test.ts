import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeMark, openMark } from '../../src/flows/record-marks/index.js'
import {
  ADULT_ID,
  ADULT_NAME,
  actor,
  COMPANY_NAME,
  COMPANY_USCC,
  DEFAULTER_ID,
  DEFAULTER_NAME,
  type Fixture,
  MINOR_ID,
  OTHER_USCC,
  SHOP_NAME,
  seedFixture,
} from '../disclosure/fixtures.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { appWithPublic } from './helpers.js'

describeEachDialect('public API', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let f: Fixture
  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    f = await seedFixture(ctx)
    app = await appWithPublic(ctx)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })
  const get = (url: string) => app.inject({ url, remoteAddress: '10.20.0.1' })

  describe('GET /api/v1/public/records/:id', () => {
    it('shows a public record with labelled public fields, cache headers up to its end', async () => {
      const r = await get(`/api/v1/public/records/${f.rec['PUB-GEN']}`)
      expect(r.statusCode).toBe(200)
      expect(r.headers['cache-control']).toBe('public, max-age=60')
      const body = r.json()
      expect(body).toMatchObject({
        id: f.rec['PUB-GEN'],
        entityId: f.ent.company,
        name: COMPANY_NAME,
        entityKind: 'legal_person',
        uscc: COMPANY_USCC,
        class: 'admin_penalty',
        className: '行政处罚信息',
        category: 'administrative',
        categoryLabel: '行政管理信息',
        polarity: 'negative',
        severity: 'general',
        decidedOn: '2026-05-28',
        documentNo: 'PUB-GEN',
        authority: '天津市市场监督管理委员会',
        publication: { from: '2026-05-28', until: '2027-05-28' },
        list: null,
        marks: [],
      })
      expect(body.legalBasis.length).toBeGreaterThan(0)
      const fields = Object.fromEntries(body.fields.map((x: { code: string; value: unknown }) => [x.code, x.value]))
      expect(fields).toMatchObject({
        CF_XDR_MC: COMPANY_NAME,
        CF_WSH: 'PUB-GEN',
        CF_NR_FK: '20000',
        CF_CFLB: ['罚款', '没收违法所得'],
      })
      expect(body.fields.find((x: { code: string }) => x.code === 'CF_WSH').label).toBe('行政处罚决定书文号')
      // government-scope fields never appear
      expect(Object.keys(fields)).not.toContain('BZ')
      expect(Object.keys(fields).filter((k) => k.endsWith('ZJHM'))).toEqual([])
    })

    it("is 404 for revoked, 轻微, expired, minors' and unknown records", async () => {
      for (const key of ['PUB-REV', 'PUB-MINOR', 'PUB-OLD', 'P-MINOR']) {
        const r = await get(`/api/v1/public/records/${f.rec[key]}`)
        expect([key, r.statusCode]).toEqual([key, 404])
        expect(r.json().error.code).toBe('public.record_not_found')
      }
      expect((await get('/api/v1/public/records/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404)
    })

    it("masks a natural person's name (and hides the entity) unless the class publishes it", async () => {
      const adult = (await get(`/api/v1/public/records/${f.rec['P-ADULT']}`)).json()
      expect(adult).toMatchObject({ entityId: null, name: '李*', entityKind: 'natural_person', uscc: null })
      expect(adult.fields.find((x: { code: string }) => x.code === 'CF_XDR_MC').value).toBe('李*')
      expect(JSON.stringify(adult)).not.toContain(ADULT_NAME)
      const defaulter = (await get(`/api/v1/public/records/${f.rec['CD-PERSON']}`)).json()
      expect(defaulter).toMatchObject({
        entityId: f.ent.defaulter,
        name: DEFAULTER_NAME,
        list: { kind: 'black', until: '2028-05-15' },
      })
      expect(defaulter.fields.map((x: { code: string }) => x.code)).not.toContain('id_number')
      expect(JSON.stringify(defaulter)).not.toContain(DEFAULTER_ID.slice(6, 14))
    })

    it('disappears at 00:00 Shanghai after the last day of its window', async () => {
      const url = `/api/v1/public/records/${f.rec['PUB-GEN']}`
      ctx.clock.set('2027-05-28T15:59:30.000Z')
      const last = await get(url)
      expect(last.statusCode).toBe(200)
      // never cached past the window's end
      expect(last.headers['cache-control']).toBe('public, max-age=30')
      ctx.clock.set('2027-05-28T16:00:00.000Z')
      expect((await get(url)).statusCode).toBe(404)
      ctx.clock.set('2026-06-01T02:00:00Z')
    })
  })

  describe('GET /api/v1/public/entities/:id', () => {
    it('the company: basic information, records by category with counts, list status, flags', async () => {
      const r = await get(`/api/v1/public/entities/${f.ent.company}`)
      expect(r.statusCode).toBe(200)
      expect(r.headers['cache-control']).toBe('public, max-age=60')
      const body = r.json()
      expect(body).toMatchObject({
        id: f.ent.company,
        kind: 'legal_person',
        name: COMPANY_NAME,
        uscc: COMPANY_USCC,
        district: '120116',
        districtName: expect.stringContaining('滨海新区'),
        status: 'active',
        flags: ['negative', 'black_list'],
        marks: [],
        totalRecords: 3,
      })
      expect(body.identifiers).toEqual(expect.arrayContaining([{ scheme: 'uscc', value: COMPANY_USCC }]))
      expect(
        body.categories.map((c: { code: string; label: string; count: number }) => [c.code, c.label, c.count]),
      ).toEqual([
        ['judicial', '司法裁判及执行信息', 1],
        ['administrative', '行政管理信息', 2],
      ])
      const admin = body.categories[1].records.map((x: { documentNo: string; severity: string }) => [
        x.documentNo,
        x.severity,
      ])
      expect(admin).toEqual([
        ['PUB-GEN', 'general'],
        ['PUB-SER', 'serious'],
      ])
      expect(body.lists).toEqual([
        {
          kind: 'black',
          class: 'court_defaulter',
          className: '失信被执行人',
          recordId: f.rec['CD-ORG'],
          listedOn: '2026-04-01',
          until: '2028-04-01',
          basis: 'CD-ORG',
          authority: '天津市和平区人民法院',
          legalBasis: expect.arrayContaining([expect.stringContaining('失信被执行人')]),
        },
      ])
    })

    it('the shop is on the red list', async () => {
      const body = (await get(`/api/v1/public/entities/${f.ent.shop}`)).json()
      expect(body).toMatchObject({
        name: SHOP_NAME,
        uscc: OTHER_USCC,
        kind: 'individual_business',
        flags: ['red_list'],
        totalRecords: 1,
      })
      expect(body.lists).toMatchObject([
        { kind: 'red', class: 'honor', listedOn: '2026-03-01', until: '2029-03-01', basis: 'HON-1' },
      ])
      expect(body.categories).toMatchObject([{ code: 'honor', label: '诚实守信相关荣誉信息', count: 1 }])
    })

    it('natural persons: a file only while a black list names them, by name, never by ID number', async () => {
      const defaulter = await get(`/api/v1/public/entities/${f.ent.defaulter}`)
      expect(defaulter.statusCode).toBe(200)
      const body = defaulter.json()
      expect(body).toMatchObject({
        kind: 'natural_person',
        name: DEFAULTER_NAME,
        uscc: null,
        identifiers: [],
        district: null,
        flags: ['negative', 'black_list'],
      })
      expect(body.categories.map((c: { code: string }) => c.code)).toEqual(['judicial'])
      expect(JSON.stringify(body)).not.toMatch(/\d{6}\*+|\*{4,}\d{3}[\dX]/)
      expect(JSON.stringify(body)).not.toContain(DEFAULTER_ID.slice(0, 6))
      for (const id of [f.ent.adult, f.ent.minor]) {
        const r = await get(`/api/v1/public/entities/${id}`)
        expect(r.statusCode).toBe(404)
        expect(r.json().error.code).toBe('public.entity_not_found')
      }
      expect((await get('/api/v1/public/entities/nope')).statusCode).toBe(404)
      // after the list period, the defaulter is off the portal
      ctx.clock.set('2028-05-15T16:00:00.000Z')
      expect((await get(`/api/v1/public/entities/${f.ent.defaulter}`)).statusCode).toBe(404)
      ctx.clock.set('2026-06-01T02:00:00Z')
    })
  })

  describe('entity file cache', () => {
    it('drops a cached file when its marks change', async () => {
      const url = `/api/v1/public/entities/${f.ent.shop}`
      expect((await get(url)).json().marks).toEqual([])
      await openMark(ctx, actor, f.rec['HON-1'] as string, { reason: '举报荣誉材料不实' })
      const marked = (await get(url)).json()
      expect(marked.marks).toMatchObject([{ recordId: f.rec['HON-1'], kind: 'under_objection' }])
      expect(marked.flags).toEqual(['red_list', 'under_objection'])
      await closeMark(ctx, actor, f.rec['HON-1'] as string, { reason: '核查属实，材料无误' })
      expect((await get(url)).json().marks).toEqual([])
    })

    it('never serves a cached file past the instant it changes by itself', async () => {
      const url = `/api/v1/public/entities/${f.ent.defaulter}`
      ctx.clock.set('2028-05-15T15:59:50.000Z')
      const last = await get(url)
      expect(last.statusCode).toBe(200)
      expect(last.headers['cache-control']).toBe('public, max-age=10')
      ctx.clock.set('2028-05-15T16:00:00.000Z')
      expect((await get(url)).statusCode).toBe(404)
      ctx.clock.set('2026-06-01T02:00:00Z')
    })
  })

  describe('GET /api/v1/public/lists/:class', () => {
    it('a black list with name, code, period and basis; persons by name without codes', async () => {
      const r = await get('/api/v1/public/lists/court_defaulter')
      expect(r.statusCode).toBe(200)
      expect(r.json()).toMatchObject({
        class: 'court_defaulter',
        className: '失信被执行人',
        kind: 'black',
        total: 2,
        page: 1,
        pageSize: 20,
      })
      expect(r.json().items).toEqual([
        {
          recordId: f.rec['CD-PERSON'],
          entityId: f.ent.defaulter,
          name: DEFAULTER_NAME,
          uscc: null,
          listedOn: '2026-05-15',
          until: '2028-05-15',
          basis: 'CD-PERSON',
          authority: '天津市和平区人民法院',
          marks: [],
        },
        {
          recordId: f.rec['CD-ORG'],
          entityId: f.ent.company,
          name: COMPANY_NAME,
          uscc: COMPANY_USCC,
          listedOn: '2026-04-01',
          until: '2028-04-01',
          basis: 'CD-ORG',
          authority: '天津市和平区人民法院',
          marks: [],
        },
      ])
      const page2 = (await get('/api/v1/public/lists/court_defaulter?page=2&pageSize=1')).json()
      expect([page2.total, page2.items.map((i: { basis: string }) => i.basis)]).toEqual([2, ['CD-ORG']])
      const red = (await get('/api/v1/public/lists/honor')).json()
      expect(red).toMatchObject({
        kind: 'red',
        total: 1,
        items: [{ name: SHOP_NAME, uscc: OTHER_USCC, until: '2029-03-01' }],
      })
      expect((await get('/api/v1/public/lists/abnormal_operation')).json()).toMatchObject({
        kind: 'focus',
        total: 0,
        items: [],
      })
    })

    it('only list classes: others are 404', async () => {
      for (const c of ['admin_penalty', 'civil_servant_integrity', 'no_such_class']) {
        const r = await get(`/api/v1/public/lists/${c}`)
        expect([c, r.statusCode, r.json().error.code]).toEqual([c, 404, 'public.not_a_list'])
      }
    })

    it('entries leave the list the day after the list period', async () => {
      ctx.clock.set('2028-04-01T16:00:00.000Z')
      const body = (await get('/api/v1/public/lists/court_defaulter')).json()
      expect(body.items.map((i: { basis: string }) => i.basis)).toEqual(['CD-PERSON'])
      ctx.clock.set('2026-06-01T02:00:00Z')
    })
  })

  describe('GET /api/v1/public/search', () => {
    const search = async (qs: string) => {
      const r = await get(`/api/v1/public/search?${qs}`)
      expect([qs, r.statusCode]).toEqual([qs, 200])
      return r.json()
    }
    it('finds organisations by a name fragment and by code, with their public flags', async () => {
      const r = await get(`/api/v1/public/search?q=${encodeURIComponent('滨海测试')}`)
      expect(r.headers['cache-control']).toBe('public, max-age=60')
      expect(r.json()).toEqual({
        total: 1,
        totalCapped: false,
        page: 1,
        pageSize: 20,
        items: [
          {
            id: f.ent.company,
            name: COMPANY_NAME,
            matchedName: null,
            uscc: COMPANY_USCC,
            kind: 'legal_person',
            district: '120116',
            flags: ['negative', 'black_list'],
          },
        ],
      })
      expect((await search(`q=${COMPANY_USCC}`)).items.map((i: { id: string }) => i.id)).toEqual([f.ent.company])
      expect((await search(`q=${encodeURIComponent('小吃')}`)).items).toEqual([
        {
          id: f.ent.shop,
          name: SHOP_NAME,
          matchedName: null,
          uscc: OTHER_USCC,
          kind: 'individual_business',
          district: '120101',
          flags: ['red_list'],
        },
      ])
    })

    it('filters by flags, district and kind', async () => {
      const names = async (qs: string) => (await search(qs)).items.map((i: { name: string }) => i.name).sort()
      const q = `q=${encodeURIComponent('测试')}`
      expect(await names(q)).toEqual([SHOP_NAME, COMPANY_NAME].sort())
      expect(await names(`${q}&negative=true`)).toEqual([COMPANY_NAME])
      expect(await names(`${q}&negative=false`)).toEqual([SHOP_NAME])
      expect(await names(`${q}&list=red`)).toEqual([SHOP_NAME])
      expect(await names(`${q}&list=black`)).toEqual([COMPANY_NAME])
      expect(await names(`${q}&list=focus`)).toEqual([])
      expect(await names(`${q}&district=120101`)).toEqual([SHOP_NAME])
      expect(await names(`${q}&kind=legal_person`)).toEqual([COMPANY_NAME])
      expect((await get(`/api/v1/public/search?${q}&list=grey`)).statusCode).toBe(400)
      expect((await get(`/api/v1/public/search?${q}&pageSize=51`)).statusCode).toBe(400)
    })

    it('natural persons only while a black list names them; never by ID number', async () => {
      expect((await search(`q=${encodeURIComponent(DEFAULTER_NAME)}`)).items).toEqual([
        {
          id: f.ent.defaulter,
          name: DEFAULTER_NAME,
          matchedName: null,
          uscc: null,
          kind: 'natural_person',
          district: null,
          flags: ['negative', 'black_list'],
        },
      ])
      expect((await search(`q=${encodeURIComponent(ADULT_NAME)}`)).items).toEqual([])
      expect((await search(`q=${encodeURIComponent('王小')}`)).items).toEqual([])
      for (const id of [DEFAULTER_ID, ADULT_ID, MINOR_ID, DEFAULTER_ID.toLowerCase()])
        expect((await search(`q=${id}`)).total).toBe(0)
      // once the list period is over, the person is gone from search too
      ctx.clock.set('2028-05-15T16:00:00.000Z')
      expect((await search(`q=${encodeURIComponent(DEFAULTER_NAME)}`)).items).toEqual([])
      ctx.clock.set('2026-06-01T02:00:00Z')
    })
  })

  describe('GET /api/v1/public/stats', () => {
    it('key figures: organisations, public records this month, red and black, by category and district', async () => {
      const r = await get('/api/v1/public/stats')
      expect(r.statusCode).toBe(200)
      expect(r.headers['cache-control']).toMatch(/^public, max-age=\d+$/)
      const body = r.json()
      // public now: PUB-GEN, PUB-SER, P-ADULT, CD-ORG, CD-PERSON, HON-1 (collected "today", 2026-06-01, this month)
      expect(body).toMatchObject({
        entities: 2,
        recordsThisMonth: 6,
        red: 1,
        black: 2,
        asOf: '2026-06-01T02:00:00.000Z',
      })
      expect(body.byCategory).toEqual([
        { code: 'administrative', label: '行政管理信息', count: 3 },
        { code: 'judicial', label: '司法裁判及执行信息', count: 2 },
        { code: 'honor', label: '诚实守信相关荣誉信息', count: 1 },
      ])
      expect(body.byDistrict).toEqual([
        { code: '120116', label: '滨海新区', count: 3 },
        { code: '120101', label: '和平区', count: 1 },
      ])
      // nothing of the hidden records is counted; ID numbers never appear
      expect(JSON.stringify(body)).not.toContain(ADULT_ID)
      expect(JSON.stringify(body)).not.toContain(MINOR_ID)
    })
  })
})
