// The government entity file (一户一档, GET /api/v1/entities/:id/file): every section a role may see, records of
// every scope it may see (authorised ones only with a stated purpose, audited), marks, lists, commitments, checks.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runIngest } from '../../src/flows/ingest/index.js'
import { openMark } from '../../src/flows/record-marks/index.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, } from '../../src/identifiers/index.js'
import { createApiKey, createUser, login } from '../../src/modules/access/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { getClass, updateClass } from '../../src/modules/catalog/index.js'
import { runCheck } from '../../src/modules/checks/index.js'
import {
  ADULT_ID,
  actor,
  COMPANY_NAME,
  COMPANY_USCC,
  type Fixture,
  seedFixture,
  seedScopedRecords,
} from '../disclosure/fixtures.js'
import { rowsOf } from '../ingest/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const _rng = createRng(13013)
const PASSWORD = 'correct horse battery'

interface FileRecord {
  id: string
  documentNo: string
  class: string
  scope: string
  provider: string
  marks: string[]
  fields: { code: string; label: string; value: unknown }[]
}
interface FileCategory {
  code: string
  count: number
  records: FileRecord[]
}

/** The document numbers of the records of a records section, sorted. */
const keysOf = (categories: FileCategory[] | undefined): string[] =>
  (categories ?? []).flatMap((c) => c.records.map((r) => r.documentNo)).sort()

describeEachDialect('the government entity file', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let f: Fixture
  let rec: Record<string, string>
  const headers: Record<string, Record<string, string>> = {}

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    f = await seedFixture(ctx)
    await seedScopedRecords(ctx)
    const rows = await ctx.db.selectFrom('records').select(['id', 'provider_key']).execute()
    rec = Object.fromEntries(rows.map((r) => [r.provider_key, r.id]))
    await openMark(ctx, actor, f.rec['PUB-GEN'] as string, { reason: '当事人提出异议' })
    // checks of two departments on the company
    for (const dept of ['tj-czj', 'tj-scjg'])
      await runCheck(
        ctx,
        { kind: 'api_key', id: `k-${dept}`, role: 'consumer', dept },
        { subject: { uscc: COMPANY_USCC }, scenario: 'government_procurement', purpose: '政府采购资格审查' },
      )
    app = await buildApp(ctx, { web: false })
    await app.ready()
    const key = async (role: string, dept?: string) => {
      const { key } = await createApiKey(ctx, actor, { role, ...(dept ? { dept } : {}), name: role })
      return { authorization: `Bearer ${key}` }
    }
    headers.provider = await key('provider', 'tj-scjg')
    headers.consumer = await key('consumer', 'tj-czj')
    headers.operator = await key('operator')
    await createUser(ctx, actor, { username: 'auditor', role: 'auditor', password: PASSWORD })
    const session = await login(ctx, { username: 'auditor', password: PASSWORD, ip: '10.0.0.9' })
    headers.auditor = { cookie: `gx_session=${session.sessionToken}` }
  })
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  const file = (role: string, entityId: string, extra: { purpose?: string; query?: string } = {}) =>
    app.inject({
      url: `/api/v1/entities/${entityId}/file${extra.query ?? ''}`,
      headers: { ...headers[role], ...(extra.purpose ? { 'x-purpose': encodeURIComponent(extra.purpose) } : {}) },
    })
  const authorisedReads = async () =>
    (await searchAuditEvents(ctx.db, { action: 'record.read_authorized' }, 1, 100)).items

  describe('the company, per role', () => {
    const government = ['CD-ORG', 'GOV-CONTRACT', 'PUB-GEN', 'PUB-MINOR', 'PUB-SER']
    const expected: Record<
      string,
      { records: string[]; checks: { scope: string; depts: string[] } | null; note: boolean }
    > = {
      provider: { records: government, checks: { scope: 'dept', depts: ['tj-scjg'] }, note: false },
      consumer: { records: government, checks: { scope: 'dept', depts: ['tj-czj'] }, note: true },
      operator: { records: government, checks: { scope: 'all', depts: ['tj-czj', 'tj-scjg'] }, note: true },
      // the auditor reads entity files but no shared records: the public records, as the portal shows them
      auditor: {
        records: ['CD-ORG', 'PUB-GEN', 'PUB-SER'],
        checks: { scope: 'all', depts: ['tj-czj', 'tj-scjg'] },
        note: false,
      },
    }
    for (const [role, want] of Object.entries(expected))
      it(`${role}: records of the scopes it may see, in force; lists, marks, commitments, checks`, async () => {
        const r = await file(role, f.ent.company)
        expect(r.statusCode, r.body).toBe(200)
        const body = r.json()
        expect(Object.keys(body).sort()).toEqual(
          ['basic', 'checks', 'commitments', 'lists', 'marks', 'notes', 'records'].sort(),
        )
        expect(body.basic).toMatchObject({ id: f.ent.company, name: COMPANY_NAME, uscc: COMPANY_USCC })
        // revoked (PUB-REV) and expired (PUB-OLD) records are never in the file
        expect(keysOf(body.records.categories)).toEqual(want.records)
        expect(body.records.total).toBe(want.records.length)
        expect(body.records.audience).toBe(role === 'auditor' ? 'public' : 'government')
        const all = body.records.categories.flatMap((c: FileCategory) => c.records) as FileRecord[]
        const byId = new Map(all.map((x) => [x.id, x]))
        // the record under objection carries the mark, in the records and in the marks section
        expect(byId.get(f.rec['PUB-GEN'] as string)?.marks).toEqual(['under_objection'])
        expect(body.marks).toEqual([
          expect.objectContaining({ recordId: f.rec['PUB-GEN'], kind: 'under_objection', label: '异议处理中' }),
        ])
        expect(body.lists).toEqual([
          expect.objectContaining({ kind: 'black', class: 'court_defaulter', recordId: f.rec['CD-ORG'], marks: [] }),
        ])
        if (role !== 'auditor') {
          const gov = byId.get(rec['GOV-CONTRACT'] as string)
          expect(gov).toMatchObject({ scope: 'government', provider: 'tj-czj', class: 'contract_performance' })
          expect(gov?.fields.map((x) => x.code)).toContain('performance')
          expect(body.records.byScope).toEqual({ public: 4, government: 1 })
          // government-scope fields of a public record are in the government view
          const pub = byId.get(f.rec['PUB-GEN'] as string)
          expect(pub?.scope).toBe('public')
        } else {
          expect(JSON.stringify(body)).not.toContain('GOV-CONTRACT')
        }
        expect(body.commitments.summary.total).toBe(0)
        expect(body.checks.scope).toBe(want.checks?.scope)
        expect(body.checks.items.map((c: { dept: string }) => c.dept).sort()).toEqual(want.checks?.depts)
        expect(body.checks.total).toBe(want.checks?.depts.length)
        expect(body.checks.items[0]).toMatchObject({ scenario: 'government_procurement', purpose: '政府采购资格审查' })
        expect(body.notes.map((n: { section: string; code: string }) => [n.section, n.code])).toEqual(
          want.note ? [['authorized', 'access.purpose_required']] : [],
        )
      })
  })

  describe('authorised-scope records (授权查询)', () => {
    it('without a purpose: left out with a note saying a purpose opens them; nothing audited', async () => {
      const before = (await authorisedReads()).length
      const r = await file('consumer', f.ent.adult)
      expect(r.statusCode, r.body).toBe(200)
      const body = r.json()
      expect(body.authorized).toBeUndefined()
      expect(body.notes).toEqual([
        { section: 'authorized', code: 'access.purpose_required', message: expect.stringContaining('X-Purpose') },
      ])
      expect(r.body).not.toContain('AUTH-CS')
      expect(r.body).not.toContain('天津市某区人民政府')
      expect(keysOf(body.records.categories)).toEqual(['P-ADULT'])
      expect((await authorisedReads()).length).toBe(before)
    })

    it('with a purpose: included, ID numbers masked, one audit event carrying the purpose', async () => {
      for (const role of ['consumer', 'operator']) {
        const before = (await authorisedReads()).length
        const r = await file(role, f.ent.adult, { purpose: '公务员录用考察' })
        expect(r.statusCode, r.body).toBe(200)
        const body = r.json()
        expect(body.notes).toEqual([])
        expect(body.authorized.purpose).toBe('公务员录用考察')
        expect(body.authorized.total).toBe(1)
        const [record] = body.authorized.categories[0].records as FileRecord[]
        expect(record).toMatchObject({ id: rec['AUTH-CS'], class: 'civil_servant_integrity', scope: 'authorized' })
        const fields = Object.fromEntries(record?.fields.map((x) => [x.code, x.value]) ?? [])
        expect(fields).toMatchObject({
          employer: '天津市某区人民政府',
          record_type: '年度考核结果',
          document_no: 'AUTH-CS',
        })
        expect(fields.id_number).toBe(`${ADULT_ID.slice(0, 4)}**********${ADULT_ID.slice(-4)}`)
        expect(r.body).not.toContain(ADULT_ID)
        expect(body.basic.idNumberMasked).toBe(`${ADULT_ID.slice(0, 4)}**********${ADULT_ID.slice(-4)}`)
        // the authorised record is not repeated among the others
        expect(keysOf(body.records.categories)).toEqual(['P-ADULT'])
        const events = await authorisedReads()
        expect(events.length).toBe(before + 1)
        const event = events[0]
        expect(event).toMatchObject({
          action: 'record.read_authorized',
          targetType: 'entity',
          targetId: f.ent.adult,
          purpose: '公务员录用考察',
        })
        expect(event?.details).toMatchObject({
          via: 'entity_file',
          records: [rec['AUTH-CS']],
          classes: ['civil_servant_integrity'],
        })
      }
    })

    it('asked for explicitly (?authorized=true): 400 without a purpose, 403 for a role that never sees them', async () => {
      const none = await file('consumer', f.ent.adult, { query: '?authorized=true' })
      expect(none.statusCode).toBe(400)
      expect(none.json().error.code).toBe('access.purpose_required')
      for (const role of ['auditor', 'provider']) {
        const r = await file(role, f.ent.adult, { query: '?authorized=true', purpose: '公务员录用考察' })
        expect([role, r.statusCode]).toEqual([role, 403])
        expect(r.json().error).toMatchObject({
          code: 'access.forbidden',
          details: { permission: 'record.read_authorized' },
        })
      }
      const ok = await file('consumer', f.ent.adult, { query: '?authorized=true', purpose: '公务员录用考察' })
      expect(ok.statusCode).toBe(200)
      expect(ok.json().authorized.total).toBe(1)
      // ?authorized=false leaves the section out, without a note and without an audit event
      const before = (await authorisedReads()).length
      const off = await file('consumer', f.ent.adult, { query: '?authorized=false', purpose: '公务员录用考察' })
      expect(off.json().authorized).toBeUndefined()
      expect(off.json().notes).toEqual([])
      expect((await authorisedReads()).length).toBe(before)
    })

    it('roles without the permission never see them, whatever the purpose, and get no note', async () => {
      for (const role of ['provider', 'auditor']) {
        const r = await file(role, f.ent.adult, { purpose: '公务员录用考察' })
        expect(r.statusCode).toBe(200)
        expect(r.json().authorized).toBeUndefined()
        expect(r.json().notes).toEqual([])
        expect(r.body).not.toContain('AUTH-CS')
      }
    })

    it('a bad purpose is 400 access.purpose_invalid', async () => {
      const r = await file('consumer', f.ent.adult, { purpose: 'x' })
      expect(r.statusCode).toBe(400)
      expect(r.json().error.code).toBe('access.purpose_invalid')
    })

    it('GET /api/v1/records/:id and its history of an authorised record need a purpose and are audited', async () => {
      const id = rec['AUTH-CS'] as string
      for (const url of [`/api/v1/records/${id}`, `/api/v1/records/${id}/history`]) {
        const none = await app.inject({ url, headers: headers.consumer })
        expect([url, none.statusCode]).toEqual([url, 400])
        expect(none.json().error.code).toBe('access.purpose_required')
        const before = (await authorisedReads()).length
        const ok = await app.inject({
          url,
          headers: { ...headers.consumer, 'x-purpose': encodeURIComponent('公务员录用考察') },
        })
        expect(ok.statusCode, ok.body).toBe(200)
        expect(ok.body).toContain('天津市某区人民政府')
        expect(ok.body).not.toContain(ADULT_ID)
        const events = await authorisedReads()
        expect(events.length).toBe(before + 1)
        expect(events[0]).toMatchObject({
          targetType: 'record',
          targetId: id,
          purpose: '公务员录用考察',
          actorRole: 'consumer',
        })
      }
      // other records need no purpose
      const pub = await app.inject({ url: `/api/v1/records/${f.rec['PUB-GEN']}`, headers: headers.consumer })
      expect(pub.statusCode).toBe(200)
    })
  })

  it('a field of authorised scope in a shared class: shown and audited only with a purpose', async () => {
    // a local catalog edit: 违约情况 of contract_performance becomes 授权查询
    const current = await getClass(ctx.db, 'contract_performance')
    const { version: _v, ...definition } = current as unknown as Record<string, unknown> & { version: number }
    await updateClass(
      ctx,
      actor,
      'contract_performance',
      {
        ...definition,
        fields: current.fields.map((x) => (x.code === 'breach' ? { ...x, scope: 'authorized' } : x)),
      },
      '违约情况改为授权查询',
    )
    const r = await runIngest(ctx, actor, {
      classCode: 'contract_performance',
      dept: 'tj-czj',
      channel: 'api',
      ...rowsOf([
        {
          subject_name: COMPANY_NAME,
          uscc: COMPANY_USCC,
          contract_name: '物业服务合同',
          document_no: 'GOV-BREACH',
          counterparty: '天津市财政局',
          decision_date: '2026-04-02',
          performance: '部分履行',
          breach: '逾期交付三个月',
          authority_name: '天津市财政局',
        },
      ]),
    })
    expect(r.accepted, JSON.stringify(r)).toBe(1)
    const id = (
      await ctx.db.selectFrom('records').select('id').where('provider_key', '=', 'GOV-BREACH').executeTakeFirstOrThrow()
    ).id
    const before = (await authorisedReads()).length
    const plain = await file('consumer', f.ent.company)
    expect(plain.body).toContain('GOV-BREACH')
    expect(plain.body).not.toContain('逾期交付三个月')
    expect((await authorisedReads()).length).toBe(before)
    const withPurpose = await file('consumer', f.ent.company, { purpose: '政府采购资格审查' })
    expect(withPurpose.body).toContain('逾期交付三个月')
    const events = await authorisedReads()
    expect(events.length).toBe(before + 1)
    expect(events[0]?.details).toMatchObject({ via: 'entity_file', records: [id] })
    // the record by id: the field only with a purpose, audited then
    const byId = await app.inject({ url: `/api/v1/records/${id}`, headers: headers.consumer })
    expect(byId.statusCode).toBe(200)
    expect(byId.body).not.toContain('逾期交付三个月')
    expect((await authorisedReads()).length).toBe(before + 1)
    const byIdPurpose = await app.inject({
      url: `/api/v1/records/${id}`,
      headers: { ...headers.consumer, 'x-purpose': encodeURIComponent('政府采购资格审查') },
    })
    expect(byIdPurpose.body).toContain('逾期交付三个月')
    expect((await authorisedReads())[0]).toMatchObject({ targetType: 'record', targetId: id })
  })

  it("a natural person's file: the ID number masked everywhere", async () => {
    const r = await file('operator', f.ent.defaulter)
    expect(r.statusCode).toBe(200)
    expect(r.body).not.toMatch(/\d{17}[\dX]/)
    expect(r.json().lists).toEqual([expect.objectContaining({ kind: 'black', recordId: f.rec['CD-PERSON'] })])
  })
})
