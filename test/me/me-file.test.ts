// The subject's own file (GET /api/v1/me/file) and who read its non-public data (GET /api/v1/me/access-log, the
// XLSX export, and the auditors' per-entity route GET /api/v1/entities/:id/access-log), over HTTP on both databases.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand } from '../../src/core/command.js'
import { defineErrors } from '../../src/core/errors.js'
import * as m0020 from '../../src/db/migrations/0020-audit-subjects.js'
import { runIngest } from '../../src/flows/ingest/index.js'
import { ACCESS_LOG_XLSX_HEADERS } from '../../src/flows/me-file/index.js'
import { openMark } from '../../src/flows/record-marks/index.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateUscc, maskResidentId } from '../../src/identifiers/index.js'
import { createApiKey, createUser, login } from '../../src/modules/access/index.js'
import { defineCaseMachine, openCase } from '../../src/modules/cases/index.js'
import { ExcelJS } from '../../src/modules/ingest/index.js'
import {
  ADULT_ID,
  actor,
  COMPANY_NAME,
  COMPANY_USCC,
  type Fixture,
  OTHER_USCC,
  seedFixture,
  seedScopedRecords,
} from '../disclosure/fixtures.js'
import { penaltyRow, rowsOf } from '../ingest/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const rng = createRng(14014)
const PASSWORD = 'correct horse battery'
const PURPOSE = '政府采购供应商资格审查'

interface Entry {
  eventId: string
  at: string
  date: string
  kind: string
  kindLabel: string
  what: string
  dept: string | null
  deptName: string | null
  role: string | null
  roleLabel: string | null
  purpose: string | null
  scenario: string | null
  actor?: string | null
}
interface MeRecord {
  id: string
  documentNo: string
  scope: string
  state: string
  status: string
  expired: boolean
  corrected: boolean
  marks: string[]
  fields: { code: string; label: string; value: unknown }[]
  history: {
    version: number
    op: string
    state: string
    current: boolean
    reason: string | null
    fields: { code: string; value: unknown }[]
  }[]
}

const caseError = defineErrors({
  'me_cases.bad_transition': { status: 409, message: '当前状态不允许此操作。' },
  'me_cases.not_found': { status: 404, message: '办件不存在。' },
  'me_cases.conflict': { status: 409, message: '该办件已被他人办理，请刷新后重试。' },
})
/** A stand-in case kind (the objection and repair kinds register their own machines). */
const machineOf = (kind: string, prefix: string) =>
  defineCaseMachine({
    kind,
    prefix,
    initial: 'submitted',
    states: { submitted: '已提交', decided: '已办结' },
    closed: ['decided'],
    actions: { decide: { from: ['submitted'], to: 'decided', label: '作出决定' } },
    badTransition: (d) => caseError('me_cases.bad_transition', d),
    notFound: (d) => caseError('me_cases.not_found', d),
    conflict: (d) => caseError('me_cases.conflict', d),
  })

describeEachDialect('the subject’s own file and access log', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let f: Fixture
  let rec: Record<string, string>
  const h: Record<string, Record<string, string>> = {}

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    f = await seedFixture(ctx)
    await seedScopedRecords(ctx)
    const correction = await runIngest(ctx, actor, {
      classCode: 'admin_penalty',
      dept: 'tj-scjg',
      channel: 'api',
      ...rowsOf([
        {
          ...penaltyRow({ CF_WSH: 'PUB-GEN', CF_NR: '罚款人民币3万元。', CF_NR_FK: '3' }),
          _op: 'correct',
          _reason: '更正罚款金额',
        },
      ]),
    })
    expect(correction.corrected, JSON.stringify(correction)).toBe(1)
    const rows = await ctx.db.selectFrom('records').select(['id', 'provider_key']).execute()
    rec = Object.fromEntries(rows.map((r) => [r.provider_key, r.id]))
    // no repair workflow yet: the repaired state is set on the table as the repair decision will set it
    await ctx.db
      .updateTable('records')
      .set({ state: 'repaired' })
      .where('id', '=', rec['PUB-SER'] as string)
      .execute()
    await openMark(ctx, actor, rec['PUB-GEN'] as string, { reason: '当事人提出异议' })

    app = await buildApp(ctx, { web: false })
    await app.ready()
    const key = async (role: string, dept?: string) => {
      const { key } = await createApiKey(ctx, actor, { role, ...(dept ? { dept } : {}), name: `${role}-${dept}` })
      return { authorization: `Bearer ${key}` }
    }
    h.czj = await key('consumer', 'tj-czj')
    h.scjg = await key('consumer', 'tj-scjg')
    h.operator = await key('operator')
    const session = async (username: string, role: string, entityId?: string) => {
      await createUser(ctx, actor, { username, role, password: PASSWORD, ...(entityId ? { entityId } : {}) })
      const s = await login(ctx, { username, password: PASSWORD, ip: '10.0.0.9' })
      return { cookie: `gx_session=${s.sessionToken}` }
    }
    h.company = await session('company', 'subject', f.ent.company)
    h.shop = await session('shop', 'subject', f.ent.shop)
    h.adult = await session('adult', 'subject', f.ent.adult)
    h.auditor = await session('auditor', 'auditor')
  })
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers })
  const log = async (who: string, query = ''): Promise<{ total: number; items: Entry[]; page: number }> => {
    const r = await get(`/api/v1/me/access-log${query}`, h[who])
    expect(r.statusCode, r.body).toBe(200)
    return r.json()
  }
  const check = (headers: Record<string, string>, subject: Record<string, string>, purpose = PURPOSE) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/checks',
      headers,
      payload: { subject, scenario: 'government_procurement', purpose },
    })

  describe('GET /api/v1/me/file', () => {
    it('lists every record of the entity in every scope and state, with history, marks, lists and checks', async () => {
      const r = await get('/api/v1/me/file', h.company)
      expect(r.statusCode, r.body).toBe(200)
      const body = r.json()
      expect(body.entity).toMatchObject({ id: f.ent.company, uscc: COMPANY_USCC, name: COMPANY_NAME })
      const records: MeRecord[] = body.records.categories.flatMap((c: { records: MeRecord[] }) => c.records)
      const by = Object.fromEntries(records.map((x) => [x.documentNo, x]))
      expect(Object.keys(by).sort()).toEqual(
        ['CD-ORG', 'GOV-CONTRACT', 'PUB-GEN', 'PUB-MINOR', 'PUB-OLD', 'PUB-REV', 'PUB-SER'].sort(),
      )
      expect(body.records.total).toBe(7)
      expect(by['GOV-CONTRACT']).toMatchObject({ scope: 'government', state: 'active', status: 'active' })
      expect(by['PUB-REV']).toMatchObject({ state: 'revoked', status: 'revoked' })
      expect(by['PUB-REV']?.history.map((v) => [v.version, v.op, v.state, v.current])).toEqual([
        [1, 'add', 'active', false],
        [2, 'revoke', 'revoked', true],
      ])
      expect(by['PUB-REV']?.history[1]?.reason).toBe('处罚决定已撤销')
      expect(by['PUB-SER']).toMatchObject({ state: 'repaired', status: 'repaired' })
      expect(by['PUB-OLD']).toMatchObject({ state: 'active', status: 'expired', expired: true })
      // the corrected record: both versions, the old amount and the new one
      const gen = by['PUB-GEN'] as MeRecord
      expect(gen).toMatchObject({ state: 'active', status: 'corrected', corrected: true, marks: ['under_objection'] })
      expect(gen.history.map((v) => [v.version, v.op, v.state, v.current])).toEqual([
        [1, 'add', 'active', false],
        [2, 'correct', 'active', true],
      ])
      const amount = (fields: { code: string; value: unknown }[]) => fields.find((x) => x.code === 'CF_NR_FK')?.value
      expect(amount(gen.history[0]?.fields ?? [])).toBe('20000')
      expect(amount(gen.history[1]?.fields ?? [])).toBe('30000')
      expect(amount(gen.fields)).toBe('30000')
      expect(body.records.byScope).toEqual({ public: 6, government: 1 })
      expect(body.records.byStatus).toEqual({ active: 3, corrected: 1, expired: 1, revoked: 1, repaired: 1 })
      expect(body.marks).toEqual([
        expect.objectContaining({ recordId: rec['PUB-GEN'], kind: 'under_objection', label: '异议处理中', open: true }),
      ])
      expect(body.lists).toEqual([
        expect.objectContaining({ kind: 'black', class: 'court_defaulter', recordId: rec['CD-ORG'], status: 'active' }),
      ])
      expect(body.commitments.summary.total).toBe(0)
      expect(body.cases).toEqual([])
      expect(body.checks).toMatchObject({ total: expect.any(Number) })
    })

    it('lists the cases about the entity from the shared case table, with the running clock; tips left out', async () => {
      for (const [kind, prefix] of [
        ['objection', 'YY'],
        ['tip', 'JB'],
      ] as const)
        await runCommand(ctx, actor, (scope) =>
          openCase(scope, machineOf(kind, prefix), {
            entityId: f.ent.company,
            recordId: rec['PUB-GEN'] as string,
            applicantKind: 'operator',
            applicantUser: null,
            handlerDept: null,
            policyVersion: '1',
            deadlines: [
              {
                code: `${kind}.accept`,
                startOn: '2026-06-01',
                workingDays: 2,
                dueOn: '2026-06-03',
                provisional: false,
              },
            ],
          }),
        )
      const body = (await get('/api/v1/me/file', h.company)).json()
      expect(body.cases).toEqual([
        expect.objectContaining({
          kind: 'objection',
          recordId: rec['PUB-GEN'],
          state: 'submitted',
          dueOn: '2026-06-03',
          closedAt: null,
        }),
      ])
      expect(body.cases[0].number).toMatch(/^YY2026\d{6}$/)
      expect((await get('/api/v1/me/file', h.shop)).json().cases).toEqual([])
    })

    it('a person sees the 授权查询 record and ID numbers only masked', async () => {
      const r = await get('/api/v1/me/file', h.adult)
      expect(r.statusCode).toBe(200)
      expect(r.body).not.toContain(ADULT_ID)
      const body = r.json()
      expect(body.entity.idNumberMasked).toBe(maskResidentId(ADULT_ID))
      const records: MeRecord[] = body.records.categories.flatMap((c: { records: MeRecord[] }) => c.records)
      expect(records.map((x) => [x.documentNo, x.scope]).sort()).toEqual([
        ['AUTH-CS', 'authorized'],
        ['P-ADULT', 'public'],
      ])
      const auth = records.find((x) => x.documentNo === 'AUTH-CS') as MeRecord
      expect(auth.fields.find((x) => x.code === 'id_number')?.value).toBe(maskResidentId(ADULT_ID))
      expect(auth.fields.find((x) => x.code === 'content')?.value).toBe('2025年度考核结果为称职')
    })

    it('is for subject accounts only: officials 403, anonymous 401', async () => {
      expect((await get('/api/v1/me/file', h.operator)).statusCode).toBe(403)
      expect((await get('/api/v1/me/file', h.czj)).statusCode).toBe(403)
      expect((await get('/api/v1/me/file')).statusCode).toBe(401)
    })
  })

  describe('GET /api/v1/me/access-log', () => {
    it('a department’s check on the entity: when, which department, which role, which purpose, what', async () => {
      const before = (await log('company')).total
      const r = await check(h.czj, { uscc: COMPANY_USCC })
      expect(r.statusCode, r.body).toBe(200)
      const after = await log('company')
      expect(after.total).toBe(before + 1)
      expect(after.items[0]).toMatchObject({
        at: '2026-06-01T02:00:00.000Z',
        date: '2026-06-01',
        kind: 'check',
        kindLabel: '联合奖惩核查',
        dept: 'tj-czj',
        deptName: '天津市财政局',
        role: 'consumer',
        roleLabel: '数据使用',
        purpose: PURPOSE,
        scenario: 'government_procurement',
      })
      expect(after.items[0]?.what).toContain('政府采购')
      // the subject does not see which official acted
      expect(after.items[0]).not.toHaveProperty('actor')
      // and the shop's log is untouched
      expect((await log('shop')).items.filter((e) => e.kind === 'check')).toEqual([])
      // the file lists the check too
      const file = (await get('/api/v1/me/file', h.company)).json()
      expect(file.checks.items[0]).toMatchObject({ dept: 'tj-czj', deptName: '天津市财政局', purpose: PURPOSE })
    })

    it('a batch check appears in the log of each entity it checked, and in no other', async () => {
      const before = {
        company: (await log('company')).total,
        shop: (await log('shop')).total,
        adult: (await log('adult')).total,
      }
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/checks/batch',
        headers: h.scjg,
        payload: {
          subjects: [
            { uscc: COMPANY_USCC },
            { uscc: OTHER_USCC },
            { uscc: generateUscc(rng, { dept: '9', category: '1', region: '120101' }) },
          ],
          scenario: 'government_procurement',
          purpose: '批量资格审查',
        },
      })
      expect(r.statusCode, r.body).toBe(200)
      const events = await ctx.db
        .selectFrom('audit_events')
        .select(['id', 'seq'])
        .where('action', '=', 'check.batch')
        .execute()
      expect(events).toHaveLength(1)
      const index = await ctx.db
        .selectFrom('audit_subjects')
        .select('entity_id')
        .where('audit_id', '=', (events[0] as { id: string }).id)
        .execute()
      expect(index.map((x) => x.entity_id).sort()).toEqual([f.ent.company, f.ent.shop].sort())
      for (const who of ['company', 'shop'] as const) {
        const l = await log(who)
        expect(l.total).toBe(before[who] + 1)
        expect(l.items[0]).toMatchObject({
          kind: 'check_batch',
          kindLabel: '批量联合奖惩核查',
          dept: 'tj-scjg',
          role: 'consumer',
          purpose: '批量资格审查',
        })
        expect(l.items[0]?.what).toContain('本批共 3 个主体')
      }
      expect((await log('adult')).total).toBe(before.adult)
    })

    it('public portal reads are not listed; authorised reads and ID number reveals are', async () => {
      const before = await log('adult')
      for (const url of [
        `/api/v1/public/entities/${f.ent.company}`,
        `/api/v1/public/records/${rec['P-ADULT']}`,
        `/api/v1/public/search?q=${encodeURIComponent(COMPANY_NAME)}`,
      ])
        expect((await get(url)).statusCode).toBeLessThan(500)
      expect((await log('adult')).total).toBe(before.total)
      const purpose = { 'x-purpose': encodeURIComponent('干部考察人选廉政审查') }
      const file = await get(`/api/v1/entities/${f.ent.adult}/file`, { ...h.operator, ...purpose })
      expect(file.statusCode, file.body).toBe(200)
      const reveal = await get(`/api/v1/entities/${f.ent.adult}/id-number`, { ...h.operator, ...purpose })
      expect(reveal.statusCode, reveal.body).toBe(200)
      const after = await log('adult')
      expect(after.total).toBe(before.total + 2)
      expect(after.items.slice(0, 2).map((e) => [e.kind, e.role, e.purpose])).toEqual([
        ['id_number', 'operator', '干部考察人选廉政审查'],
        ['entity_file', 'operator', '干部考察人选廉政审查'],
      ])
      expect(JSON.stringify(after)).not.toContain(ADULT_ID)
      // the company's log does not list the person's reads
      expect((await log('company')).items.some((e) => e.kind === 'id_number' || e.kind === 'entity_file')).toBe(false)
    })

    it('from/to are civil dates in Asia/Shanghai, both inclusive; pages of pageSize, newest first', async () => {
      // 2026-06-03T17:30Z is 2026-06-04 01:30 in Shanghai
      ctx.clock.set('2026-06-03T17:30:00Z')
      expect((await check(h.czj, { uscc: OTHER_USCC }, '招标投标资格审查')).statusCode).toBe(200)
      ctx.clock.set('2026-06-10T02:00:00Z')
      expect((await check(h.czj, { uscc: OTHER_USCC }, '评优评先资格审查')).statusCode).toBe(200)
      ctx.clock.set('2026-06-01T02:00:00Z')
      const all = await log('shop')
      expect(all.items.map((e) => e.date)).toEqual(['2026-06-10', '2026-06-04', '2026-06-01'])
      const june4 = await log('shop', '?from=2026-06-04&to=2026-06-04')
      expect(june4.items.map((e) => e.purpose)).toEqual(['招标投标资格审查'])
      expect((await log('shop', '?to=2026-06-03')).items.map((e) => e.date)).toEqual(['2026-06-01'])
      expect((await log('shop', '?from=2026-06-05')).items.map((e) => e.purpose)).toEqual(['评优评先资格审查'])
      const p2 = await log('shop', '?pageSize=1&page=2')
      expect(p2).toMatchObject({ total: 3, page: 2 })
      expect(p2.items.map((e) => e.purpose)).toEqual(['招标投标资格审查'])
      const bad = await get('/api/v1/me/access-log?from=2026-06-10&to=2026-06-01', h.shop)
      expect(bad.statusCode).toBe(400)
      expect(bad.json().error.code).toBe('audit.bad_filter')
      expect(bad.json().error.message).toContain('from')
      expect((await get('/api/v1/me/access-log?from=2026-13-01', h.shop)).statusCode).toBe(400)
    })

    it('the XLSX export reads back to the same rows', async () => {
      const json = await log('shop', '?from=2026-06-01&to=2026-06-30&pageSize=200')
      const r = await get('/api/v1/me/access-log.xlsx?from=2026-06-01&to=2026-06-30', h.shop)
      expect(r.statusCode).toBe(200)
      expect(r.headers['content-type']).toContain('spreadsheetml')
      expect(r.headers['content-disposition']).toContain('.xlsx')
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer)
      const ws = wb.getWorksheet('查询记录')
      if (!ws) throw new Error('no sheet 查询记录')
      const rows: string[][] = []
      ws.eachRow((row) => {
        rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v))))
      })
      expect(rows[0]).toEqual([...ACCESS_LOG_XLSX_HEADERS])
      expect(rows.length - 1).toBe(json.total)
      expect(rows.slice(1).map((x) => [x[0], x[2], x[3], x[4], x[5], x[6], x[7]])).toEqual(
        json.items.map((e) => [
          e.at,
          e.kindLabel,
          e.what,
          e.dept ?? '',
          e.deptName ?? '',
          e.roleLabel ?? '',
          e.purpose ?? '',
        ]),
      )
    })

    it('a subject reads only its own log: no entity parameter, no operator route', async () => {
      const own = await log('shop')
      const other = await get(`/api/v1/me/access-log?entityId=${f.ent.company}`, h.shop)
      if (other.statusCode === 200) expect(other.json().entityId).toBe(f.ent.shop)
      else expect(other.statusCode).toBe(400)
      expect(own.items.every((e) => e.kind !== 'id_number')).toBe(true)
      expect((await get(`/api/v1/entities/${f.ent.company}/access-log`, h.shop)).statusCode).toBe(403)
      expect((await get(`/api/v1/entities/${f.ent.company}/access-log.xlsx`, h.shop)).statusCode).toBe(403)
      expect((await get('/api/v1/me/access-log', h.czj)).statusCode).toBe(403)
      expect((await get('/api/v1/me/access-log')).statusCode).toBe(401)
    })
  })

  describe('GET /api/v1/entities/:id/access-log (audit.read)', () => {
    it('the auditor sees the same entries, with the acting account', async () => {
      const mine = await log('company', '?pageSize=200')
      const r = await get(`/api/v1/entities/${f.ent.company}/access-log?pageSize=200`, h.auditor)
      expect(r.statusCode, r.body).toBe(200)
      const body = r.json()
      expect(body.total).toBe(mine.total)
      expect(body.items.map((e: Entry) => e.eventId)).toEqual(mine.items.map((e) => e.eventId))
      expect(body.items[0]).toHaveProperty('actor')
      const ev = await ctx.db
        .selectFrom('audit_events')
        .select(['id', 'actor_id'])
        .where('id', '=', body.items[0].eventId)
        .executeTakeFirstOrThrow()
      expect(body.items[0].actor).toBe(ev.actor_id)
    })

    it('needs audit.read: a department 403, anonymous 401; an unknown entity 404', async () => {
      expect((await get(`/api/v1/entities/${f.ent.company}/access-log`, h.czj)).statusCode).toBe(403)
      expect((await get(`/api/v1/entities/${f.ent.company}/access-log`)).statusCode).toBe(401)
      expect((await get('/api/v1/entities/no-such-entity/access-log', h.auditor)).statusCode).toBe(404)
    })

    it('the operator’s export is itself audited', async () => {
      const r = await get(`/api/v1/entities/${f.ent.company}/access-log.xlsx`, h.operator)
      expect(r.statusCode).toBe(200)
      const ev = await ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'audit.export').execute()
      expect(ev.map((e) => [e.target_type, e.target_id])).toContainEqual(['entity', f.ent.company])
    })
  })

  it('migration 0020 indexes the events written before it, as they are indexed when written', async () => {
    const snapshot = async () =>
      (await ctx.db.selectFrom('audit_subjects').select(['entity_id', 'seq', 'audit_id']).execute())
        .map((x) => `${x.entity_id}|${Number(x.seq)}|${x.audit_id}`)
        .sort()
    const before = await snapshot()
    expect(before.length).toBeGreaterThan(5)
    await ctx.db.schema.dropTable('audit_subjects').execute()
    await m0020.up(ctx.db)
    expect(await snapshot()).toEqual(before)
  })
})
