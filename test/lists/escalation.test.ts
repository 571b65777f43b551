import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { confirmProposal } from '../../src/flows/lists/index.js'
import { closeMark, openMark } from '../../src/flows/record-marks/index.js'
import { recordsOfEntity, revokeRecord } from '../../src/modules/records/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { Interrupted, interruptedAt } from '../support/interrupt.js'
import {
  admin,
  bearer,
  companyUscc,
  entityIdOf,
  ingestDefaulter,
  ingestPenalties,
  ruleWith,
  seedDepts,
  testApp,
} from './helpers.js'

const co = (name: string) => ({ name, uscc: companyUscc() })

describeEachDialect('lists: focus-list escalation rule and proposals', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let operator: Record<string, string>
  let czj: Record<string, string>
  // A: three general penalties within six months; B: two; C: three but on the black list; E: three within twelve
  // months, two within six; F: two general and one serious; G: three, one revoked; H: three, one under objection
  const A = co('天津市测试甲商贸有限公司')
  const B = co('天津市测试乙商贸有限公司')
  const C = co('天津市测试丙商贸有限公司')
  const E = co('天津市测试戊商贸有限公司')
  const F = co('天津市测试己商贸有限公司')
  const G = co('天津市测试庚商贸有限公司')
  const H = co('天津市测试辛商贸有限公司')
  const recent = ['2026-03-10', '2026-04-15', '2026-05-20']
  let hRecord = ''

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepts(ctx)
    operator = await bearer(ctx, 'operator')
    czj = await bearer(ctx, 'consumer', 'tj-czj')
    await ingestPenalties(ctx, A, recent)
    await ingestPenalties(ctx, B, recent.slice(1))
    await ingestPenalties(ctx, C, recent)
    await ingestDefaulter(ctx, C, '（2026）津01执9号', '2026-05-01')
    await ingestPenalties(ctx, E, ['2025-10-01', '2026-03-01', '2026-05-01'])
    await ingestPenalties(ctx, F, recent.slice(1))
    await ingestPenalties(ctx, F, ['2026-05-25'], { CF_CFLB: '吊销许可证件', CF_WSH: '津市监罚〔2026〕F-9号' })
    await ingestPenalties(ctx, G, recent)
    const gRecords = await recordsOfEntity(ctx.db, await entityIdOf(ctx, G.uscc))
    await revokeRecord(ctx, admin, gRecords[0]?.id as string, '处罚决定已被复议机关撤销')
    await ingestPenalties(ctx, H, recent)
    hRecord = (await recordsOfEntity(ctx.db, await entityIdOf(ctx, H.uscc)))[0]?.id as string
    await openMark(ctx, admin, hRecord, { kind: 'under_objection', reason: '当事人对处罚决定提出异议' })
    app = await testApp(ctx)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const get = (url: string, headers = operator) => app.inject({ method: 'GET', url, headers })
  const post = (url: string, payload: unknown = {}, headers = operator) =>
    app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> })
  const put = (payload: unknown, headers = operator) =>
    app.inject({
      method: 'PUT',
      url: '/api/v1/lists/escalation-rule',
      headers,
      payload: payload as Record<string, unknown>,
    })
  const scan = async () => {
    const r = await post('/api/v1/lists/proposals/scan')
    expect(r.statusCode).toBe(200)
    return r.json() as {
      enabled: boolean
      ruleVersion: number
      proposed: {
        id: string
        entity: { name: string; uscc: string }
        recordCount: number
        ruleVersion: number
        records: { documentNo: string }[]
      }[]
      superseded: { id: string; reason: string }[]
      open: number
    }
  }
  const openProposals = async () =>
    (await get('/api/v1/lists/proposals?status=proposed')).json() as {
      total: number
      items: { id: string; entity: { name: string } }[]
    }

  describe('the rule is data: off by default, versioned, validated', () => {
    it('loads data/lists/escalation.json as version 1, switched off', async () => {
      const r = await get('/api/v1/lists/escalation-rule')
      expect(r.statusCode).toBe(200)
      expect(r.json()).toMatchObject({
        version: 1,
        source: 'default',
        isCurrent: true,
        rule: {
          enabled: false,
          generalRecords: 3,
          withinMonths: 12,
          classes: [],
          focusMonths: 12,
          department: 'tj-fgw',
        },
      })
      expect(r.json().rule.basis[0]).toContain('国办发〔2020〕49号')
    })

    it('a scan of the disabled rule proposes nobody', async () => {
      const r = await scan()
      expect(r).toMatchObject({ enabled: false, ruleVersion: 1, proposed: [], superseded: [], open: 0 })
      expect((await openProposals()).total).toBe(0)
      expect(await ctx.db.selectFrom('list_proposals').selectAll().execute()).toEqual([])
    })

    it('rejects a bad rule with coded Chinese errors naming the field', async () => {
      const bad = async (rule: Record<string, unknown>, pattern: RegExp) => {
        const r = await put({ rule, reason: '调整升级规则' })
        expect(r.statusCode).toBe(422)
        expect(r.json().error.code).toBe('lists.rule_invalid')
        expect(r.json().error.message).toMatch(pattern)
      }
      await bad(ruleWith({ generalRecords: 1 }), /generalRecords（一般失信记录条数 N）应为 2 到 100 的整数/)
      await bad(ruleWith({ withinMonths: 0 }), /withinMonths/)
      await bad(ruleWith({ classes: ['court_defaulter'] }), /类别「court_defaulter」是名单类别/)
      await bad(ruleWith({ classes: ['admin_license'] }), /类别「admin_license」不是负面/)
      await bad(ruleWith({ classes: ['no_such_class'] }), /不在信用信息目录中/)
      await bad(ruleWith({ focusMonths: 24 }), /focusMonths（列入期限）应为 1 到 12 的整数/)
      await bad(ruleWith({ department: 'tj-none' }), /部门「tj-none」未登记/)
      await bad(ruleWith({ basis: [] }), /basis（列入依据）至少一项/)
      await bad(ruleWith({ threshold: 3 }), /未知属性「threshold」/)
      const noReason = await put({ rule: ruleWith({}), reason: ' ' })
      expect(noReason.statusCode).toBe(422)
      expect(noReason.json().error.code).toBe('lists.rule_reason_required')
      expect((await get('/api/v1/lists/escalation-rule')).json().version).toBe(1)
    })

    it('only measure.write may change it; consumers read it', async () => {
      expect((await put({ rule: ruleWith({}), reason: '启用' }, czj)).statusCode).toBe(403)
      expect((await get('/api/v1/lists/escalation-rule', czj)).statusCode).toBe(200)
    })

    it('an operator switches it on: a new version, audited, the history kept', async () => {
      const r = await put({ rule: ruleWith({}), reason: '启用重点关注名单升级规则', baseVersion: 1 })
      expect(r.statusCode).toBe(200)
      expect(r.json()).toMatchObject({
        version: 2,
        source: 'operator',
        reason: '启用重点关注名单升级规则',
        rule: { enabled: true, generalRecords: 3, withinMonths: 6 },
      })
      const versions = (await get('/api/v1/lists/escalation-rule/versions')).json().items
      expect(
        versions.map((v: { version: number; isCurrent: boolean; source: string }) => [
          v.version,
          v.isCurrent,
          v.source,
        ]),
      ).toEqual([
        [1, false, 'default'],
        [2, true, 'operator'],
      ])
      expect(versions[0].rule.enabled).toBe(false)
      expect((await get('/api/v1/lists/escalation-rule?version=1')).json().rule.withinMonths).toBe(12)
      const events = await searchAuditEvents(ctx.db, { action: 'lists.rule_updated' }, 1, 50)
      expect(events.items.length).toBe(1)
      expect(events.items[0]?.details).toMatchObject({ version: 2, previous: 1, changed: ['enabled', 'withinMonths'] })
    })

    it('a stale base version is a conflict; the same rule again is no new version', async () => {
      const stale = await put({ rule: ruleWith({ generalRecords: 4 }), reason: '提高门槛', baseVersion: 1 })
      expect(stale.statusCode).toBe(409)
      expect(stale.json().error.code).toBe('lists.rule_version_conflict')
      const same = await put({ rule: ruleWith({}), reason: '重复提交' })
      expect(same.statusCode).toBe(422)
      expect(same.json().error.code).toBe('lists.rule_unchanged')
      expect((await get('/api/v1/lists/escalation-rule')).json().version).toBe(2)
    })
  })

  describe('scan: proposals only, for N records in M months', () => {
    let proposalA = ''

    it('proposes exactly the entity with three counting records in six months', async () => {
      const r = await scan()
      expect(r.enabled).toBe(true)
      expect(r.ruleVersion).toBe(2)
      expect(r.proposed.map((p) => p.entity.name)).toEqual([A.name])
      const p = r.proposed[0]
      expect(p).toMatchObject({ recordCount: 3, ruleVersion: 2, status: 'proposed', entity: { uscc: A.uscc } })
      expect(p?.records.map((x) => x.documentNo)).toHaveLength(3)
      expect(r.open).toBe(1)
      proposalA = p?.id as string
      const events = await searchAuditEvents(ctx.db, { action: 'lists.scan' }, 1, 50)
      expect(events.items.length).toBe(1)
      expect(events.items[0]?.details).toMatchObject({ ruleVersion: 2, proposed: 1 })
    })

    it('lists nobody by itself: no focus_list record exists after a scan', async () => {
      const rows = await ctx.db.selectFrom('records').select('id').where('class_code', '=', 'focus_list').execute()
      expect(rows).toEqual([])
    })

    it('a second scan proposes nothing new while the proposal is open', async () => {
      const r = await scan()
      expect(r.proposed).toEqual([])
      expect(r.superseded).toEqual([])
      expect(r.open).toBe(1)
      const list = await openProposals()
      expect(list.items.map((p) => p.id)).toEqual([proposalA])
    })

    it('proposals are for operators: consumers may neither read, scan nor decide', async () => {
      expect((await get('/api/v1/lists/proposals', czj)).statusCode).toBe(403)
      expect((await post('/api/v1/lists/proposals/scan', {}, czj)).statusCode).toBe(403)
      expect((await post(`/api/v1/lists/proposals/${proposalA}/confirm`, {}, czj)).statusCode).toBe(403)
    })

    it('confirming needs the decision document number, date and reason (coded Chinese errors)', async () => {
      const confirm = (body: Record<string, unknown>) => post(`/api/v1/lists/proposals/${proposalA}/confirm`, body)
      const ok = { documentNo: '津发改信用〔2026〕18号', decisionDate: '2026-06-01', reason: '半年内三次受到行政处罚' }
      const cases: [Record<string, unknown>, string, RegExp][] = [
        [{ ...ok, documentNo: '' }, 'lists.document_no_required', /列入决定文号/],
        [{ ...ok, decisionDate: undefined }, 'lists.decision_date_invalid', /列入决定日期（decisionDate）为必填项/],
        [{ ...ok, decisionDate: '2026-02-30' }, 'lists.decision_date_invalid', /YYYY-MM-DD/],
        [{ ...ok, decisionDate: '2026-06-02' }, 'lists.decision_date_invalid', /不得晚于今天（2026-06-01）/],
        [{ ...ok, decisionDate: '2026-05-01' }, 'lists.decision_date_invalid', /不得早于列入建议的提出日期/],
        [{ ...ok, reason: ' ' }, 'lists.reason_required', /列入事由/],
      ]
      for (const [body, code, message] of cases) {
        const r = await confirm(body)
        expect(r.statusCode, code).toBe(422)
        expect(r.json().error.code).toBe(code)
        expect(r.json().error.message).toMatch(message)
      }
      expect((await get(`/api/v1/lists/proposals?status=proposed`)).json().total).toBe(1)
      expect(await ctx.db.selectFrom('batches').select('id').where('class_code', '=', 'focus_list').execute()).toEqual(
        [],
      )
    })

    it('an interrupted confirmation leaves no batch, record, decision or audit event behind', async () => {
      const state = async () => ({
        open: (await get(`/api/v1/lists/proposals?status=proposed`)).json().total,
        records: (await ctx.db.selectFrom('records').select('id').where('class_code', '=', 'focus_list').execute())
          .length,
        batches: (await ctx.db.selectFrom('batches').select('id').where('class_code', '=', 'focus_list').execute())
          .length,
        audit: (await searchAuditEvents(ctx.db, {}, 1, 1)).total,
      })
      const before = await state()
      expect(before).toMatchObject({ open: 1, records: 0, batches: 0 })
      // the batch and its record are written, the request stops at the decision
      const cut = interruptedAt(ctx, 'update:list_proposals')
      await expect(
        confirmProposal(cut, admin, proposalA, {
          documentNo: '津发改信用〔2026〕18号',
          decisionDate: '2026-06-01',
          reason: '半年内三次受到一般失信行政处罚',
        }),
      ).rejects.toBeInstanceOf(Interrupted)
      expect(await state()).toEqual(before)
    })

    it('confirming creates a public focus_list record through the ingest flow, audited', async () => {
      const r = await post(`/api/v1/lists/proposals/${proposalA}/confirm`, {
        documentNo: '津发改信用〔2026〕18号',
        decisionDate: '2026-06-01',
        reason: '半年内三次受到一般失信行政处罚',
      })
      expect(r.statusCode).toBe(200)
      const p = r.json()
      expect(p).toMatchObject({
        status: 'confirmed',
        decidedDept: 'tj-fgw',
        documentNo: '津发改信用〔2026〕18号',
        decisionDate: '2026-06-01',
        reason: '半年内三次受到一般失信行政处罚',
      })
      expect(p.basis).toContain('国办发〔2020〕49号')
      const record = (await get(`/api/v1/records/${p.listRecordId}`)).json()
      expect(record).toMatchObject({
        class: 'focus_list',
        state: 'active',
        list: { kind: 'focus', until: '2027-06-01' },
      })
      const batch = await ctx.db.selectFrom('batches').selectAll().where('id', '=', p.batchId).executeTakeFirstOrThrow()
      expect(batch).toMatchObject({
        class_code: 'focus_list',
        channel: 'flow',
        dept_code: 'tj-fgw',
        total: 1,
        accepted: 1,
      })
      const events = await searchAuditEvents(ctx.db, { action: 'lists.proposal_confirmed' }, 1, 50)
      expect(events.items.map((e) => e.targetId)).toEqual([proposalA])
      expect(events.items[0]?.details).toMatchObject({ recordId: p.listRecordId, dept: 'tj-fgw' })
      // the request after the interrupted one made exactly one batch and one record
      expect(
        (await ctx.db.selectFrom('batches').select('id').where('class_code', '=', 'focus_list').execute()).map(
          (b) => b.id,
        ),
      ).toEqual([p.batchId])
      const started = await searchAuditEvents(ctx.db, { action: 'batch.start', targetId: p.batchId }, 1, 10)
      expect(started.total).toBe(1)

      const portal = (await app.inject({ method: 'GET', url: '/api/v1/public/lists/focus_list' })).json()
      expect(portal.items.map((i: { name: string; until: string }) => [i.name, i.until])).toEqual([
        [A.name, '2027-06-01'],
      ])

      const entries = (await get('/api/v1/lists/focus/entries')).json()
      expect(entries.items).toHaveLength(1)
      expect(entries.items[0]).toMatchObject({
        recordId: p.listRecordId,
        class: 'focus_list',
        state: 'listed',
        public: true,
        providerDept: 'tj-fgw',
        period: { from: '2026-06-01', until: '2027-06-01' },
        exit: null,
        entity: { name: A.name, uscc: A.uscc },
      })
    })

    it('the confirmed entry triggers a focus-list measure in a check', async () => {
      const measure = await app.inject({
        method: 'PUT',
        url: '/api/v1/measures/punish_focus_procurement',
        headers: operator,
        payload: {
          reason: '地方措施：重点关注对象参加政府采购时重点审查',
          definition: {
            nameZh: '重点关注对象参加政府采购重点审查',
            kind: 'punish',
            content: '对列入重点关注名单的供应商，在政府采购活动中重点审查其信用状况。',
            basis: ['《国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见》（国办发〔2020〕49号）'],
            departments: ['tj-czj'],
            scenarios: ['government_procurement'],
            triggers: [{ type: 'list', class: 'focus_list' }],
            subjectKinds: ['legal_person'],
            effectiveFrom: '2026-01-01',
          },
        },
      })
      expect(measure.statusCode).toBe(200)
      const check = (uscc: string) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/checks',
          headers: czj,
          payload: { subject: { uscc }, scenario: 'government_procurement', purpose: '政府采购供应商资格审查' },
        })
      const hit = (await check(A.uscc)).json()
      expect(hit.outcome).toBe('punish')
      expect(hit.hits.map((h: { measure: string }) => h.measure)).toEqual(['punish_focus_procurement'])
      expect(hit.hits[0].triggeredBy[0]).toMatchObject({
        class: 'focus_list',
        period: { from: '2026-06-01', until: '2027-06-01' },
      })
      expect((await check(B.uscc)).json().outcome).toBe('none')
    })

    it('a decided proposal cannot be confirmed or rejected again; the listed entity is not proposed again', async () => {
      const again = await post(`/api/v1/lists/proposals/${proposalA}/confirm`, {
        documentNo: '津发改信用〔2026〕19号',
        decisionDate: '2026-06-01',
        reason: '重复确认',
      })
      expect(again.statusCode).toBe(409)
      expect(again.json().error.code).toBe('lists.proposal_not_open')
      expect(again.json().error.message).toContain('已确认列入')
      const reject = await post(`/api/v1/lists/proposals/${proposalA}/reject`, { reason: '重复' })
      expect(reject.statusCode).toBe(409)
      const r = await scan()
      expect(r.proposed).toEqual([])
      expect(r.open).toBe(0)
      expect(
        (await ctx.db.selectFrom('records').select('id').where('class_code', '=', 'focus_list').execute()).length,
      ).toBe(1)
    })
  })

  describe('versions, rejection, objections and supersession', () => {
    let proposalE = ''

    it('a new version of the rule (12 months) proposes the entity whose records span the year', async () => {
      const v = await put({ rule: ruleWith({ withinMonths: 12 }), reason: '统计期间改为 12 个月', baseVersion: 2 })
      expect(v.json().version).toBe(3)
      const r = await scan()
      expect(r.proposed.map((p) => [p.entity.name, p.ruleVersion, p.recordCount])).toEqual([[E.name, 3, 3]])
      proposalE = r.proposed[0]?.id as string
    })

    it('rejecting needs a reason; a rejected proposal is not made again for the same records', async () => {
      const none = await post(`/api/v1/lists/proposals/${proposalE}/reject`, { reason: '' })
      expect(none.statusCode).toBe(422)
      expect(none.json().error.code).toBe('lists.reject_reason_required')
      const r = await post(`/api/v1/lists/proposals/${proposalE}/reject`, { reason: '经核实当事人已整改，暂不列入' })
      expect(r.statusCode).toBe(200)
      expect(r.json()).toMatchObject({
        status: 'rejected',
        statusReason: '经核实当事人已整改，暂不列入',
        listRecordId: null,
      })
      const events = await searchAuditEvents(ctx.db, { action: 'lists.proposal_rejected' }, 1, 50)
      expect(events.items.map((e) => e.targetId)).toEqual([proposalE])
      expect((await scan()).proposed).toEqual([])
      // a new counting record brings the entity back
      await ingestPenalties(ctx, E, ['2026-05-28'], { CF_WSH: '津市监罚〔2026〕E-4号' })
      const again = await scan()
      expect(again.proposed.map((p) => [p.entity.name, p.recordCount])).toEqual([[E.name, 4]])
    })

    it('records under objection do not count; closing the objection lets the entity be proposed', async () => {
      const before = await openProposals()
      expect(before.items.map((p) => p.entity.name)).not.toContain(H.name)
      await closeMark(ctx, admin, hRecord, { kind: 'under_objection', reason: '异议不成立' })
      const r = await scan()
      expect(r.proposed.map((p) => p.entity.name)).toEqual([H.name])
    })

    it('an open proposal whose records no longer meet the rule is superseded at the next scan', async () => {
      const open = (await openProposals()).items.find((p) => p.entity.name === H.name)
      await revokeRecord(ctx, admin, hRecord, '处罚决定被撤销')
      const r = await scan()
      expect(r.superseded).toEqual([
        { id: open?.id, entityId: await entityIdOf(ctx, H.uscc), reason: expect.stringContaining('不满足升级条件') },
      ])
      const row = await ctx.db
        .selectFrom('list_proposals')
        .selectAll()
        .where('id', '=', open?.id as string)
        .executeTakeFirstOrThrow()
      expect(row.status).toBe('superseded')
      expect(
        (
          await post(`/api/v1/lists/proposals/${open?.id}/confirm`, {
            documentNo: 'X-1号',
            decisionDate: '2026-06-01',
            reason: '列入',
          })
        ).statusCode,
      ).toBe(409)
    })

    it('never proposes entities already on the black list, with a serious record among three, or with a revoked one', async () => {
      const names = (
        await ctx.db
          .selectFrom('list_proposals')
          .innerJoin('entities', 'entities.id', 'list_proposals.entity_id')
          .select('entities.name')
          .execute()
      ).map((r) => r.name)
      for (const n of [B.name, C.name, F.name, G.name]) expect(names).not.toContain(n)
    })

    it('switching the rule off stops proposals but leaves the open ones for operators', async () => {
      await put({ rule: ruleWith({ withinMonths: 12, enabled: false }), reason: '暂停升级规则' })
      const r = await scan()
      expect(r.enabled).toBe(false)
      expect(r.open).toBe(1)
      expect((await openProposals()).items.map((p) => p.entity.name)).toEqual([E.name])
    })

    it('an open proposal of an entity that got on the black list meanwhile cannot be confirmed', async () => {
      const open = (await openProposals()).items[0]
      await ingestDefaulter(ctx, E, '（2026）津01执31号', '2026-05-30')
      const r = await post(`/api/v1/lists/proposals/${open?.id}/confirm`, {
        documentNo: '津发改信用〔2026〕20号',
        decisionDate: '2026-06-01',
        reason: '一年内四次受到一般失信行政处罚',
      })
      expect(r.statusCode).toBe(409)
      expect(r.json().error).toMatchObject({ code: 'lists.already_listed' })
      expect(r.json().error.message).toContain(E.name)
      const focus = await ctx.db
        .selectFrom('records')
        .select('entity_id')
        .where('class_code', '=', 'focus_list')
        .execute()
      expect(focus.length).toBe(1)
    })
  })
})
