// Credit repair (信用修复) over HTTP on both databases: eligibility for every reason, applications, decisions by the
// deciding department, withdrawal, races, and the approval's effect at once everywhere the record showed.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand } from '../../src/core/command.js'
import { systemActor } from '../../src/core/actor.js'
import { runIngest } from '../../src/flows/ingest/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { type CaseMachine, openCase } from '../../src/modules/cases/index.js'
import { objectionMachine } from '../../src/modules/objections/index.js'
import { recordHistory, revokeRecord } from '../../src/modules/records/index.js'
import { repairEligibility, repairRules } from '../../src/modules/repairs/index.js'
import { PDF } from '../files/fixtures.js'
import { rowsOf } from '../ingest/helpers.js'
import { multipart } from '../support/multipart.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import {
  admin,
  bearer,
  COMMITMENT,
  companyUscc,
  entityIdOf,
  ingestDefaulter,
  penalty,
  STATEMENT,
  seedDepts,
  subjectLogin,
  testApp,
} from './helpers.js'

const co = (name: string) => ({ name, uscc: companyUscc() })
type Reason = { code: string; message: string }
type Eligibility = {
  eligible: boolean
  ruleSet: string | null
  severity: string | null
  earliestDate: string | null
  reasons: Reason[]
}

describe('repair eligibility (pure)', () => {
  const base = {
    polarity: 'negative',
    state: 'active',
    severity: 'serious',
    decided_on: '2026-02-10',
    publish_from: '2026-02-10',
    publish_max_until: '2029-02-10',
    class_code: 'food_drug_violation',
  }
  const sets = [
    {
      version: '2019',
      effectiveFrom: '2019-07-01',
      effectiveTo: '2026-04-01',
      periods: { minor: null, general: { minMonths: 3, maxMonths: 12 }, serious: { minMonths: 6, maxMonths: 36 } },
      basis: '',
    },
    {
      version: '2026',
      effectiveFrom: '2026-04-01',
      effectiveTo: null,
      periods: {
        minor: { minMonths: 0, maxMonths: 3 },
        general: { minMonths: 3, maxMonths: 12 },
        serious: { minMonths: 12, maxMonths: 36 },
      },
      basis: '',
    },
  ]
  it('refuses what the class or the rule set forbids (2019: 特定严重 food and drug records)', () => {
    const e = repairEligibility({
      record: { ...base, rule_version: '2019' },
      cls: { code: 'food_drug_violation', nameZh: '食品药品违法', repairable: true },
      ruleSets: sets,
      rules: repairRules(),
      today: '2026-12-06',
      openObjection: null,
    })
    expect(e.eligible).toBe(false)
    expect(e.ruleSet).toBe('2019')
    expect(e.earliestDate).toBe('2026-08-11')
    expect(e.reasons.map((r) => r.code)).toEqual(['not_repairable'])
    expect(e.reasons[0]?.message).toContain('发改办财金〔2019〕527号')
    const cls = repairEligibility({
      record: { ...base, rule_version: '2026', class_code: 'x' },
      cls: { code: 'x', nameZh: '某类信息', repairable: false },
      ruleSets: sets,
      rules: repairRules(),
      today: '2026-12-06',
      openObjection: null,
    })
    expect(cls.reasons.map((r) => r.code)).toEqual(['not_repairable', 'min_period'])
    expect(cls.reasons[0]?.message).toBe('「某类信息」类信息按规定不适用信用修复。')
  })
})

describeEachDialect('credit repair over HTTP', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let other: FastifyInstance
  let subject: Record<string, string>
  let otherSubject: Record<string, string>
  let scjg: Record<string, string>
  let fy: Record<string, string>
  let czj: Record<string, string>
  let operator: Record<string, string>
  const x = co('天津市测试修复贸易有限公司')
  const y = co('天津市测试他人贸易有限公司')
  const z = co('天津市测试失信被执行有限公司')
  const r: Record<string, string> = {}
  let zSubject: Record<string, string>

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-12-06T02:00:00Z' })
    await seedDepts(ctx)
    r.genEarly = await penalty(ctx, x, '津市监罚〔2026〕X-1号', '2026-10-01')
    r.genOk = await penalty(ctx, x, '津市监罚〔2026〕X-2号', '2026-05-10')
    r.ser2026 = await penalty(ctx, x, '津市监罚〔2026〕X-3号', '2026-04-10', 'serious')
    r.ser2019 = await penalty(ctx, x, '津市监罚〔2026〕X-4号', '2026-03-10', 'serious')
    r.minor = await penalty(ctx, x, '津市监罚〔2026〕X-5号', '2026-11-20', 'minor')
    r.expired = await penalty(ctx, x, '津市监罚〔2025〕X-6号', '2025-06-01')
    r.revoked = await penalty(ctx, x, '津市监罚〔2026〕X-7号', '2026-05-11')
    r.marked = await penalty(ctx, x, '津市监罚〔2026〕X-8号', '2026-05-12')
    r.objected = await penalty(ctx, x, '津市监罚〔2026〕X-9号', '2026-05-13')
    r.race = await penalty(ctx, x, '津市监罚〔2026〕X-10号', '2026-05-14')
    r.withdraw = await penalty(ctx, x, '津市监罚〔2026〕X-11号', '2026-05-15')
    r.others = await penalty(ctx, y, '津市监罚〔2026〕Y-1号', '2026-05-10')
    await revokeRecord(ctx, admin, r.revoked, '处罚决定被复议撤销')
    const tax = await runIngest(ctx, admin, {
      classCode: 'tax_a_grade',
      dept: 'tj-sw',
      channel: 'api',
      ...rowsOf([
        {
          subject_name: x.name,
          uscc: x.uscc,
          rating_year: '2025',
          grade: 'A',
          decision_date: '2026-04-15',
          valid_to: '2026-12-31',
          authority_name: '国家税务总局天津市税务局',
        },
      ]),
    })
    expect(tax.accepted).toBe(1)
    await ingestDefaulter(ctx, z, '（2025）津01执99号', '2025-10-01')
    const xId = await entityIdOf(ctx, x.uscc)
    const xRecords = await import('../../src/modules/records/index.js').then((m) => m.recordsOfEntity(ctx.db, xId))
    r.positive = xRecords.find((rec) => rec.class_code === 'tax_a_grade')?.id as string
    const zRecords = await import('../../src/modules/records/index.js').then(async (m) =>
      m.recordsOfEntity(ctx.db, await entityIdOf(ctx, z.uscc)),
    )
    r.defaulter = zRecords[0]?.id as string
    app = await testApp(ctx)
    other = await testApp(ctx)
    subject = await subjectLogin(ctx, app, 'repair-x', xId)
    otherSubject = await subjectLogin(ctx, app, 'repair-y', await entityIdOf(ctx, y.uscc))
    zSubject = await subjectLogin(ctx, app, 'repair-z', await entityIdOf(ctx, z.uscc))
    scjg = await bearer(ctx, 'provider', 'tj-scjg')
    fy = await bearer(ctx, 'provider', 'tj-fy')
    czj = await bearer(ctx, 'consumer', 'tj-czj')
    operator = await bearer(ctx, 'operator')
  })
  afterAll(async () => {
    await app?.close()
    await other?.close()
    await ctx?.close()
  })

  const eligibility = async (id: string, headers = subject): Promise<Eligibility> => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/records/${id}/repair-eligibility`, headers })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as Eligibility
  }
  const apply = (recordId: string, headers = subject) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/repairs',
      headers,
      payload: { recordId, statement: STATEMENT, evidence: [], commitment: { content: COMMITMENT } },
    })
  const act = (id: string, action: string, headers: Record<string, string>, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: `/api/v1/repairs/${id}/${action}`, headers, payload })

  describe('eligibility', () => {
    it('general and serious records under the 2026 and 2019 rule sets, with their earliest dates', async () => {
      expect(await eligibility(r.genEarly as string)).toEqual({
        eligible: false,
        ruleSet: '2026',
        severity: 'general',
        earliestDate: '2027-01-02',
        reasons: [
          {
            code: 'min_period',
            message:
              '按 2026 年规则，一般失信信息最短公示 3 个月（自 2026-10-01 起），最早可于 2027-01-02 申请信用修复。',
          },
        ],
      })
      expect(await eligibility(r.genOk as string)).toEqual({
        eligible: true,
        ruleSet: '2026',
        severity: 'general',
        earliestDate: '2026-08-11',
        reasons: [],
      })
      // serious: 12 months under the 2026 rules, 6 months under the 2019 rules it was decided under
      const s26 = await eligibility(r.ser2026 as string)
      expect([s26.eligible, s26.ruleSet, s26.severity, s26.earliestDate]).toEqual([
        false,
        '2026',
        'serious',
        '2027-04-11',
      ])
      expect(s26.reasons.map((x) => x.code)).toEqual(['min_period'])
      expect(s26.reasons[0]?.message).toContain('严重失信信息最短公示 12 个月')
      expect(await eligibility(r.ser2019 as string)).toEqual({
        eligible: true,
        ruleSet: '2019',
        severity: 'serious',
        earliestDate: '2026-09-11',
        reasons: [],
      })
      const minor = await eligibility(r.minor as string)
      expect([minor.eligible, minor.ruleSet, minor.severity, minor.earliestDate]).toEqual([
        true,
        '2026',
        'minor',
        '2026-11-21',
      ])
    })

    it('not_negative, not_active (revoked, expired), and 404 for another entity’s record', async () => {
      expect(await eligibility(r.positive as string)).toEqual({
        eligible: false,
        ruleSet: null,
        severity: null,
        earliestDate: null,
        reasons: [{ code: 'not_negative', message: '「纳税信用A级纳税人」不是失信（负面）信息，无需信用修复。' }],
      })
      const revoked = await eligibility(r.revoked as string)
      expect(revoked.reasons).toEqual([{ code: 'not_active', message: '该记录已被撤销，不再公示，无需修复。' }])
      const expired = await eligibility(r.expired as string)
      expect(expired.ruleSet).toBe('2019')
      expect(expired.reasons.map((x) => x.code)).toEqual(['not_active'])
      expect(expired.reasons[0]?.message).toContain('最长公示期已于 2026-06-01 届满')
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/records/${r.others}/repair-eligibility`,
        headers: subject,
      })
      expect(res.statusCode).toBe(404)
      expect(res.json().error.code).toBe('repairs.record_not_found')
      expect((await apply(r.others as string)).statusCode).toBe(404)
      // the credit office sees any record; a department its own only
      expect((await eligibility(r.others as string, operator)).eligible).toBe(true)
      expect(
        (await app.inject({ method: 'GET', url: `/api/v1/records/${r.others}/repair-eligibility`, headers: fy }))
          .statusCode,
      ).toBe(404)
    })

    it('open_objection: a 「异议处理中」 mark or an open objection case', async () => {
      const mark = await app.inject({
        method: 'POST',
        url: `/api/v1/records/${r.marked}/marks`,
        headers: operator,
        payload: { reason: '主体提出异议，正在核实' },
      })
      expect(mark.statusCode, mark.body).toBe(201)
      expect((await eligibility(r.marked as string)).reasons).toEqual([
        {
          code: 'open_objection',
          message: '该记录有尚在处理的异议（「异议处理中」标注），请待异议办结后再申请信用修复。',
        },
      ])
      const objection = objectionMachine as unknown as CaseMachine
      const c = await runCommand(ctx, systemActor('test'), (scope) =>
        openCase(scope, objection, {
          entityId: null,
          recordId: r.objected as string,
          applicantKind: 'subject',
          applicantUser: null,
          handlerDept: null,
          policyVersion: null,
        }),
      )
      const e = await eligibility(r.objected as string)
      expect(e.reasons).toEqual([
        {
          code: 'open_objection',
          message: `该记录有尚在处理的异议（异议办件 ${c.number}），请待异议办结后再申请信用修复。`,
        },
      ])
      const res = await apply(r.objected as string)
      expect(res.statusCode).toBe(422)
      expect(res.json().error.details.reasons.map((x: Reason) => x.code)).toEqual(['open_objection'])
    })
  })

  describe('applications and decisions', () => {
    it('an application too early is 422 repairs.not_eligible with the earliest date', async () => {
      const res = await apply(r.genEarly as string)
      expect(res.statusCode).toBe(422)
      const err = res.json().error
      expect(err.code).toBe('repairs.not_eligible')
      expect(err.details.earliestDate).toBe('2027-01-02')
      expect(err.details.reasons.map((x: Reason) => x.code)).toEqual(['min_period'])
      expect(err.message).toContain('最早可于 2027-01-02 申请信用修复')
    })

    it('files the case with its commitment, evidence and clock; the deciding department rejects with reasons', async () => {
      const form = multipart({}, { name: '缴款凭证.pdf', content: PDF })
      const up = await app.inject({
        method: 'POST',
        url: '/api/v1/files',
        headers: { ...subject, ...form.headers },
        payload: form.payload,
      })
      expect(up.statusCode, up.body).toBe(201)
      const fileId = up.json().id as string
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/repairs',
        headers: subject,
        payload: { recordId: r.genOk, statement: STATEMENT, evidence: [fileId], commitment: { content: COMMITMENT } },
      })
      expect(res.statusCode, res.body).toBe(201)
      const c = res.json()
      expect(c.number).toMatch(/^XF2026\d{6}$/)
      expect(c).toMatchObject({
        state: 'submitted',
        stateLabel: '待认定单位决定',
        version: 1,
        recordId: r.genOk,
        handlerDept: 'tj-scjg',
        ruleSet: '2026',
        severity: 'general',
        earliestDate: '2026-08-11',
        statement: STATEMENT,
        evidence: [fileId],
        outcome: null,
        openedOn: '2026-12-06',
        overdue: false,
        recipients: [],
      })
      expect(c.deadlines).toEqual([
        {
          code: 'repair.decide',
          label: '认定单位作出修复决定',
          startOn: '2026-12-06',
          workingDays: 10,
          dueOn: '2026-12-18',
          provisional: false,
          metAt: null,
          remainingWorkingDays: 10,
          overdue: false,
        },
      ])
      expect(c.evidenceFiles.map((f: { id: string; name: string }) => [f.id, f.name])).toEqual([
        [fileId, '缴款凭证.pdf'],
      ])
      // the evidence: readable by the deciding department, not by another one
      expect((await app.inject({ method: 'GET', url: `/api/v1/files/${fileId}`, headers: scjg })).statusCode).toBe(200)
      expect((await app.inject({ method: 'GET', url: `/api/v1/files/${fileId}`, headers: fy })).statusCode).not.toBe(
        200,
      )
      // the applicant's inbox
      const box = await app.inject({ method: 'GET', url: '/api/v1/me/inbox', headers: subject })
      expect(box.statusCode, box.body).toBe(200)
      expect(box.json().items.map((n: { topic: string }) => n.topic)).toContain('repair.submitted')
      // the 信用修复 commitment, filed to the deciding department
      const cm = await app.inject({ method: 'GET', url: `/api/v1/commitments/${c.commitmentId}`, headers: subject })
      expect(cm.statusCode, cm.body).toBe(200)
      expect(cm.json()).toMatchObject({ type: 'repair', dept: 'tj-scjg', status: 'filed' })
      // one open application per record
      const again = await apply(r.genOk as string)
      expect(again.statusCode).toBe(409)
      expect(again.json().error.code).toBe('repairs.already_open')
      // the queue: the department sees it, another department does not, the subject sees its own
      const q = await app.inject({ method: 'GET', url: '/api/v1/repairs?state=submitted', headers: scjg })
      expect(q.json().items.map((i: { id: string }) => i.id)).toContain(c.id)
      expect((await app.inject({ method: 'GET', url: '/api/v1/repairs', headers: fy })).json().total).toBe(0)
      expect((await app.inject({ method: 'GET', url: `/api/v1/repairs/${c.id}`, headers: fy })).statusCode).toBe(404)
      expect(
        (await app.inject({ method: 'GET', url: `/api/v1/repairs/${c.id}`, headers: otherSubject })).statusCode,
      ).toBe(404)
      // the credit office sees it but does not decide (谁认定、谁修复)
      expect((await act(c.id, 'approve', operator, { version: 1, reasons: '同意' })).statusCode).toBe(403)

      const rej = await act(c.id, 'reject', scjg, { version: 1, reasons: '罚款尚未缴清，不符合修复条件。' })
      expect(rej.statusCode, rej.body).toBe(200)
      expect(rej.json()).toMatchObject({
        state: 'rejected',
        outcome: 'rejected',
        version: 2,
        decisionReason: '罚款尚未缴清，不符合修复条件。',
      })
      expect(rej.json().history.map((h: { action: string }) => h.action)).toEqual(['submit', 'reject'])
      const twice = await act(c.id, 'approve', scjg, { version: 2, reasons: '同意修复' })
      expect(twice.statusCode).toBe(409)
      expect(twice.json().error).toMatchObject({
        code: 'repairs.bad_transition',
        message: '该修复申请当前状态为「不予修复」，不能同意修复。',
      })
      expect((await eligibility(r.genOk as string)).eligible).toBe(true)
      const audit = await searchAuditEvents(ctx.db, { action: 'repair.reject', targetId: c.id }, 1, 10)
      expect(audit.total).toBe(1)
    })

    it('the applicant withdraws before the decision', async () => {
      const c = (await apply(r.withdraw as string)).json()
      expect((await act(c.id, 'withdraw', otherSubject, { version: 1 })).statusCode).toBe(404)
      const w = await act(c.id, 'withdraw', subject, { version: 1, reason: '材料需补充，先撤回' })
      expect(w.statusCode, w.body).toBe(200)
      expect(w.json()).toMatchObject({ state: 'withdrawn', stateLabel: '已撤回', version: 2 })
      expect(w.json().deadlines[0].metAt).not.toBeNull()
      const cm = await app.inject({ method: 'GET', url: `/api/v1/commitments/${c.commitmentId}`, headers: subject })
      expect(cm.json()).toMatchObject({ type: 'repair', status: 'withdrawn' })
      const late = await act(c.id, 'approve', scjg, { version: 2, reasons: '同意' })
      expect(late.statusCode).toBe(409)
      expect(late.json().error.message).toBe('该修复申请当前状态为「已撤回」，不能同意修复。')
    })

    it('two decisions racing on one case: one wins, the other is 409', async () => {
      const c = (await apply(r.race as string)).json()
      const [a, b] = await Promise.all([
        act(c.id, 'approve', scjg, { version: 1, reasons: '已履行处罚决定，同意修复。' }),
        act(c.id, 'reject', scjg, { version: 1, reasons: '材料不全，不予修复。' }),
      ])
      const codes = [a.statusCode, b.statusCode].sort()
      expect(codes).toEqual([200, 409])
      const loser = a.statusCode === 409 ? a : b
      expect(['repairs.conflict', 'repairs.bad_transition']).toContain(loser.json().error.code)
      const winner = a.statusCode === 200 ? a.json() : b.json()
      const record = await recordHistory(ctx.db, r.race as string)
      expect(record.record.state).toBe(winner.state === 'approved' ? 'repaired' : 'active')
      const events = await searchAuditEvents(ctx.db, { targetId: c.id }, 1, 10)
      expect(events.items.map((e) => e.action).sort()).toEqual(
        ['repair.submit', winner.state === 'approved' ? 'repair.approve' : 'repair.reject'].sort(),
      )
    })
  })

  describe('approval takes effect at once', () => {
    it('off the portal (no stale cache in any process), the black list, search flags and checks; outbox and audit', async () => {
      const zId = await entityIdOf(ctx, z.uscc)
      const check = async () => {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/checks',
          headers: czj,
          payload: { subject: { uscc: z.uscc }, scenario: 'government_procurement', purpose: '政府采购供应商资格审查' },
        })
        expect(res.statusCode, res.body).toBe(200)
        return (res.json() as { hits: { triggeredBy: { recordId: string }[] }[] }).hits.flatMap((h) =>
          h.triggeredBy.map((t) => t.recordId),
        )
      }
      const file = async (a: FastifyInstance) => {
        const res = await a.inject({ method: 'GET', url: `/api/v1/public/entities/${zId}` })
        expect(res.statusCode).toBe(200)
        return res.json() as { flags: string[]; lists: unknown[]; totalRecords: number }
      }
      const stats = async (a: FastifyInstance) =>
        (await a.inject({ method: 'GET', url: '/api/v1/public/stats' })).json().black as number
      const search = async () =>
        (await app.inject({ method: 'GET', url: `/api/v1/public/search?q=${z.uscc}` })).json().items[0]
          .flags as string[]
      const portalList = async () =>
        (
          (await app.inject({ method: 'GET', url: '/api/v1/public/lists/court_defaulter?pageSize=100' })).json()
            .items as {
            name: string
          }[]
        ).map((i) => i.name)

      // before: on the black list everywhere, and the files and figures cached in both processes
      expect(await check()).toContain(r.defaulter)
      for (const a of [app, other]) {
        const f = await file(a)
        expect(f.flags).toContain('black_list')
        expect(f.totalRecords).toBe(1)
      }
      const blackBefore = await stats(other)
      expect(blackBefore).toBeGreaterThanOrEqual(1)
      expect(await stats(app)).toBe(blackBefore)
      expect(await search()).toEqual(['negative', 'black_list'])
      expect(await portalList()).toContain(z.name)

      const elig = await eligibility(r.defaulter as string, zSubject)
      expect([elig.eligible, elig.ruleSet, elig.severity, elig.earliestDate]).toEqual([
        true,
        '2019',
        'serious',
        '2026-04-02',
      ])
      const c = (await apply(r.defaulter as string, zSubject)).json()
      expect(c.handlerDept).toBe('tj-fy')
      const ok = await act(c.id, 'approve', fy, { version: 1, reasons: '已履行生效法律文书确定的全部义务，同意修复。' })
      expect(ok.statusCode, ok.body).toBe(200)
      expect(ok.json()).toMatchObject({ state: 'approved', outcome: 'approved', version: 2 })
      expect(ok.json().recipients).toEqual([
        { dept: 'tj-fy', role: 'decider', deliveryId: expect.any(String), dueOn: '2026-12-09', provisional: false },
        { dept: 'tj-czj', role: 'receiver', deliveryId: expect.any(String), dueOn: '2026-12-09', provisional: false },
      ])
      // the outbox: one delivery per department, each with the repair.notify duty (3 working days) as its due date
      const out = await app.inject({
        method: 'GET',
        url: `/api/v1/outbox/deliveries?refType=repair&refId=${c.id}`,
        headers: operator,
      })
      expect(out.statusCode, out.body).toBe(200)
      const deliveries = out.json().items as {
        target: string
        topic: string
        state: string
        due: string
        payload: Record<string, unknown>
      }[]
      expect(deliveries.map((d) => [d.target, d.topic, d.state, d.due]).sort()).toEqual([
        ['tj-czj', 'repair.approved', 'pending', '2026-12-09'],
        ['tj-fy', 'repair.approved', 'pending', '2026-12-09'],
      ])
      expect(deliveries[0]?.payload).toMatchObject({ event: 'record.repaired', case: c.number, recordId: r.defaulter })
      const zBox = await app.inject({ method: 'GET', url: '/api/v1/me/inbox', headers: zSubject })
      expect(zBox.json().items.map((n: { topic: string }) => n.topic)).toEqual(
        expect.arrayContaining(['repair.submitted', 'repair.approved']),
      )

      // after, same instant: gone from the files of both processes, the figures, search, the list, checks
      for (const a of [app, other]) {
        const f = await file(a)
        expect(f.flags).toEqual([])
        expect(f.lists).toEqual([])
        expect(f.totalRecords).toBe(0)
      }
      expect(await stats(other)).toBe(blackBefore - 1)
      expect(await stats(app)).toBe(blackBefore - 1)
      expect(await search()).toEqual([])
      expect(await portalList()).not.toContain(z.name)
      expect(await check()).not.toContain(r.defaulter)
      const entries = await app.inject({
        method: 'GET',
        url: '/api/v1/lists/black/entries?state=ended&pageSize=100',
        headers: operator,
      })
      const entry = (entries.json().items as { recordId: string; exit: { kind: string } | null }[]).find(
        (e) => e.recordId === r.defaulter,
      )
      expect(entry?.exit?.kind).toBe('repaired')
      expect((await app.inject({ method: 'GET', url: `/api/v1/public/records/${r.defaulter}` })).statusCode).toBe(404)

      // history kept: a new version, nothing deleted
      const h = await recordHistory(ctx.db, r.defaulter as string)
      expect(h.record.state).toBe('repaired')
      expect(h.versions.map((v) => [v.version, v.op, v.state])).toEqual([
        [1, 'add', 'active'],
        [2, 'repair', 'repaired'],
      ])
      expect(h.versions[1]?.reason).toBe(`信用修复（${c.number}）：已履行生效法律文书确定的全部义务，同意修复。`)
      const e2 = await eligibility(r.defaulter as string, zSubject)
      expect(e2.reasons).toEqual([{ code: 'not_active', message: '该记录已完成信用修复。' }])
      for (const action of ['record.repair', 'repair.approve', 'repair.submit']) {
        const a = await searchAuditEvents(ctx.db, { action }, 1, 50)
        expect(
          a.items.some((i) => i.targetId === (action === 'record.repair' ? r.defaulter : c.id)),
          action,
        ).toBe(true)
      }
    })

    it('a repaired record never comes back: resubmitting its key is refused with a Chinese row error', async () => {
      const res = await runIngest(ctx, admin, {
        classCode: 'court_defaulter',
        dept: 'tj-fy',
        channel: 'api',
        ...rowsOf([
          {
            case_no: '（2025）津01执99号',
            subject_name: z.name,
            subject_category: '法人及非法人组织',
            uscc: z.uscc,
            legal_rep: '张三',
            court: '天津市第一中级人民法院',
            basis_doc_no: '（2025）津01民初1号',
            basis_issuer: '天津市第一中级人民法院',
            obligation: '支付货款人民币10万元',
            performance: '全部未履行',
            conduct: '有履行能力而拒不履行生效法律文书确定义务',
            filed_on: '2026-01-10',
            published_on: '2025-10-01',
          },
        ]),
      })
      expect([res.accepted, res.rejected]).toEqual([0, 1])
      const h = await recordHistory(ctx.db, r.defaulter as string)
      expect(h.record.state).toBe('repaired')
      expect(h.versions).toHaveLength(2)
      const { issuesOf } = await import('../../src/modules/records/index.js')
      const list = await issuesOf(ctx.db, res.batchId as string)
      expect(list.map((i) => i.code)).toEqual(['record_repaired'])
      expect(list[0]?.message).toBe(
        '该记录已于 2026-12-06 经认定单位同意信用修复，不再公示、共享和使用：已修复的记录不能重新报送、更正或撤销。如确属新的失信行为，请以新的决定文书号报送。',
      )
    })
  })
})
