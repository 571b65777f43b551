// 政务共享查询 over HTTP on both databases: records in 社会公开 and 政务共享 scope that are in force, fields as the
// catalog shares them with government readers (ID numbers masked), authorised-only classes never, unresolved
// subjects per row, at most 1,000 subjects, a purpose always, one access-log event per request under each subject.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateUscc, maskResidentId } from '../../src/identifiers/index.js'
import { createUser, login } from '../../src/modules/access/index.js'
import {
  ADULT_ID,
  ADULT_NAME,
  actor,
  COMPANY_NAME,
  COMPANY_USCC,
  type Fixture,
  seedFixture,
  seedScopedRecords,
} from '../disclosure/fixtures.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { bearerKey } from '../support/people.js'

const rng = createRng(17001)
const PURPOSE = '政府采购供应商资格审查'
const PASSWORD = 'correct horse battery'

interface SharedRecord {
  id: string
  class: string
  scope: string
  provider: string
  documentNo: string | null
  marks: string[]
  fields: { code: string; label: string; value: unknown }[]
}

describeEachDialect('sharing query (政务共享)', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let f: Fixture
  const h: Record<string, Record<string, string>> = {}

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    f = await seedFixture(ctx)
    await seedScopedRecords(ctx)
    app = await buildApp(ctx, { web: false })
    await app.ready()
    h.consumer = await bearerKey(ctx, 'consumer', 'tj-czj')
    h.provider = await bearerKey(ctx, 'provider', 'tj-scjg')
    for (const [name, entityId] of [
      ['company', f.ent.company],
      ['adult', f.ent.adult],
      ['shop', f.ent.shop],
    ] as const) {
      await createUser(ctx, actor, { username: name, role: 'subject', password: PASSWORD, entityId })
      const s = await login(ctx, { username: name, password: PASSWORD, ip: '10.0.0.9' })
      h[name] = { cookie: `gx_session=${s.sessionToken}` }
    }
  })
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  const query = (payload: unknown, headers = h.consumer) =>
    app.inject({ method: 'POST', url: '/api/v1/share/query', headers, payload: payload as object })
  const accessLog = async (who: string) => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/me/access-log?pageSize=200', headers: h[who] })
    expect(r.statusCode, r.body).toBe(200)
    return r.json() as {
      total: number
      items: { eventId: string; kind: string; what: string; purpose: string | null; dept: string | null }[]
    }
  }
  const auditEvents = async () =>
    Number(
      (
        await ctx.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const fieldOf = (r: SharedRecord, code: string) => r.fields.find((x) => x.code === code)?.value

  it('answers per subject the records in force of public and government scope, never authorised ones', async () => {
    const r = await query({
      subjects: [
        { uscc: COMPANY_USCC },
        { idNumber: ADULT_ID },
        { uscc: generateUscc(rng, { dept: '9', category: '1', region: '120116' }) },
      ],
      purpose: PURPOSE,
    })
    expect(r.statusCode, r.body).toBe(200)
    const body = r.json()
    expect(body).toMatchObject({
      purpose: PURPOSE,
      classes: null,
      matched: 2,
      unresolved: 1,
      asOf: '2026-06-01T02:00:00.000Z',
    })
    const [company, adult, unknown] = body.items
    expect(company).toMatchObject({
      index: 0,
      status: 'matched',
      entity: { id: f.ent.company, name: COMPANY_NAME, uscc: COMPANY_USCC, kind: 'legal_person' },
    })
    const docs = (company.records as SharedRecord[]).map((x) => x.documentNo).sort()
    // revoked (PUB-REV) and expired (PUB-OLD) records are not in force; 轻微 (PUB-MINOR) is a publication rule only
    expect(docs).toEqual(['CD-ORG', 'GOV-CONTRACT', 'PUB-GEN', 'PUB-MINOR', 'PUB-SER'])
    expect(company.total).toBe(5)
    const contract = (company.records as SharedRecord[]).find((x) => x.documentNo === 'GOV-CONTRACT') as SharedRecord
    expect(contract).toMatchObject({ class: 'contract_performance', scope: 'government', provider: 'tj-czj' })
    expect(fieldOf(contract, 'contract_name')).toBe('办公设备采购合同')
    expect(fieldOf(contract, 'performance')).toBe('未履行')

    // a person: found by ID number (purpose stated), the ID number masked wherever it shows, the authorised-scope
    // record (公务员诚信档案) left out
    expect(adult).toMatchObject({ index: 1, status: 'matched', entity: { id: f.ent.adult, kind: 'natural_person' } })
    expect(adult.entity.idMasked).toBe(maskResidentId(ADULT_ID))
    expect((adult.records as SharedRecord[]).map((x) => x.documentNo)).toEqual(['P-ADULT'])
    const penalty = adult.records[0] as SharedRecord
    expect(fieldOf(penalty, 'CF_XDR_ZJHM')).toBe(maskResidentId(ADULT_ID))
    expect(fieldOf(penalty, 'CF_XDR_MC')).toBe(ADULT_NAME)
    expect(r.body).not.toContain(ADULT_ID)
    expect(r.body).not.toContain('AUTH-CS')
    expect(r.body).not.toContain('civil_servant_integrity')

    expect(unknown).toMatchObject({ index: 2, status: 'unresolved', reason: 'not_found' })
    expect(typeof unknown.message).toBe('string')
    expect(unknown.records).toBeUndefined()
  })

  it('filters by class; an authorised-only class or an unknown one is refused in Chinese', async () => {
    const r = await query({
      subjects: [{ entityId: f.ent.company }],
      classes: ['contract_performance'],
      purpose: PURPOSE,
    })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json().items[0].records.map((x: SharedRecord) => x.documentNo)).toEqual(['GOV-CONTRACT'])
    const auth = await query({
      subjects: [{ entityId: f.ent.adult }],
      classes: ['civil_servant_integrity'],
      purpose: PURPOSE,
    })
    expect(auth.statusCode).toBe(400)
    expect(auth.json().error.code).toBe('share.class_not_shared')
    expect(auth.json().error.message).toContain('公务员诚信档案')
    const unknown = await query({ subjects: [{ entityId: f.ent.adult }], classes: ['no_such_class'], purpose: PURPOSE })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error.code).toBe('share.unknown_class')
  })

  it('needs a purpose (body or X-Purpose) and the share.query permission', async () => {
    const none = await query({ subjects: [{ entityId: f.ent.company }] })
    expect(none.statusCode).toBe(400)
    expect(none.json().error.code).toBe('access.purpose_required')
    const viaHeader = await query(
      { subjects: [{ entityId: f.ent.company }] },
      { ...h.consumer, 'x-purpose': encodeURIComponent(PURPOSE) },
    )
    expect(viaHeader.statusCode, viaHeader.body).toBe(200)
    expect(viaHeader.json().purpose).toBe(PURPOSE)
    const get = await app.inject({
      method: 'GET',
      url: `/api/v1/share/entities/${f.ent.company}/records`,
      headers: h.consumer,
    })
    expect(get.statusCode).toBe(400)
    expect(get.json().error.code).toBe('access.purpose_required')
    expect((await query({ subjects: [{ entityId: f.ent.company }], purpose: PURPOSE }, h.provider)).statusCode).toBe(
      403,
    )
    expect((await query({ subjects: [{ entityId: f.ent.company }], purpose: PURPOSE }, {})).statusCode).toBe(401)
  })

  it('one entity by id with X-Purpose; an unknown id is 404', async () => {
    const r = await app.inject({
      method: 'GET',
      url: `/api/v1/share/entities/${f.ent.company}/records?classes=contract_performance,admin_penalty`,
      headers: { ...h.consumer, 'x-purpose': encodeURIComponent(PURPOSE) },
    })
    expect(r.statusCode, r.body).toBe(200)
    const body = r.json()
    expect(body.entity.id).toBe(f.ent.company)
    expect(body.records.map((x: SharedRecord) => x.documentNo).sort()).toEqual([
      'GOV-CONTRACT',
      'PUB-GEN',
      'PUB-MINOR',
      'PUB-SER',
    ])
    const missing = await app.inject({
      method: 'GET',
      url: '/api/v1/share/entities/no-such-entity/records',
      headers: { ...h.consumer, 'x-purpose': encodeURIComponent(PURPOSE) },
    })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().error.code).toBe('share.entity_not_found')
  })

  describe('limits and the access log', () => {
    it('at most 1,000 subjects: 1,001 is 413 share.too_many_subjects, 1,000 are answered', async () => {
      const many = (n: number) => [
        { entityId: f.ent.company },
        { entityId: f.ent.shop },
        ...Array.from({ length: n - 2 }, (_, i) => ({ entityId: `missing-${i}` })),
      ]
      const over = await query({ subjects: many(1001), purpose: PURPOSE })
      expect(over.statusCode).toBe(413)
      expect(over.json().error.code).toBe('share.too_many_subjects')
      expect(over.json().error.message).toContain('1000')
      const ok = await query({ subjects: many(1000), purpose: PURPOSE })
      expect(ok.statusCode, ok.body.slice(0, 300)).toBe(200)
      expect(ok.json()).toMatchObject({ matched: 2, unresolved: 998 })
      expect(ok.json().items).toHaveLength(1000)
    })

    it('one event per request, in the access log of each subject read, with the purpose; none for others', async () => {
      const before = {
        company: (await accessLog('company')).total,
        adult: (await accessLog('adult')).total,
        shop: (await accessLog('shop')).total,
      }
      const events = await auditEvents()
      const r = await query({
        subjects: [{ uscc: COMPANY_USCC }, { entityId: f.ent.adult }, { uscc: 'no-such-code' }],
        purpose: PURPOSE,
      })
      expect(r.statusCode, r.body).toBe(200)
      expect(await auditEvents()).toBe(events + 1)
      const company = await accessLog('company')
      const adult = await accessLog('adult')
      expect(company.total).toBe(before.company + 1)
      expect(adult.total).toBe(before.adult + 1)
      expect((await accessLog('shop')).total).toBe(before.shop)
      expect(company.items[0]).toMatchObject({
        kind: 'sharing_query',
        purpose: PURPOSE,
        dept: 'tj-czj',
        what: '政务共享查询（政务共享视图，本次共 3 个主体）',
      })
      expect(adult.items[0]?.eventId).toBe(company.items[0]?.eventId)
    })
  })
})
