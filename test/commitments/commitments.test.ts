import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listDepartments, principalActor } from '../../src/modules/access/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { reload } from '../../src/modules/commitments/index.js'
import { createEntity, type Entity } from '../../src/modules/entities/index.js'
import { findBatch, recordsOfEntity } from '../../src/modules/records/index.js'
import { breachCommitment, RecordSubjects } from '../../src/flows/commitments/index.js'
import { breachValues, ingestOne } from '../../src/flows/commitments/commitment-records.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { Interrupted, interruptedAt } from '../support/interrupt.js'
import { admin, bearer, companyUscc, login, seedDepts, subjectLogin, testApp } from './helpers.js'

const PERSON_ID = '11010519491231002X'

describeEachDialect('commitments: filing, fulfilment, breach, review', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let czj: Record<string, string>
  let scjg: Record<string, string>
  let operator: Record<string, string>
  let applicant: Record<string, string>
  let company: Entity
  let other: Entity
  let person: Entity
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepts(ctx)
    company = await createEntity(ctx, admin, {
      kind: 'legal_person',
      name: '天津市测试承诺建材有限公司',
      uscc: companyUscc(),
      legalRep: '王五',
      district: '120116',
    })
    other = await createEntity(ctx, admin, {
      kind: 'legal_person',
      name: '天津市测试别家商贸有限公司',
      uscc: companyUscc(),
      legalRep: '赵六',
      district: '120116',
    })
    person = await createEntity(ctx, admin, { kind: 'natural_person', name: '张三', idNumber: PERSON_ID })
    czj = await bearer(ctx, 'consumer', 'tj-czj')
    scjg = await bearer(ctx, 'provider', 'tj-scjg')
    operator = await bearer(ctx, 'operator')
    app = await testApp(ctx)
    applicant = await subjectLogin(ctx, app, 'applicant', company.id)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const post = (headers: Record<string, string>, url: string, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url, headers, payload })
  const get = (headers: Record<string, string>, url: string) => app.inject({ method: 'GET', url, headers })
  const recordsOf = async (entityId: string, cls: string) =>
    (await recordsOfEntity(ctx.db, entityId)).filter((r) => r.class_code === cls)
  const publicFile = async (entityId: string) => get({}, `/api/v1/public/entities/${entityId}`)
  type PublicRec = { id: string; class: string; fields: { code: string; value: unknown }[] }
  const publicRecords = async (entityId: string): Promise<PublicRec[]> => {
    const r = await publicFile(entityId)
    expect(r.statusCode, r.body).toBe(200)
    return (r.json().categories as { records: PublicRec[] }[]).flatMap((c) => c.records)
  }
  const fieldOf = (r: PublicRec | undefined, code: string) => r?.fields.find((f) => f.code === code)?.value

  describe('filing', () => {
    it('a department files a 告知承诺 for an applicant: stored, published as a commitment record, history kept', async () => {
      const r = await post(czj, '/api/v1/commitments', {
        subject: { uscc: company.uscc },
        type: 'notify_commit',
        matter: '建筑工程施工许可（告知承诺制）',
        matterCode: 'XK-2026-001',
        content: '本单位承诺所提交的申请材料真实有效，并在 30 日内补交消防验收意见。',
        dueOn: '2026-07-01',
        number: '津财承诺〔2026〕1号',
      })
      expect(r.statusCode, r.body).toBe(200)
      const c = r.json()
      ids.notify = c.id
      expect(c).toMatchObject({
        number: '津财承诺〔2026〕1号',
        entity: { id: company.id, name: company.name, uscc: company.uscc },
        type: 'notify_commit',
        typeLabel: '告知承诺（审批替代）',
        dept: 'tj-czj',
        deptName: '测试部门 tj-czj',
        filedOn: '2026-06-01',
        dueOn: '2026-07-01',
        public: true,
        status: 'filed',
        statusLabel: '履约中',
        filedBy: 'dept',
        overdue: false,
        breachRecordId: null,
      })
      expect(c.history.map((h: { op: string; status: string }) => [h.op, h.status])).toEqual([
        ['file', 'filed'],
        ['publish', 'filed'],
      ])
      const recs = await recordsOf(company.id, 'commitment')
      expect(recs).toHaveLength(1)
      expect(c.recordId).toBe(recs[0]?.id)
      expect(recs[0]).toMatchObject({ provider_dept: 'tj-czj', document_no: '津财承诺〔2026〕1号', state: 'active' })
      const batch = await findBatch(ctx.db, recs[0]?.batch_id as string)
      expect(batch).toMatchObject({ channel: 'flow', dept_code: 'tj-czj', accepted: 1 })
    })

    it('the public commitment shows on the public entity file with 履约状态 履约中', async () => {
      const recs = await publicRecords(company.id)
      const rec = recs.find((x) => x.class === 'commitment')
      expect(rec?.id).toBe((await recordsOf(company.id, 'commitment'))[0]?.id)
      expect(fieldOf(rec, 'fulfilment_status')).toBe('履约中')
      expect(fieldOf(rec, 'commitment_type')).toBe('告知承诺')
      expect(fieldOf(rec, 'due_date')).toBe('2026-07-01')
    })

    it('the applicant files for itself to a named department; not for another entity, not without a department', async () => {
      const ok = await post(applicant, '/api/v1/commitments', {
        type: 'voluntary',
        matter: '食品经营许可',
        content: '本单位承诺依法诚信经营，不销售过期食品。',
        dept: 'tj-scjg',
      })
      expect(ok.statusCode, ok.body).toBe(200)
      ids.voluntary = ok.json().id
      expect(ok.json()).toMatchObject({
        filedBy: 'applicant',
        dept: 'tj-scjg',
        entity: { id: company.id },
        public: true,
      })
      expect(ok.json().number).toMatch(/^CN-20260601-[0-9A-F]{8}$/)
      const foreign = await post(applicant, '/api/v1/commitments', {
        subject: { uscc: other.uscc },
        type: 'voluntary',
        matter: '食品经营许可',
        content: '替他人承诺',
        dept: 'tj-scjg',
      })
      expect(foreign.statusCode).toBe(403)
      expect(foreign.json().error.code).toBe('commitments.not_own_entity')
      const noDept = await post(applicant, '/api/v1/commitments', {
        type: 'voluntary',
        matter: '食品经营许可',
        content: '承诺内容',
      })
      expect(noDept.statusCode).toBe(422)
      expect(noDept.json().error).toMatchObject({ code: 'commitments.dept_required' })
      expect(noDept.json().error.message).toMatch(/受理部门/)
      const unknown = await post(applicant, '/api/v1/commitments', {
        type: 'voluntary',
        matter: '食品经营许可',
        content: '承诺内容',
        dept: 'tj-nope',
      })
      expect(unknown.json().error.code).toBe('commitments.dept_unknown')
    })

    it('a department files only to itself, needs a subject, and 容缺受理 needs its materials due date', async () => {
      const mismatch = await post(czj, '/api/v1/commitments', {
        subject: { uscc: company.uscc },
        type: 'industry',
        matter: '行业自律公约',
        content: '遵守行业自律公约',
        dept: 'tj-scjg',
      })
      expect(mismatch.statusCode).toBe(403)
      expect(mismatch.json().error.code).toBe('commitments.dept_mismatch')
      const noSubject = await post(czj, '/api/v1/commitments', { type: 'industry', matter: '公约', content: '遵守' })
      expect(noSubject.statusCode).toBe(400)
      expect(noSubject.json().error.code).toBe('commitments.subject_invalid')
      const noDue = await post(czj, '/api/v1/commitments', {
        subject: { uscc: company.uscc },
        type: 'tolerate_missing',
        matter: '政府采购供应商登记',
        content: '承诺 10 日内补齐财务审计报告',
      })
      expect(noDue.statusCode).toBe(422)
      expect(noDue.json().error).toMatchObject({ code: 'commitments.due_required' })
      expect(noDue.json().error.message).toMatch(/容缺受理/)
      const pastDue = await post(czj, '/api/v1/commitments', {
        subject: { uscc: company.uscc },
        type: 'tolerate_missing',
        matter: '政府采购供应商登记',
        content: '承诺补齐材料',
        dueOn: '2026-05-01',
      })
      expect(pastDue.statusCode).toBe(422)
      expect(pastDue.json().error).toMatchObject({ code: 'commitments.date_invalid', details: { field: 'dueOn' } })
      const taken = await post(czj, '/api/v1/commitments', {
        subject: { uscc: other.uscc },
        type: 'industry',
        matter: '公约',
        content: '遵守',
        number: '津财承诺〔2026〕1号',
      })
      expect(taken.statusCode).toBe(409)
      expect(taken.json().error.code).toBe('commitments.number_taken')
      const tolerate = await post(czj, '/api/v1/commitments', {
        subject: { uscc: company.uscc },
        type: 'tolerate_missing',
        matter: '政府采购供应商登记',
        content: '承诺 9 日内补齐财务审计报告',
        dueOn: '2026-06-10',
      })
      expect(tolerate.statusCode, tolerate.body).toBe(200)
      expect(tolerate.json()).toMatchObject({ public: false, recordId: null, status: 'filed' })
      ids.tolerate = tolerate.json().id
      // the applicant itself holds no department permission: it cannot record decisions
      const fulfil = await post(applicant, `/api/v1/commitments/${ids.tolerate}/fulfil`, {})
      expect(fulfil.statusCode).toBe(403)
    })

    it('lists: departments see what they received, the applicant its own, with filters and paging', async () => {
      const mine = (await get(czj, '/api/v1/commitments')).json()
      expect(mine.total).toBe(2)
      expect(mine.items.every((i: { dept: string }) => i.dept === 'tj-czj')).toBe(true)
      const byType = (await get(czj, '/api/v1/commitments?type=tolerate_missing')).json()
      expect(byType.items.map((i: { id: string }) => i.id)).toEqual([ids.tolerate])
      const paged = (await get(czj, '/api/v1/commitments?pageSize=1&page=2')).json()
      expect(paged).toMatchObject({ total: 2, page: 2, pageSize: 1 })
      expect(paged.items).toHaveLength(1)
      const others = (await get(czj, '/api/v1/commitments?dept=tj-scjg')).json()
      expect(others.total).toBe(0)
      const own = (await get(applicant, '/api/v1/commitments')).json()
      expect(own.total).toBe(3)
      const all = (await get(operator, `/api/v1/commitments?entity=${company.id}&status=filed`)).json()
      expect(all.total).toBe(3)
      // a department that did not receive it does not see it
      expect((await get(scjg, `/api/v1/commitments/${ids.notify}`)).statusCode).toBe(404)
    })
  })

  describe('decisions', () => {
    it('the receiving department records fulfilment: the published record is corrected to 已履约, history kept', async () => {
      const r = await post(czj, `/api/v1/commitments/${ids.notify}/fulfil`, { note: '已补交消防验收意见' })
      expect(r.statusCode, r.body).toBe(200)
      expect(r.json()).toMatchObject({ status: 'fulfilled', statusLabel: '已履约', decidedOn: '2026-06-01' })
      expect(r.json().history.map((h: { op: string }) => h.op)).toEqual(['file', 'publish', 'fulfil'])
      expect(r.json().history[2].details).toMatchObject({ note: '已补交消防验收意见', fulfilledOn: '2026-06-01' })
      const recs = await recordsOf(company.id, 'commitment')
      const rec = recs.find((x) => x.id === r.json().recordId)
      expect(rec?.version).toBe(2)
      expect(
        fieldOf(
          (await publicRecords(company.id)).find((x) => x.id === rec?.id),
          'fulfilment_status',
        ),
      ).toBe('已履约')
    })

    it('invalid transitions are coded errors: fulfil twice, breach after fulfilment, another department', async () => {
      const again = await post(czj, `/api/v1/commitments/${ids.notify}/fulfil`, {})
      expect(again.statusCode).toBe(409)
      expect(again.json().error.code).toBe('commitments.invalid_transition')
      expect(again.json().error.message).toMatch(/已履约/)
      const breach = await post(czj, `/api/v1/commitments/${ids.notify}/breach`, {
        breachTypes: ['未履行承诺事项'],
        facts: '未补交',
        documentNo: '津财认〔2026〕9号',
        decidedOn: '2026-06-01',
      })
      expect(breach.statusCode).toBe(409)
      const foreign = await post(scjg, `/api/v1/commitments/${ids.tolerate}/fulfil`, {})
      expect(foreign.statusCode).toBe(404)
      // tj-scjg received the applicant's voluntary commitment and may decide on it; tj-czj may not
      const notReceiver = await post(czj, `/api/v1/commitments/${ids.voluntary}/fulfil`, {})
      expect(notReceiver.statusCode).toBe(404)
    })

    it('an overdue commitment is listed for the department once its due date has passed', async () => {
      expect((await get(czj, '/api/v1/commitments/overdue')).json().total).toBe(0)
      ctx.clock.set('2026-06-15T02:00:00Z')
      const overdue = (await get(czj, '/api/v1/commitments/overdue')).json()
      expect(overdue.items.map((i: { id: string; overdue: boolean }) => [i.id, i.overdue])).toEqual([
        [ids.tolerate, true],
      ])
    })

    it('a breach makes exactly one public commitment_breach record in the department’s name, linked', async () => {
      const body = {
        breachTypes: ['未履行承诺事项'],
        facts: '逾期未补齐财务审计报告，经催告仍未补齐。',
        handling: '撤销供应商登记',
        documentNo: '津财认〔2026〕1号',
        decidedOn: '2026-06-15',
      }
      const future = await post(czj, `/api/v1/commitments/${ids.tolerate}/breach`, { ...body, decidedOn: '2026-06-20' })
      expect(future.statusCode).toBe(422)
      expect(future.json().error).toMatchObject({ code: 'commitments.date_invalid', details: { field: 'decidedOn' } })
      const bad = await post(czj, `/api/v1/commitments/${ids.tolerate}/breach`, { ...body, breachTypes: ['随便写写'] })
      expect(bad.statusCode).toBe(422)
      expect(bad.json().error.code).toBe('commitments.record_rejected')
      expect(bad.json().error.message).toMatch(/违诺情形/)
      expect((await reload(ctx.db, ids.tolerate as string)).status).toBe('filed')

      const r = await post(czj, `/api/v1/commitments/${ids.tolerate}/breach`, body)
      expect(r.statusCode, r.body).toBe(200)
      expect(r.json()).toMatchObject({ status: 'breached', statusLabel: '已认定违诺', decidedOn: '2026-06-15' })
      expect(r.json().history.map((h: { op: string }) => h.op)).toEqual(['file', 'breach', 'link_breach'])
      const breaches = await recordsOf(company.id, 'commitment_breach')
      expect(breaches).toHaveLength(1)
      expect(r.json().breachRecordId).toBe(breaches[0]?.id)
      expect(breaches[0]).toMatchObject({
        provider_dept: 'tj-czj',
        document_no: '津财认〔2026〕1号',
        polarity: 'negative',
        severity: 'general',
      })
      expect((await findBatch(ctx.db, breaches[0]?.batch_id as string))?.channel).toBe('flow')

      const twice = await post(czj, `/api/v1/commitments/${ids.tolerate}/breach`, body)
      expect(twice.statusCode).toBe(409)
      expect(twice.json().error.code).toBe('commitments.invalid_transition')
      expect(await recordsOf(company.id, 'commitment_breach')).toHaveLength(1)

      const pub = (await publicRecords(company.id)).find((x) => x.class === 'commitment_breach')
      expect(pub?.id).toBe(breaches[0]?.id)
      expect(fieldOf(pub, 'commitment_no')).toBe(r.json().number)
      expect(fieldOf(pub, 'breach_type')).toEqual(['未履行承诺事项'])
      // no overdue commitment is left
      expect((await get(czj, '/api/v1/commitments/overdue')).json().total).toBe(0)
    })

    it('an interrupted breach leaves nothing behind; the next request makes it once; a rerun row is a duplicate', async () => {
      const c = await post(czj, '/api/v1/commitments', {
        subject: { uscc: company.uscc },
        type: 'repair',
        matter: '信用修复',
        content: '承诺一年内不再发生同类违法行为',
      })
      expect(c.statusCode, c.body).toBe(200)
      const id = c.json().id as string
      const breach = {
        breachTypes: ['承诺内容与实际情况不符'],
        facts: '核查发现再次发生同类违法行为',
        handling: null,
        documentNo: '津财认〔2026〕2号',
        decidedOn: '2026-06-15',
      }
      const principal = {
        kind: 'api_key',
        id: 'k',
        role: 'consumer',
        dept: 'tj-czj',
        district: null,
        entityId: null,
        permissions: new Set(['check.feedback']),
      } as const
      const state = async () => ({
        status: (await reload(ctx.db, id)).status,
        history: (await get(czj, `/api/v1/commitments/${id}`)).json().history.map((h: { op: string }) => h.op),
        breaches: (await recordsOf(company.id, 'commitment_breach')).length,
        commitmentRecords: (await recordsOf(company.id, 'commitment')).map((r) => [r.id, r.version]),
        batches: (await ctx.db.selectFrom('batches').select('id').execute()).length,
        audit: (await searchAuditEvents(ctx.db, {}, 1, 1)).total,
      })
      const before = await state()
      expect(before.status).toBe('filed')
      // the request stops after the breach was recorded and its record made, before the record is linked
      const cut = interruptedAt(ctx, 'insert:commitment_versions', 2)
      await expect(
        breachCommitment(cut, principal, principalActor(principal), id, { ...breach, handling: undefined }),
      ).rejects.toBeInstanceOf(Interrupted)
      expect(await state()).toEqual(before)
      const breachEvents = async () =>
        (await searchAuditEvents(ctx.db, { action: 'commitment.breach', targetId: id }, 1, 10)).total
      expect(await breachEvents()).toBe(0)

      const resumed = await post(czj, `/api/v1/commitments/${id}/breach`, { ...breach, handling: undefined })
      expect(resumed.statusCode, resumed.body).toBe(200)
      expect(resumed.json().history.map((h: { op: string }) => h.op)).toEqual([
        'file',
        'publish',
        'breach',
        'link_breach',
      ])
      expect(await breachEvents()).toBe(1)
      const after = await recordsOf(company.id, 'commitment_breach')
      expect(after).toHaveLength(before.breaches + 1)
      const linked = after.find((x) => x.id === resumed.json().breachRecordId)
      expect(linked?.document_no).toBe('津财认〔2026〕2号')
      // the published commitment now says 未履约
      const pub = (await publicRecords(company.id)).find((x) => x.id === resumed.json().recordId)
      expect(fieldOf(pub, 'fulfilment_status')).toBe('未履约')
      // the same row sent again through the pipeline is a duplicate, not a second record
      const row = await reload(ctx.db, id)
      const actor = principalActor(principal)
      const dept = (await listDepartments(ctx)).find((d) => d.code === 'tj-czj')
      if (!dept) throw new Error('tj-czj missing')
      const again = await ingestOne(ctx, actor, {
        classCode: 'commitment_breach',
        dept: 'tj-czj',
        values: breachValues(row, await new RecordSubjects(ctx, actor).of(company), dept, breach),
      })
      expect(again).toMatchObject({ accepted: 0, duplicates: 1, rejected: 0 })
      expect(await recordsOf(company.id, 'commitment_breach')).toHaveLength(before.breaches + 1)
      // and the breach cannot be recorded a third time
      expect((await post(czj, `/api/v1/commitments/${id}/breach`, breach)).statusCode).toBe(409)
      // a decision number already used for this subject's other breach is refused before anything changes
      const c2 = await post(czj, '/api/v1/commitments', {
        subject: { uscc: company.uscc },
        type: 'industry',
        matter: '行业自律',
        content: '遵守行业公约',
        public: false,
      })
      const reused = await post(czj, `/api/v1/commitments/${c2.json().id}/breach`, breach)
      expect(reused.statusCode).toBe(409)
      expect(reused.json().error.code).toBe('commitments.breach_document_taken')
      expect((await reload(ctx.db, c2.json().id)).status).toBe('filed')
    })

    it('the applicant withdraws its own commitment before a decision; the published record is revoked', async () => {
      const before = (await publicRecords(company.id)).filter((x) => x.class === 'commitment').length
      // the clock moved two weeks on: the earlier session has ended
      applicant = await login(app, 'applicant')
      const short = await post(applicant, `/api/v1/commitments/${ids.voluntary}/withdraw`, { reason: '撤' })
      expect(short.statusCode, short.body).toBe(422)
      expect(short.json().error.code).toBe('commitments.reason_required')
      const r = await post(applicant, `/api/v1/commitments/${ids.voluntary}/withdraw`, { reason: '申请事项已撤回' })
      expect(r.statusCode, r.body).toBe(200)
      expect(r.json()).toMatchObject({ status: 'withdrawn', statusLabel: '已撤回', decidedOn: '2026-06-15' })
      const rec = (await recordsOf(company.id, 'commitment')).find((x) => x.id === r.json().recordId)
      expect(rec?.state).toBe('revoked')
      expect((await publicRecords(company.id)).filter((x) => x.class === 'commitment')).toHaveLength(before - 1)
      const late = await post(applicant, `/api/v1/commitments/${ids.notify}/withdraw`, { reason: '不想履行了' })
      expect(late.statusCode).toBe(409)
      expect(late.json().error.code).toBe('commitments.invalid_transition')
    })

    it('a natural person’s breach record is keyed by the ID number HMAC; the person has no public file', async () => {
      const filing = {
        subject: { idNumber: PERSON_ID },
        type: 'repair',
        matter: '信用修复',
        content: '承诺按期履行法定义务',
        public: false,
      }
      // an applicant named by ID number is a lookup of personal data: a purpose, and the lookup is audited
      const refused = await post(czj, '/api/v1/commitments', filing)
      expect(refused.statusCode, refused.body).toBe(400)
      expect(refused.json().error.code).toBe('access.purpose_required')
      const c = await post(czj, '/api/v1/commitments', { ...filing, purpose: '受理信用修复承诺' })
      expect(c.statusCode, c.body).toBe(200)
      expect(c.json().entity).toMatchObject({ id: person.id, idMasked: person.idMasked })
      const lookups = await searchAuditEvents(ctx.db, { action: 'entity.resolve_personal', targetId: person.id }, 1, 10)
      expect(lookups.items.map((e) => [e.purpose, e.details.via])).toEqual([['受理信用修复承诺', 'commitment']])
      const r = await post(czj, `/api/v1/commitments/${c.json().id}/breach`, {
        breachTypes: ['未履行承诺事项'],
        facts: '未按期履行',
        documentNo: '津财认〔2026〕3号',
        decidedOn: '2026-06-15',
      })
      expect(r.statusCode, r.body).toBe(200)
      const recs = await recordsOf(person.id, 'commitment_breach')
      expect(recs).toHaveLength(1)
      expect(recs[0]?.subject_key).toMatch(/^id:/)
      expect(recs[0]?.subject_key).not.toContain(PERSON_ID)
      expect((await publicFile(person.id)).statusCode).toBe(404)
      const reads = await searchAuditEvents(ctx.db, { action: 'entity.read_id_number', targetId: person.id }, 1, 10)
      expect(reads.total).toBe(1)
    })
  })

  describe('review and file', () => {
    it('the credit review returns the admin_approval check plus the commitment history and breaches', async () => {
      const r = await post(czj, '/api/v1/reviews', { subject: { uscc: company.uscc }, purpose: '建筑工程施工许可审查' })
      expect(r.statusCode, r.body).toBe(200)
      const body = r.json()
      expect(body.check).toMatchObject({ scenario: 'admin_approval', checkId: body.checkId, outcome: 'none' })
      expect(body.subject).toMatchObject({ entityId: company.id, uscc: company.uscc })
      expect(body.breaches).toBe(2)
      expect(body.summary).toEqual({ total: 5, filed: 1, fulfilled: 1, breached: 2, withdrawn: 1, overdue: 0 })
      // every department's commitments, with statuses
      expect(body.commitments.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual(
        expect.arrayContaining([
          [ids.notify, 'fulfilled'],
          [ids.tolerate, 'breached'],
          [ids.voluntary, 'withdrawn'],
        ]),
      )
      const check = await get(czj, `/api/v1/checks/${body.checkId}`)
      expect(check.statusCode).toBe(200)
      expect(check.json()).toMatchObject({ scenario: 'admin_approval', purpose: '建筑工程施工许可审查' })
      const audit = await searchAuditEvents(ctx.db, { targetId: body.checkId }, 1, 10)
      expect(audit.items.map((e) => e.action).sort()).toEqual(['check.run', 'review.run'])
      expect(audit.items.find((e) => e.action === 'review.run')?.details).toMatchObject({
        entityId: company.id,
        commitments: 5,
        breaches: 2,
      })
      // a review needs check.run: a providing department has none
      expect((await post(scjg, '/api/v1/reviews', { subject: { uscc: company.uscc } })).statusCode).toBe(403)
      const unknown = await post(czj, '/api/v1/reviews', { subject: { uscc: companyUscc() } })
      expect(unknown.json().error.code).toBe('checks.subject_unresolved')
    })

    it('the entity file carries the commitments section with statuses', async () => {
      const r = await get(czj, `/api/v1/entities/${company.id}/file`)
      expect(r.statusCode, r.body).toBe(200)
      const section = r.json().commitments
      expect(section.summary.total).toBe(5)
      expect(section.items.find((c: { id: string }) => c.id === ids.notify)).toMatchObject({
        status: 'fulfilled',
        public: true,
      })
      // the applicant reads its own file too
      const own = await get(applicant, `/api/v1/entities/${company.id}/file`)
      expect(own.json().commitments.summary.breached).toBe(2)
    })

    it('every change is audited', async () => {
      const events = await searchAuditEvents(ctx.db, { targetType: 'commitment', targetId: ids.tolerate }, 1, 20)
      expect(events.items.map((e) => e.action).sort()).toEqual([
        'commitment.breach',
        'commitment.file',
        'commitment.link_breach',
      ])
      const breach = events.items.find((e) => e.action === 'commitment.breach')
      expect(breach).toMatchObject({ actorDept: 'tj-czj' })
      expect(breach?.details).toMatchObject({ from: 'filed', to: 'breached', documentNo: '津财认〔2026〕1号' })
      const withdraw = await searchAuditEvents(ctx.db, { action: 'commitment.withdraw', targetId: ids.voluntary }, 1, 5)
      expect(withdraw.items[0]?.details).toMatchObject({ reason: '申请事项已撤回', by: 'applicant' })
      const publish = await searchAuditEvents(ctx.db, { action: 'commitment.publish', targetId: ids.notify }, 1, 5)
      expect(publish.total).toBe(1)
    })
  })
})
