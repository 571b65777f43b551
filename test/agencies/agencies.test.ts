// Credit agencies (信用服务机构) over HTTP on both databases: the registry (备案) and its refusals, agency principals,
// reads bound to the subject's grant (scopes, in force, revoked, expired), each read in the subject's access log, a
// suspended or cancelled agency reading nothing, and repairs and revocations pushed - in the change's transaction -
// only to the agencies that read the subject within 12 months, by pull feed and inbox.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand } from '../../src/core/command.js'
import { runIngest } from '../../src/flows/ingest/index.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { createUser } from '../../src/modules/access/index.js'
import { getRecordRow, repairRecordIn, revokeRecord } from '../../src/modules/records/index.js'
import {
  ADULT_ID,
  actor,
  COMPANY_NAME,
  COMPANY_USCC,
  type Fixture,
  OTHER_USCC,
  SHOP_NAME,
  seedFixture,
  seedScopedRecords,
} from '../disclosure/fixtures.js'
import { rowsOf } from '../ingest/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { bearerKey, loginAs, PASSWORD } from '../support/people.js'

const rng = createRng(17004)
const PURPOSE = '企业信用评级'
const purpose = { 'x-purpose': encodeURIComponent(PURPOSE) }
const agencyUscc = () => generateUscc(rng, { dept: '9', category: '1', region: '120104' })

interface Agency {
  id: string
  entityId: string
  uscc: string
  name: string
  filingNo: string
  status: string
}

describeEachDialect('credit agencies (信用服务机构)', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let f: Fixture
  const h: Record<string, Record<string, string>> = {}
  const usccA = agencyUscc()

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    f = await seedFixture(ctx)
    await seedScopedRecords(ctx)
    app = await buildApp(ctx, { web: false })
    await app.ready()
    h.operator = await bearerKey(ctx, 'operator')
    h.consumer = await bearerKey(ctx, 'consumer', 'tj-czj')
    for (const [name, entityId] of [
      ['company', f.ent.company],
      ['adult', f.ent.adult],
    ] as const)
      await createUser(ctx, actor, { username: name, role: 'subject', password: PASSWORD, entityId })
    await login()
  })
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  /** Subject sessions (again after the clock moved: sessions end after idle time). */
  async function login() {
    h.company = await loginAs(app, 'company')
    h.adult = await loginAs(app, 'adult')
  }

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) })
  const register = (payload: object, headers = h.operator) => call('POST', '/api/v1/agencies', headers, payload)
  const registered = async (payload: object): Promise<Agency> => {
    const r = await register(payload)
    expect(r.statusCode, r.body).toBe(201)
    return r.json()
  }
  const newKey = async (agencyId: string): Promise<Record<string, string>> => {
    const r = await call('POST', `/api/v1/agencies/${agencyId}/keys`, h.operator, { name: 'test key' })
    expect(r.statusCode, r.body).toBe(201)
    return { authorization: `Bearer ${r.json().key}` }
  }
  const grant = async (who: string, grantee: string, scopes: string[], until = '2026-12-31') => {
    const r = await call('POST', '/api/v1/me/authorizations', h[who] as Record<string, string>, {
      grantee,
      scopes,
      until,
    })
    expect(r.statusCode, r.body).toBe(201)
    return r.json() as { id: string }
  }
  const read = (headers: Record<string, string>, subject: string, query = '', withPurpose = true) =>
    call('GET', `/api/v1/agency/subjects/${subject}/records${query}`, { ...headers, ...(withPurpose ? purpose : {}) })
  const docsOf = (body: { records: { documentNo: string | null }[] }) => body.records.map((r) => r.documentNo).sort()
  const errorOf = (r: { json(): unknown }) => (r.json() as { error: { code: string } }).error.code
  const accessLog = async (who: string) => {
    const r = await call('GET', '/api/v1/me/access-log?pageSize=200', h[who] as Record<string, string>)
    expect(r.statusCode, r.body).toBe(200)
    return (r.json() as { items: { kind: string; what: string; purpose: string | null; role: string | null }[] }).items
  }
  const auditCount = async (action: string) =>
    Number(
      (
        await ctx.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    )

  let A: Agency
  let keyA: Record<string, string>

  describe('registry (备案)', () => {
    it('registers an agency, registering its entity when the USCC is unknown, audited in one transaction', async () => {
      const entities = await auditCount('entity.create')
      A = await registered({
        uscc: usccA,
        name: '天津市诚信信用评级有限公司',
        filingNo: '津信服备〔2026〕001号',
        businessScope: '信用评级、信用报告、信用管理咨询',
        filedOn: '2026-05-20',
      })
      expect(A).toMatchObject({
        uscc: usccA,
        name: '天津市诚信信用评级有限公司',
        filingNo: '津信服备〔2026〕001号',
        businessScope: '信用评级、信用报告、信用管理咨询',
        filedOn: '2026-05-20',
        status: 'filed',
        statusLabel: '备案',
        statusReason: null,
      })
      const entity = await ctx.db
        .selectFrom('entities')
        .select(['id', 'name', 'kind'])
        .where('uscc', '=', usccA)
        .executeTakeFirstOrThrow()
      expect(entity).toEqual({ id: A.entityId, name: '天津市诚信信用评级有限公司', kind: 'legal_person' })
      expect(await auditCount('entity.create')).toBe(entities + 1)
      expect(await auditCount('agency.register')).toBe(1)
      // its own credit file: the entity is an entity like any other
      const file = await call('GET', `/api/v1/entities/${A.entityId}`, h.operator)
      expect(file.statusCode, file.body).toBe(200)
    })

    it('links an agency to the entity that holds its USCC already (its name is the entity’s)', async () => {
      const B = await registered({ uscc: OTHER_USCC, filingNo: '津信服备〔2026〕002号', businessScope: '信用管理咨询' })
      expect(B).toMatchObject({ entityId: f.ent.shop, name: SHOP_NAME, uscc: OTHER_USCC, status: 'filed' })
    })

    it('refuses a bad USCC, a missing name, a duplicate filing number or USCC, a bad status, non-operators', async () => {
      const base = { businessScope: '信用评级', filingNo: '津信服备〔2026〕099号' }
      let r = await register({ ...base, uscc: '91120000MA05X0000X', name: '某公司' })
      expect([r.statusCode, errorOf(r)]).toEqual([400, 'agency.bad_uscc'])
      r = await register({ ...base, uscc: ADULT_ID, name: '某公司' })
      expect([r.statusCode, errorOf(r)]).toEqual([400, 'agency.bad_uscc'])
      expect(r.body).not.toContain(ADULT_ID)
      r = await register({ ...base, uscc: agencyUscc() })
      expect([r.statusCode, errorOf(r)]).toEqual([400, 'agency.bad_name'])
      // the same filing number, typed with full-width digits, is the same number
      r = await register({ ...base, uscc: agencyUscc(), name: '某公司', filingNo: '津信服备〔２０２６〕００１号' })
      expect([r.statusCode, errorOf(r)]).toEqual([409, 'agency.filing_exists'])
      r = await register({ ...base, uscc: usccA, name: '某公司' })
      expect([r.statusCode, errorOf(r)]).toEqual([409, 'agency.exists'])
      r = await register({ ...base, uscc: agencyUscc(), name: '某公司', status: 'active' })
      expect([r.statusCode, errorOf(r)]).toEqual([400, 'agency.bad_status'])
      r = await register({ ...base, uscc: agencyUscc(), name: '某公司', filingNo: '津 001' })
      expect([r.statusCode, errorOf(r)]).toEqual([400, 'agency.bad_filing_no'])
      r = await register({ ...base, uscc: agencyUscc(), name: '某公司', businessScope: '  ' })
      expect([r.statusCode, errorOf(r)]).toEqual([400, 'agency.bad_business_scope'])
      r = await register({ ...base, uscc: agencyUscc(), name: '某公司' }, h.consumer)
      expect([r.statusCode, errorOf(r)]).toEqual([403, 'access.forbidden'])
      r = await register({ ...base, uscc: agencyUscc(), name: '某公司' }, {})
      expect(r.statusCode).toBe(401)
      // nothing of the refused ones was stored
      expect(await ctx.db.selectFrom('agencies').select('filing_no').orderBy('filing_no').execute()).toEqual([
        { filing_no: '津信服备〔2026〕001号' },
        { filing_no: '津信服备〔2026〕002号' },
      ])
    })

    it('lists (by filing number, by status), shows one, changes status along the allowed paths only', async () => {
      const C = await registered({
        uscc: agencyUscc(),
        name: '天津市测试征信有限公司',
        filingNo: '津信服备〔2026〕003号',
        businessScope: '企业征信',
      })
      let r = await call('GET', '/api/v1/agencies', h.operator)
      expect(r.statusCode, r.body).toBe(200)
      expect((r.json().items as Agency[]).map((a) => a.filingNo)).toEqual([
        '津信服备〔2026〕001号',
        '津信服备〔2026〕002号',
        '津信服备〔2026〕003号',
      ])
      const status = (id: string, payload: object) => call('PUT', `/api/v1/agencies/${id}/status`, h.operator, payload)
      r = await status(C.id, { status: 'suspended' })
      expect([r.statusCode, errorOf(r)]).toEqual([400, 'agency.reason_required'])
      r = await status(C.id, { status: 'suspended', reason: '年度报告未按期报送' })
      expect(r.statusCode, r.body).toBe(200)
      expect(r.json()).toMatchObject({ status: 'suspended', statusLabel: '暂停', statusReason: '年度报告未按期报送' })
      r = await call('GET', '/api/v1/agencies?status=suspended', h.operator)
      expect((r.json().items as Agency[]).map((a) => a.id)).toEqual([C.id])
      r = await status(C.id, { status: 'suspended', reason: '再次暂停' })
      expect([r.statusCode, errorOf(r)]).toEqual([409, 'agency.bad_transition'])
      r = await status(C.id, { status: 'filed' })
      expect(r.json()).toMatchObject({ status: 'filed', statusReason: null })
      r = await status(C.id, { status: 'cancelled', reason: '机构申请注销' })
      expect(r.json()).toMatchObject({ status: 'cancelled', statusLabel: '注销' })
      r = await status(C.id, { status: 'filed' })
      expect([r.statusCode, errorOf(r)]).toEqual([409, 'agency.bad_transition'])
      expect(await auditCount('agency.status')).toBe(3)
      r = await call('GET', `/api/v1/agencies/${C.id}`, h.operator)
      expect(r.json()).toMatchObject({ id: C.id, status: 'cancelled', principals: [], subjectsRead: 0 })
      r = await call('GET', '/api/v1/agencies/0190aaaa-0000-7000-8000-000000000000', h.operator)
      expect([r.statusCode, errorOf(r)]).toEqual([404, 'agency.not_found'])
    })
  })

  describe('principals', () => {
    it('an agency key and an agency user belong to the agency; other roles and taken principals are refused', async () => {
      keyA = await newKey(A.id)
      await createUser(ctx, actor, { username: 'agency-a', role: 'agency', password: PASSWORD })
      await createUser(ctx, actor, { username: 'clerk', role: 'consumer', dept: 'tj-czj', password: PASSWORD })
      const ids = Object.fromEntries(
        (await ctx.db.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]),
      )
      // unbound, an agency user reads nothing
      const unbound = await loginAs(app, 'agency-a')
      let r = await read(unbound, f.ent.company)
      expect([r.statusCode, errorOf(r)]).toEqual([403, 'agency.not_registered'])
      r = await call('POST', `/api/v1/agencies/${A.id}/principals`, h.operator, { userId: ids.clerk as string })
      expect([r.statusCode, errorOf(r)]).toEqual([400, 'agency.principal_role'])
      r = await call('POST', `/api/v1/agencies/${A.id}/principals`, h.operator, { userId: ids['agency-a'] as string })
      expect(r.statusCode, r.body).toBe(200)
      expect((r.json().principals as { kind: string; name: string }[]).map((p) => [p.kind, p.name]).sort()).toEqual([
        ['api_key', 'test key'],
        ['user', 'agency-a'],
      ])
      const B = ((await call('GET', '/api/v1/agencies', h.operator)).json().items as Agency[])[1] as Agency
      expect(B.name).toBe(SHOP_NAME)
      r = await call('POST', `/api/v1/agencies/${B.id}/principals`, h.operator, { userId: ids['agency-a'] as string })
      expect([r.statusCode, errorOf(r)]).toEqual([409, 'agency.principal_taken'])
      // the user's own registration, seen by itself
      r = await call('GET', '/api/v1/agency', await loginAs(app, 'agency-a'))
      expect(r.json()).toMatchObject({ id: A.id, filingNo: A.filingNo, status: 'filed' })
      // taken out again: it reads nothing
      r = await call('DELETE', `/api/v1/agencies/${A.id}/principals/${ids['agency-a']}`, h.operator)
      expect(r.json().principals).toHaveLength(1)
      expect(await auditCount('agency.principal_add')).toBe(2)
      expect(await auditCount('agency.principal_remove')).toBe(1)
      r = await call('GET', '/api/v1/agency', await loginAs(app, 'agency-a'))
      expect([r.statusCode, errorOf(r)]).toEqual([403, 'agency.not_registered'])
    })
  })

  describe('reads bound to the subject’s grant', () => {
    it('no grant: 404; a grant of one class: that class only, other classes refused; a purpose always', async () => {
      let r = await read(keyA, f.ent.company)
      expect([r.statusCode, errorOf(r)]).toEqual([404, 'agency.no_grant'])
      // an unknown subject answers the same
      r = await read(keyA, '0190aaaa-0000-7000-8000-000000000000')
      expect([r.statusCode, errorOf(r)]).toEqual([404, 'agency.no_grant'])
      const g = await grant('company', A.uscc, ['record.admin_penalty'])
      r = await read(keyA, f.ent.company)
      expect(r.statusCode, r.body).toBe(200)
      const body = r.json()
      expect(body).toMatchObject({
        purpose: PURPOSE,
        agency: { id: A.id, name: A.name, filingNo: A.filingNo },
        entity: { id: f.ent.company, name: COMPANY_NAME, uscc: COMPANY_USCC },
        grants: [{ id: g.id, scopes: ['record.admin_penalty'] }],
        granted: ['record.admin_penalty'],
        classes: ['admin_penalty'],
      })
      // in force only: the revoked (PUB-REV) and expired (PUB-OLD) penalties are not; the court defaulter entry and the
      // government contract are other classes
      expect(docsOf(body)).toEqual(['PUB-GEN', 'PUB-MINOR', 'PUB-SER'])
      // by USCC too
      r = await read(keyA, COMPANY_USCC)
      expect(docsOf(r.json())).toEqual(['PUB-GEN', 'PUB-MINOR', 'PUB-SER'])
      r = await read(keyA, f.ent.company, '?classes=court_defaulter')
      expect([r.statusCode, errorOf(r)]).toEqual([403, 'agency.scope_not_granted'])
      r = await read(keyA, f.ent.company, '?classes=no_such_class')
      expect([r.statusCode, errorOf(r)]).toEqual([400, 'agency.unknown_class'])
      r = await read(keyA, f.ent.company, '', false)
      expect([r.statusCode, errorOf(r)]).toEqual([400, 'access.purpose_required'])
      // other roles do not use this route
      r = await read(h.consumer, f.ent.company)
      expect([r.statusCode, errorOf(r)]).toEqual([403, 'access.forbidden'])
      // the grant counted its uses
      const grants = (await call('GET', '/api/v1/me/authorizations', h.company)).json().items as {
        id: string
        uses: number
      }[]
      expect(grants.find((x) => x.id === g.id)?.uses).toBe(2)
    })

    it('record.all: every class in force, 政务共享 and 授权查询 ones too, ID numbers masked', async () => {
      await grant('company', A.id, ['record.all'])
      let r = await read(keyA, f.ent.company)
      expect(r.json().granted).toEqual(['record.admin_penalty', 'record.all'])
      expect(r.json().classes).toBeNull()
      expect(docsOf(r.json())).toEqual(['CD-ORG', 'GOV-CONTRACT', 'PUB-GEN', 'PUB-MINOR', 'PUB-SER'])
      r = await read(keyA, f.ent.company, '?classes=court_defaulter')
      expect(docsOf(r.json())).toEqual(['CD-ORG'])
      await grant('adult', A.uscc, ['record.civil_servant_integrity'])
      r = await read(keyA, f.ent.adult)
      expect(r.statusCode, r.body).toBe(200)
      expect(docsOf(r.json())).toEqual(['AUTH-CS'])
      expect(r.body).not.toContain(ADULT_ID)
    })

    it('each read is one event in the subject’s access log with the purpose and the agency', async () => {
      const log = (await accessLog('company')).filter((e) => e.kind === 'agency_read')
      // two reads with one grant, two with record.all (the refused ones are not reads)
      expect(log).toHaveLength(4)
      for (const e of log) {
        expect(e.purpose).toBe(PURPOSE)
        expect(e.role).toBe('agency')
        expect(e.what).toContain(`信用服务机构「${A.name}」（备案编号 ${A.filingNo}）经本主体授权查询信用记录`)
      }
      expect(log.map((e) => /本次 (\d+) 条/.exec(e.what)?.[1])).toEqual(['1', '5', '3', '3'])
      expect((await accessLog('adult')).filter((e) => e.kind === 'agency_read')).toHaveLength(1)
      expect(await auditCount('agency.read')).toBe(5)
    })

    it('a revoked or expired grant reads nothing', async () => {
      const grants = (await call('GET', '/api/v1/me/authorizations', h.company)).json().items as {
        id: string
        scopes: string[]
      }[]
      const all = grants.find((g) => g.scopes.includes('record.all')) as { id: string }
      let r = await call('POST', `/api/v1/me/authorizations/${all.id}/revoke`, h.company)
      expect(r.statusCode, r.body).toBe(200)
      // the one-class grant is still in force
      r = await read(keyA, f.ent.company)
      expect(r.json().granted).toEqual(['record.admin_penalty'])
      r = await read(keyA, f.ent.company, '?classes=court_defaulter')
      expect([r.statusCode, errorOf(r)]).toEqual([403, 'agency.scope_not_granted'])
      // the adult's grant runs until 2026-12-31 (24:00 in Shanghai): one second later it is over
      ctx.clock.set('2026-12-31T16:00:01Z')
      r = await read(keyA, f.ent.adult)
      expect([r.statusCode, errorOf(r)]).toEqual([404, 'agency.no_grant'])
      ctx.clock.set('2026-06-01T02:00:00Z')
      await login()
    })

    it('a suspended or cancelled agency’s principals read nothing, a reinstated one reads again', async () => {
      const status = (payload: object) => call('PUT', `/api/v1/agencies/${A.id}/status`, h.operator, payload)
      expect((await status({ status: 'suspended', reason: '接受检查' })).statusCode).toBe(200)
      let r = await read(keyA, f.ent.company)
      expect([r.statusCode, errorOf(r)]).toEqual([403, 'agency.suspended'])
      r = await call('GET', '/api/v1/agency/updates', keyA)
      expect([r.statusCode, errorOf(r)]).toEqual([403, 'agency.suspended'])
      // nor through a credit report issued with the grant
      r = await call(
        'POST',
        '/api/v1/reports',
        { ...keyA, ...purpose },
        { kind: 'full', subject: { entityId: f.ent.company } },
      )
      expect([r.statusCode, errorOf(r)]).toEqual([403, 'agency.suspended'])
      // its own registration it still sees, with the reason
      r = await call('GET', '/api/v1/agency', keyA)
      expect(r.json()).toMatchObject({ status: 'suspended', statusReason: '接受检查' })
      expect((await status({ status: 'filed' })).statusCode).toBe(200)
      r = await read(keyA, f.ent.company)
      expect(r.statusCode).toBe(200)
    })
  })

  describe('repairs and revocations pushed to the agencies that read the subject in 12 months', () => {
    let P1: Agency
    let P2: Agency
    let P3: Agency
    const keys: Record<string, Record<string, string>> = {}
    const feed = async (key: Record<string, string>, after?: string) => {
      const r = await call('GET', `/api/v1/agency/updates${after === undefined ? '' : `?after=${after}`}`, key)
      expect(r.statusCode, r.body).toBe(200)
      return r.json() as {
        items: { id: string; cursor: string; type: string; entityId: string; data: Record<string, unknown> }[]
        next: string
        more: boolean
      }
    }

    it('notes who read whom', async () => {
      for (const [n, name] of [
        ['P1', '天津市甲信用管理有限公司'],
        ['P2', '天津市乙信用管理有限公司'],
        ['P3', '天津市丙信用管理有限公司'],
      ] as const) {
        const a = await registered({
          uscc: agencyUscc(),
          name,
          filingNo: `津信服备〔2026〕1${n.slice(1)}0号`,
          businessScope: '信用管理咨询',
        })
        keys[n] = await newKey(a.id)
        if (n === 'P1') P1 = a
        else if (n === 'P2') P2 = a
        else P3 = a
      }
      await grant('company', P1.uscc, ['record.all'])
      await grant('company', P2.uscc, ['record.court_defaulter'])
      await grant('adult', P3.uscc, ['record.all'])
      expect((await read(keys.P1 as Record<string, string>, f.ent.company)).statusCode).toBe(200)
      expect((await read(keys.P2 as Record<string, string>, f.ent.company)).statusCode).toBe(200)
      expect((await read(keys.P3 as Record<string, string>, f.ent.adult)).statusCode).toBe(200)
      const detail = await call('GET', `/api/v1/agencies/${P1.id}`, h.operator)
      expect(detail.json().subjectsRead).toBe(1)
      expect((await feed(keys.P1 as Record<string, string>)).items).toEqual([])
    })

    it('a repair that rolls back pushes nothing; a repair that commits is pushed to the reader of its class only', async () => {
      ctx.clock.set('2026-09-01T02:00:00Z')
      const gen = await getRecordRow(ctx.db, f.rec['PUB-GEN'] as string)
      await expect(
        runCommand(ctx, actor, async ({ ctx: tctx, trx }) => {
          await repairRecordIn(tctx, trx, actor, gen.id, gen.version, '已履行', { caseId: 'c-0', caseNumber: 'XF-0' })
          throw new Error('rolled back')
        }),
      ).rejects.toThrow('rolled back')
      expect(await ctx.db.selectFrom('agency_updates').selectAll().execute()).toEqual([])
      await runCommand(ctx, actor, ({ ctx: tctx, trx }) =>
        repairRecordIn(tctx, trx, actor, gen.id, gen.version, '已履行', { caseId: 'c-1', caseNumber: 'XF-1' }),
      )
      // A read the company too (its one-class grant covers penalties): it is told as well
      const p1 = await feed(keys.P1 as Record<string, string>)
      expect(p1.items).toHaveLength(1)
      expect(p1.items[0]).toMatchObject({
        type: 'record.repaired',
        entityId: f.ent.company,
        occurredAt: '2026-09-01T02:00:00.000Z',
        data: {
          recordId: gen.id,
          class: 'admin_penalty',
          documentNo: 'PUB-GEN',
          entityName: COMPANY_NAME,
          version: gen.version + 1,
        },
      })
      expect((await feed(keyA)).items.map((i) => i.data.documentNo)).toEqual(['PUB-GEN'])
      // P2 was shown court defaulter entries only, P3 read another subject
      expect((await feed(keys.P2 as Record<string, string>)).items).toEqual([])
      expect((await feed(keys.P3 as Record<string, string>)).items).toEqual([])
    })

    it('revocations through the pipeline and the records module are pushed; the feed pages by cursor, at least once', async () => {
      // P2 is suspended: the update is kept for it (pulled once reinstated), no inbox notice
      expect(
        (await call('PUT', `/api/v1/agencies/${P2.id}/status`, h.operator, { status: 'suspended', reason: '检查' }))
          .statusCode,
      ).toBe(200)
      const revoked = await runIngest(ctx, actor, {
        classCode: 'court_defaulter',
        dept: 'tj-fy',
        channel: 'api',
        ...rowsOf([
          {
            case_no: 'CD-ORG',
            subject_name: COMPANY_NAME,
            subject_category: '法人及非法人组织',
            uscc: COMPANY_USCC,
            legal_rep: '王五',
            court: '天津市和平区人民法院',
            basis_doc_no: '（2025）津0101民初1号',
            basis_issuer: '天津市和平区人民法院',
            obligation: '支付货款人民币十万元',
            performance: '全部未履行',
            conduct: '有履行能力而拒不履行生效法律文书确定义务',
            filed_on: '2026-01-05',
            published_on: '2026-04-01',
            _op: 'revoke',
            _reason: '已全部履行',
          },
        ]),
      })
      expect(revoked.accepted, JSON.stringify(revoked)).toBe(1)
      expect((await call('PUT', `/api/v1/agencies/${P2.id}/status`, h.operator, { status: 'filed' })).statusCode).toBe(
        200,
      )
      const p2 = await feed(keys.P2 as Record<string, string>)
      expect(p2.items.map((i) => [i.type, i.data.documentNo])).toEqual([['record.revoked', 'CD-ORG']])
      await revokeRecord(ctx, actor, f.rec['PUB-SER'] as string, '处罚决定被复议撤销')
      const p1 = await feed(keys.P1 as Record<string, string>)
      expect(p1.items.map((i) => [i.type, i.data.documentNo])).toEqual([
        ['record.repaired', 'PUB-GEN'],
        ['record.revoked', 'CD-ORG'],
        ['record.revoked', 'PUB-SER'],
      ])
      const cursors = p1.items.map((i) => Number(i.cursor))
      expect([...cursors].sort((a, b) => a - b)).toEqual(cursors)
      // pages
      const first = (await call('GET', '/api/v1/agency/updates?limit=2', keys.P1 as Record<string, string>)).json()
      expect(first.items.map((i: { id: string }) => i.id)).toEqual(p1.items.slice(0, 2).map((i) => i.id))
      expect(first.more).toBe(true)
      const rest = await feed(keys.P1 as Record<string, string>, first.next)
      expect(rest.items.map((i) => i.id)).toEqual([p1.items[2]?.id])
      expect((await feed(keys.P1 as Record<string, string>, rest.next)).items).toEqual([])
      // the same cursor answers the same updates
      expect((await feed(keys.P1 as Record<string, string>, first.next)).items.map((i) => i.id)).toEqual([
        p1.items[2]?.id,
      ])
      const bad = await call('GET', '/api/v1/agency/updates?after=abc', keys.P1 as Record<string, string>)
      expect([bad.statusCode, errorOf(bad)]).toEqual([400, 'agency.bad_cursor'])
      // P3 never read the company
      expect((await feed(keys.P3 as Record<string, string>)).items).toEqual([])
    })

    it('filed agencies find the updates in their inbox; the subject sees the pulls in its access log', async () => {
      const inbox = (await call('GET', '/api/v1/me/inbox?pageSize=50', keys.P1 as Record<string, string>)).json()
      expect(inbox.items.map((n: { topic: string }) => n.topic).sort()).toEqual([
        'agency.record.repaired',
        'agency.record.revoked',
        'agency.record.revoked',
      ])
      expect(inbox.items.map((n: { title: string }) => n.title)).toContain(`信用修复：${COMPANY_NAME}`)
      // P2 was suspended when CD-ORG was revoked: the update is in its feed, not in its inbox
      expect((await call('GET', '/api/v1/me/inbox', keys.P2 as Record<string, string>)).json().items).toEqual([])
      // another agency's notices are not in P3's inbox
      expect((await call('GET', '/api/v1/me/inbox', keys.P3 as Record<string, string>)).json().items).toEqual([])
      await login()
      const pulls = (await accessLog('company')).filter((e) => e.kind === 'agency_updates')
      expect(pulls.length).toBeGreaterThan(0)
      expect(pulls.some((e) => e.what.includes(`信用服务机构「${P1.name}」`))).toBe(true)
    })

    it('an agency that last read the subject more than 12 months ago is not told', async () => {
      // P1 and P2 last read the company on 2026-06-01; A read it again on 2026-06-01 too. A reads it now (2027-05-20,
      // with a new grant); on 2027-06-15 only A read it within 12 months.
      ctx.clock.set('2027-05-20T02:00:00Z')
      await login()
      await grant('company', A.uscc, ['record.all'], '2027-12-31')
      expect((await read(keyA, f.ent.company)).statusCode).toBe(200)
      ctx.clock.set('2027-06-15T02:00:00Z')
      const before1 = (await feed(keys.P1 as Record<string, string>)).items.length
      const before2 = (await feed(keys.P2 as Record<string, string>)).items.length
      const beforeA = (await feed(keyA)).items.length
      await revokeRecord(ctx, actor, f.rec['PUB-MINOR'] as string, '处罚决定被撤销')
      expect((await feed(keys.P1 as Record<string, string>)).items).toHaveLength(before1)
      expect((await feed(keys.P2 as Record<string, string>)).items).toHaveLength(before2)
      const a = (await feed(keyA)).items
      expect(a).toHaveLength(beforeA + 1)
      expect(a.at(-1)).toMatchObject({ type: 'record.revoked', data: { documentNo: 'PUB-MINOR' } })
      // a cancelled agency reads nothing and is told nothing more
      expect(
        (await call('PUT', `/api/v1/agencies/${A.id}/status`, h.operator, { status: 'cancelled', reason: '注销' }))
          .statusCode,
      ).toBe(200)
      const r = await read(keyA, f.ent.company)
      expect([r.statusCode, errorOf(r)]).toEqual([403, 'agency.cancelled'])
      const count = async () =>
        Number(
          (
            await ctx.db
              .selectFrom('agency_updates')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        )
      const before = await count()
      const contract = await ctx.db
        .selectFrom('records')
        .select('id')
        .where('provider_key', '=', 'GOV-CONTRACT')
        .executeTakeFirstOrThrow()
      await revokeRecord(ctx, actor, contract.id, '合同纠纷已和解')
      expect(await count()).toBe(before)
    })
  })
})
