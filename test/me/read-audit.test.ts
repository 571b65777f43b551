// Reads of an entity's non-public data by somebody else appear in its access log (GET /api/v1/me/access-log): the
// government entity file, records, their history and marks, pages of list entries, commitments and stored check
// results - one audit event per request, indexed under each entity the read showed. The subject's own reads and
// the anonymous portal write nothing. Over HTTP on both databases.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openMark } from '../../src/flows/record-marks/index.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, } from '../../src/identifiers/index.js'
import { createApiKey, createUser, login } from '../../src/modules/access/index.js'
import {
  actor,
  COMPANY_USCC,
  type Fixture,
  OTHER_USCC,
  seedFixture,
  seedScopedRecords,
} from '../disclosure/fixtures.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const _rng = createRng(14015)
const PASSWORD = 'correct horse battery'
const PURPOSE = '行政许可事项信用审查'

interface Entry {
  eventId: string
  kind: string
  kindLabel: string
  what: string
  dept: string | null
  deptName: string | null
  role: string | null
  roleLabel: string | null
  purpose: string | null
  recordId: string | null
  checkId: string | null
  batchId: string | null
}

describeEachDialect('reads of non-public data in the access log', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let f: Fixture
  let rec: Record<string, string>
  const h: Record<string, Record<string, string>> = {}

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    f = await seedFixture(ctx)
    await seedScopedRecords(ctx)
    const rows = await ctx.db.selectFrom('records').select(['id', 'provider_key']).execute()
    rec = Object.fromEntries(rows.map((r) => [r.provider_key, r.id]))
    await openMark(ctx, actor, rec['PUB-GEN'] as string, { reason: '当事人提出异议' })

    app = await buildApp(ctx, { web: false })
    await app.ready()
    const key = async (role: string, dept?: string) => {
      const { key } = await createApiKey(ctx, actor, { role, ...(dept ? { dept } : {}), name: `${role}-${dept}` })
      return { authorization: `Bearer ${key}` }
    }
    h.czj = await key('consumer', 'tj-czj')
    h.provider = await key('provider', 'tj-scjg')
    h.operator = await key('operator')
    const session = async (username: string, role: string, entityId?: string) => {
      await createUser(ctx, actor, { username, role, password: PASSWORD, ...(entityId ? { entityId } : {}) })
      const s = await login(ctx, { username, password: PASSWORD, ip: '10.0.0.9' })
      return { cookie: `gx_session=${s.sessionToken}` }
    }
    h.company = await session('company', 'subject', f.ent.company)
    h.shop = await session('shop', 'subject', f.ent.shop)
    h.adult = await session('adult', 'subject', f.ent.adult)
    h.defaulter = await session('defaulter', 'subject', f.ent.defaulter)
    h.auditor = await session('auditor', 'auditor')
  })
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers })
  const withPurpose = (headers: Record<string, string> | undefined) => ({
    ...headers,
    'x-purpose': encodeURIComponent(PURPOSE),
  })
  const log = async (who: string): Promise<{ total: number; items: Entry[] }> => {
    const r = await get('/api/v1/me/access-log?pageSize=200', h[who])
    expect(r.statusCode, r.body).toBe(200)
    return r.json()
  }
  const events = async () =>
    Number(
      (
        await ctx.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const indexRows = async (eventId: string) =>
    (await ctx.db.selectFrom('audit_subjects').select('entity_id').where('audit_id', '=', eventId).execute())
      .map((r) => r.entity_id)
      .sort()

  /**
   * Runs `read` (expected 200) and answers the one new entry of `who`'s log; the request wrote exactly one event,
   * and no other subject in `untouched` got an entry.
   */
  const oneRead = async (who: string, read: () => ReturnType<typeof get>, untouched: string[] = []) => {
    const before = await log(who)
    const others = await Promise.all(untouched.map(async (u) => (await log(u)).total))
    const eventsBefore = await events()
    const r = await read()
    expect(r.statusCode, r.body).toBe(200)
    expect(await events()).toBe(eventsBefore + 1)
    const after = await log(who)
    expect(after.total).toBe(before.total + 1)
    expect(await Promise.all(untouched.map(async (u) => (await log(u)).total))).toEqual(others)
    return after.items[0] as Entry
  }
  const noWrite = async (read: () => ReturnType<typeof get>) => {
    const before = await events()
    const r = await read()
    expect(r.statusCode, r.body).toBe(200)
    expect(await events()).toBe(before)
  }

  describe('the entity file', () => {
    it('a department opening the government file without a purpose: 查阅信用档案, department and role', async () => {
      const e = await oneRead('company', () => get(`/api/v1/entities/${f.ent.company}/file`, h.czj), ['shop'])
      expect(e).toMatchObject({
        kind: 'entity_file',
        kindLabel: '查阅信用档案',
        what: '查阅信用档案（政务共享视图）',
        dept: 'tj-czj',
        deptName: '天津市财政局',
        role: 'consumer',
        roleLabel: '数据使用',
        purpose: null,
      })
      expect(await indexRows(e.eventId)).toEqual([f.ent.company])
    })

    it('a stated purpose is kept: the government view (provider) and the authorised view (one event each)', async () => {
      const gov = await oneRead('company', () => get(`/api/v1/entities/${f.ent.company}/file`, withPurpose(h.provider)))
      expect(gov).toMatchObject({ kind: 'entity_file', dept: 'tj-scjg', role: 'provider', purpose: PURPOSE })
      const auth = await oneRead('adult', () => get(`/api/v1/entities/${f.ent.adult}/file`, withPurpose(h.czj)))
      expect(auth).toMatchObject({
        kind: 'entity_file',
        what: '查阅信用档案（含授权查询范围的信用记录）',
        dept: 'tj-czj',
        purpose: PURPOSE,
      })
      const stored = await ctx.db
        .selectFrom('audit_events')
        .select(['action', 'details'])
        .where('id', '=', auth.eventId)
        .executeTakeFirstOrThrow()
      expect(stored.action).toBe('record.read_authorized')
      expect(JSON.parse(stored.details)).toMatchObject({ via: 'entity_file', records: [rec['AUTH-CS']] })
    })

    it('the subject opening its own file writes nothing', async () => {
      await noWrite(() => get(`/api/v1/entities/${f.ent.company}/file`, h.company))
      await noWrite(() => get('/api/v1/me/file', h.company))
    })
  })

  describe('records', () => {
    it('a record, its history and its marks: 查阅信用记录 with the record and the purpose', async () => {
      const id = rec['GOV-CONTRACT'] as string
      const one = await oneRead('company', () => get(`/api/v1/records/${id}`, h.czj), ['shop'])
      expect(one).toMatchObject({
        kind: 'record',
        kindLabel: '查阅信用记录',
        recordId: id,
        what: '查阅信用记录（政务共享视图）：contract_performance',
        dept: 'tj-czj',
        role: 'consumer',
        purpose: null,
      })
      const history = await oneRead('company', () => get(`/api/v1/records/${id}/history`, withPurpose(h.czj)))
      expect(history).toMatchObject({ kind: 'record', recordId: id, purpose: PURPOSE })
      expect(history.what).toContain('历史版本')
      const marks = await oneRead('company', () =>
        get(`/api/v1/records/${rec['PUB-GEN']}/marks`, withPurpose(h.operator)),
      )
      expect(marks).toMatchObject({ kind: 'record', recordId: rec['PUB-GEN'], role: 'operator', purpose: PURPOSE })
      expect(marks.what).toContain('异议标注')
    })

    it('an authorised record with a purpose stays record.read_authorized, one event', async () => {
      const e = await oneRead('adult', () => get(`/api/v1/records/${rec['AUTH-CS']}`, withPurpose(h.czj)))
      expect(e).toMatchObject({ kind: 'record', recordId: rec['AUTH-CS'], purpose: PURPOSE })
      expect(e.what).toContain('授权查询范围')
    })
  })

  describe('list entries', () => {
    it('a page of the black list is one event listed in the log of each entity on the page, and of no other', async () => {
      const before = { company: (await log('company')).total, defaulter: (await log('defaulter')).total }
      const others = { shop: (await log('shop')).total, adult: (await log('adult')).total }
      const eventsBefore = await events()
      const r = await get('/api/v1/lists/black/entries', withPurpose(h.czj))
      expect(r.statusCode, r.body).toBe(200)
      const page = r.json()
      expect(page.items.map((i: { entity: { id: string } }) => i.entity.id).sort()).toEqual(
        [f.ent.company, f.ent.defaulter].sort(),
      )
      expect(await events()).toBe(eventsBefore + 1)
      const company = await log('company')
      const defaulter = await log('defaulter')
      expect(company.total).toBe(before.company + 1)
      expect(defaulter.total).toBe(before.defaulter + 1)
      expect(company.items[0]).toMatchObject({
        kind: 'list',
        kindLabel: '查阅名单',
        what: '查阅黑名单条目（政务视图，本页 2 条）',
        dept: 'tj-czj',
        role: 'consumer',
        purpose: PURPOSE,
      })
      expect(defaulter.items[0]?.eventId).toBe(company.items[0]?.eventId)
      expect(await indexRows(company.items[0]?.eventId as string)).toEqual([f.ent.company, f.ent.defaulter].sort())
      expect({ shop: (await log('shop')).total, adult: (await log('adult')).total }).toEqual(others)
    })

    it('an empty page (or an empty proposal queue) writes nothing', async () => {
      await noWrite(() => get(`/api/v1/lists/red/entries?entityId=${f.ent.company}`, h.czj))
      await noWrite(() => get('/api/v1/lists/proposals', h.operator))
    })
  })

  describe('commitments', () => {
    it('a department reading the list and a commitment: 查阅信用承诺; the applicant’s own reads add nothing', async () => {
      const filed = await app.inject({
        method: 'POST',
        url: '/api/v1/commitments',
        headers: h.czj,
        payload: {
          subject: { uscc: COMPANY_USCC },
          type: 'voluntary',
          matter: '建筑工程施工许可',
          content: '本单位承诺所提交的申请材料真实有效。',
          dueOn: '2026-07-01',
          public: false,
        },
      })
      expect(filed.statusCode, filed.body).toBe(200)
      const id = filed.json().id as string
      const list = await oneRead('company', () => get('/api/v1/commitments', h.czj), ['shop'])
      expect(list).toMatchObject({
        kind: 'commitment',
        kindLabel: '查阅信用承诺',
        what: '查阅信用承诺列表（本页 1 条）',
        dept: 'tj-czj',
        role: 'consumer',
      })
      const one = await oneRead('company', () => get(`/api/v1/commitments/${id}`, withPurpose(h.czj)))
      expect(one).toMatchObject({ kind: 'commitment', what: '查阅信用承诺及其履约记录', purpose: PURPOSE })
      await noWrite(() => get('/api/v1/commitments', h.company))
      await noWrite(() => get(`/api/v1/commitments/${id}`, h.company))
    })
  })

  describe('stored check results', () => {
    it('a check receipt and a batch result (JSON, XLSX): 查阅核查结果 under each checked entity', async () => {
      const run = await app.inject({
        method: 'POST',
        url: '/api/v1/checks',
        headers: h.czj,
        payload: { subject: { uscc: COMPANY_USCC }, scenario: 'government_procurement', purpose: PURPOSE },
      })
      expect(run.statusCode, run.body).toBe(200)
      const checkId = run.json().checkId as string
      const receipt = await oneRead('company', () => get(`/api/v1/checks/${checkId}`, h.czj), ['shop'])
      expect(receipt).toMatchObject({
        kind: 'check_result',
        kindLabel: '查阅核查结果',
        what: '查阅联合奖惩核查回执',
        checkId,
        dept: 'tj-czj',
      })
      const batch = await app.inject({
        method: 'POST',
        url: '/api/v1/checks/batch',
        headers: h.czj,
        payload: {
          subjects: [{ uscc: COMPANY_USCC }, { uscc: OTHER_USCC }],
          scenario: 'government_procurement',
          purpose: PURPOSE,
        },
      })
      expect(batch.statusCode, batch.body).toBe(200)
      const batchId = batch.json().batchId as string
      const shopBefore = (await log('shop')).total
      const json = await oneRead('company', () => get(`/api/v1/checks/batch/${batchId}`, h.czj), ['adult'])
      expect(json).toMatchObject({ kind: 'check_result', batchId, dept: 'tj-czj' })
      expect(json.what).toBe('查阅批量联合奖惩核查结果：应用场景「政府采购」')
      expect(await indexRows(json.eventId)).toEqual([f.ent.company, f.ent.shop].sort())
      const xlsx = await oneRead('company', () => get(`/api/v1/checks/batch/${batchId}/result.xlsx`, h.czj))
      expect(xlsx.what).toContain('下载批量联合奖惩核查结果')
      expect((await log('shop')).total).toBe(shopBefore + 2)
    })
  })

  describe('what is not a read by somebody else', () => {
    it('the anonymous portal writes nothing', async () => {
      await noWrite(() => get(`/api/v1/public/entities/${f.ent.company}`))
      await noWrite(() => get(`/api/v1/public/records/${rec['PUB-GEN']}`))
      await noWrite(() => get('/api/v1/public/lists/court_defaulter'))
    })

    it('the auditor sees the same entries with the acting account', async () => {
      const r = await get(`/api/v1/entities/${f.ent.company}/access-log?pageSize=200`, h.auditor)
      expect(r.statusCode, r.body).toBe(200)
      const kinds = new Set(r.json().items.map((e: Entry) => e.kind))
      for (const k of ['entity_file', 'record', 'list', 'commitment', 'check_result']) expect(kinds).toContain(k)
    })
  })
})
