// 申请移出 (list exits) over HTTP on both databases: the same case flow as a repair, on the class's own exit
// conditions, decided by the department that listed the entry; approval ends the entry at once.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { runIngest } from '../../src/flows/ingest/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { recordHistory, recordsOfEntity } from '../../src/modules/records/index.js'
import { rowsOf } from '../ingest/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { admin, bearer, companyUscc, entityIdOf, penalty, seedDepts, subjectLogin, testApp } from './helpers.js'

const GROUNDS = [
  '补报未报年份的年度报告并公示',
  '依照规定履行公示义务',
  '更正虚假信息',
  '依法办理住所或者经营场所变更登记或者取得联系',
]

describeEachDialect('list exits (申请移出) over HTTP', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let subject: Record<string, string>
  let scjg: Record<string, string>
  let operator: Record<string, string>
  const w = { name: '天津市测试异常名录商贸有限公司', uscc: companyUscc() }
  const ids: Record<string, string> = {}

  const listAbnormal = async (docNo: string, on: string) => {
    const r = await runIngest(ctx, admin, {
      classCode: 'abnormal_operation',
      dept: 'tj-scjg',
      channel: 'api',
      ...rowsOf([
        {
          subject_name: w.name,
          uscc: w.uscc,
          legal_rep: '李四',
          reason: '未按照规定期限公示年度报告',
          document_no: docNo,
          decision_date: on,
          authority_name: '天津市市场监督管理委员会',
        },
      ]),
    })
    if (r.accepted !== 1) {
      const { issuesOf } = await import('../../src/modules/records/index.js')
      throw new Error(JSON.stringify(await issuesOf(ctx.db, r.batchId as string)))
    }
    const entityId = await entityIdOf(ctx, w.uscc)
    return (await recordsOfEntity(ctx.db, entityId)).find((x) => x.document_no === docNo)?.id as string
  }

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-12-06T02:00:00Z' })
    await seedDepts(ctx)
    ids.a = await listAbnormal('津市监异〔2026〕1号', '2026-07-01')
    ids.b = await listAbnormal('津市监异〔2026〕2号', '2026-08-01')
    ids.penalty = await penalty(ctx, w, '津市监罚〔2026〕W-1号', '2026-05-10')
    app = await testApp(ctx)
    subject = await subjectLogin(ctx, app, 'exit-w', await entityIdOf(ctx, w.uscc))
    scjg = await bearer(ctx, 'provider', 'tj-scjg')
    operator = await bearer(ctx, 'operator')
  })
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  const eligibility = async (id: string) =>
    (await app.inject({ method: 'GET', url: `/api/v1/records/${id}/list-exit-eligibility`, headers: subject })).json()
  const apply = (recordId: string, ground: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/list-exits',
      headers: subject,
      payload: { recordId, ground, statement: '已补报 2025 年度报告并公示，申请移出经营异常名录。' },
    })

  it('offers the class’s own application grounds; a record that is not a list entry has none', async () => {
    expect(await eligibility(ids.a as string)).toEqual({
      eligible: true,
      listKind: 'focus',
      until: '2027-07-01',
      grounds: GROUNDS,
      reasons: [],
    })
    expect(await eligibility(ids.penalty as string)).toEqual({
      eligible: false,
      listKind: null,
      until: null,
      grounds: [],
      reasons: [{ code: 'not_listed', message: '「行政处罚信息」不是名单信息，无需申请移出。' }],
    })
    const bad = await apply(ids.a as string, '列入满三年未移出的，列入严重违法失信名单')
    expect(bad.statusCode).toBe(422)
    expect(bad.json().error.code).toBe('list_exits.bad_ground')
  })

  it('approval by the listing department ends the entry today: off the list, the portal and the flags', async () => {
    const entityId = await entityIdOf(ctx, w.uscc)
    const file = async () =>
      (await app.inject({ method: 'GET', url: `/api/v1/public/entities/${entityId}` })).json() as { flags: string[] }
    expect((await file()).flags).toContain('focus_list')
    const res = await apply(ids.a as string, GROUNDS[0] as string)
    expect(res.statusCode, res.body).toBe(201)
    const c = res.json()
    expect(c.number).toMatch(/^YC2026\d{6}$/)
    expect(c).toMatchObject({ state: 'submitted', handlerDept: 'tj-scjg', ground: GROUNDS[0], lastDay: null })
    expect(c.deadlines[0]).toMatchObject({
      code: 'list_exit.decide',
      label: '认定单位作出移出决定',
      dueOn: '2026-12-18',
    })
    expect((await apply(ids.a as string, GROUNDS[0] as string)).json().error.code).toBe('list_exits.already_open')
    const queue = await app.inject({ method: 'GET', url: '/api/v1/cases?kind=list_exit', headers: operator })
    expect(queue.json().items.map((i: { number: string }) => i.number)).toContain(c.number)

    const ok = await app.inject({
      method: 'POST',
      url: `/api/v1/list-exits/${c.id}/approve`,
      headers: scjg,
      payload: { version: 1, reasons: '经核实已补报年度报告并公示，同意移出。' },
    })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toMatchObject({ state: 'approved', stateLabel: '已同意移出', lastDay: '2026-12-05' })
    // the other entry keeps the flag; the exited one is off the list in list management, as a removal
    const entries = await app.inject({
      method: 'GET',
      url: '/api/v1/lists/focus/entries?state=ended&pageSize=100',
      headers: operator,
    })
    const entry = (entries.json().items as { recordId: string; exit: unknown }[]).find((e) => e.recordId === ids.a)
    expect(entry?.exit).toEqual({
      kind: 'removed',
      on: '2026-12-06',
      reason: '补报未报年份的年度报告并公示。经核实已补报年度报告并公示，同意移出。',
    })
    const h = await recordHistory(ctx.db, ids.a as string)
    expect(h.versions.map((v) => v.op)).toEqual(['add', 'correct'])
    expect(h.record).toMatchObject({ state: 'active', list_until: '2026-12-05' })
    const audit = await searchAuditEvents(ctx.db, { action: 'record.list_exit', targetId: ids.a }, 1, 10)
    expect(audit.total).toBe(1)
    expect((await eligibility(ids.a as string)).reasons.map((r: { code: string }) => r.code)).toEqual(['not_active'])
  })

  it('rejection and the illegal transitions', async () => {
    const c = (await apply(ids.b as string, GROUNDS[1] as string)).json()
    const rej = await app.inject({
      method: 'POST',
      url: `/api/v1/list-exits/${c.id}/reject`,
      headers: scjg,
      payload: { version: 1, reasons: '仍未履行公示义务，不予移出。' },
    })
    expect(rej.statusCode, rej.body).toBe(200)
    expect(rej.json()).toMatchObject({
      state: 'rejected',
      lastDay: null,
      decisionReason: '仍未履行公示义务，不予移出。',
    })
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/list-exits/${c.id}/withdraw`,
      headers: subject,
      payload: { version: 2 },
    })
    expect(again.statusCode).toBe(409)
    expect(again.json().error).toMatchObject({
      code: 'list_exits.bad_transition',
      message: '该移出申请当前状态为「不予移出」，不能撤回。',
    })
    expect((await recordHistory(ctx.db, ids.b as string)).versions).toHaveLength(1)
  })
})
