import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { resolveEntity } from '../../src/modules/entities/index.js'
import { closeMark, openMark } from '../../src/flows/record-marks/index.js'
import { recordsOfEntity, revokeRecord } from '../../src/modules/records/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { admin, bearer, companyUscc, ingestCourtDefaulter, ingestTaxA, seedDepts, testApp } from './helpers.js'

describeEachDialect('checks: joint rewards and punishments', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let czj: Record<string, string>
  let jtw: Record<string, string>
  let operator: Record<string, string>
  const defaulter = companyUscc()
  const expiring = companyUscc()
  const taxA = companyUscc()
  let defaulterRecord = ''
  const checkIds: string[] = []

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepts(ctx)
    czj = await bearer(ctx, 'consumer', 'tj-czj')
    jtw = await bearer(ctx, 'consumer', 'tj-jtw')
    operator = await bearer(ctx, 'operator')
    await ingestCourtDefaulter(ctx, defaulter, '天津市测试失信建材有限公司', '（2026）津01执1号')
    await ingestCourtDefaulter(ctx, expiring, '天津市测试到期商贸有限公司', '（2026）津01执2号', '2026-05-25')
    await ingestTaxA(ctx, taxA, '天津市测试守信科技有限公司')
    const e = await resolveEntity(ctx.db, ctx.keys, { uscc: defaulter })
    if (e.status !== 'matched') throw new Error('defaulter not resolved')
    defaulterRecord = (await recordsOfEntity(ctx.db, e.entityId))[0]?.id as string
    app = await testApp(ctx)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const check = (headers: Record<string, string>, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/api/v1/checks', headers, payload })

  it('a court defaulter is hit in government_procurement by the finance bureau’s own measures, with the record and basis', async () => {
    const r = await check(czj, {
      subject: { uscc: defaulter },
      scenario: 'government_procurement',
      purpose: '政府采购供应商资格审查',
    })
    expect(r.statusCode).toBe(200)
    const body = r.json()
    checkIds.push(body.checkId)
    expect(body.outcome).toBe('punish')
    expect(body.subject).toMatchObject({ uscc: defaulter, name: '天津市测试失信建材有限公司', kind: 'legal_person' })
    expect(body.hits.map((h: { measure: string }) => h.measure)).toEqual(['punish_cd_procurement'])
    const hit = body.hits[0]
    expect(hit.implementingDepartments).toContain('tj-czj')
    expect(hit.basis.join()).toContain('发改财金〔2016〕141号')
    expect(hit.underObjection).toBe(false)
    expect(hit.triggeredBy).toEqual([
      {
        recordId: defaulterRecord,
        class: 'court_defaulter',
        documentNo: '(2026)津01执1号',
        period: { from: expect.any(String), until: expect.any(String) },
      },
    ])
    expect(hit.validUntil).toBe(hit.triggeredBy[0].period.until)
    expect(hit.validUntil >= '2028-05-19').toBe(true)
  })

  it('high_consumption: only the transport commission’s measure, or every measure with allMeasures', async () => {
    const own = (await check(jtw, { subject: { uscc: defaulter }, scenario: 'high_consumption' })).json()
    expect(own.outcome).toBe('punish')
    expect(own.hits.map((h: { measure: string }) => h.measure)).toEqual(['punish_cd_high_consumption'])
    const all = (
      await check(jtw, { subject: { uscc: defaulter }, scenario: 'high_consumption', allMeasures: true })
    ).json()
    expect(all.hits.map((h: { measure: string }) => h.measure).sort()).toEqual([
      'punish_cd_high_consumption',
      'punish_cd_luxury_venues',
      'punish_cd_real_estate',
    ])
    checkIds.push(own.checkId, all.checkId)
    // a department none of whose measures apply gets `none`
    const none = (await check(czj, { subject: { uscc: defaulter }, scenario: 'high_consumption' })).json()
    expect(none).toMatchObject({ outcome: 'none', hits: [] })
    checkIds.push(none.checkId)
  })

  it('an A-grade taxpayer gets rewards', async () => {
    const r = (
      await check(czj, {
        subject: { name: '天津市测试守信科技有限公司', code: taxA },
        scenario: 'government_procurement',
      })
    ).json()
    expect(r.outcome).toBe('reward')
    expect(r.hits.map((h: { measure: string; kind: string }) => [h.measure, h.kind])).toEqual([
      ['reward_taxa_procurement', 'reward'],
    ])
    expect(r.hits[0].triggeredBy[0].class).toBe('tax_a_grade')
    checkIds.push(r.checkId)
  })

  it('an unresolved subject is 422 checks.subject_unresolved, never none; an ID number needs a purpose', async () => {
    const r = await check(czj, { subject: { uscc: companyUscc() }, scenario: 'government_procurement' })
    expect(r.statusCode).toBe(422)
    expect(r.json().error.code).toBe('checks.subject_unresolved')
    expect(r.json().error.message).toMatch(/无法确定核查主体/)
    const id = await check(czj, { subject: { idNumber: '11010519491231002X' }, scenario: 'public_office' })
    expect(id.statusCode).toBe(422)
    expect(id.json().error.code).toBe('checks.purpose_required')
    const withPurpose = await check(czj, {
      subject: { idNumber: '11010519491231002X' },
      scenario: 'public_office',
      purpose: '公务员录用考察',
    })
    expect(withPurpose.json().error.code).toBe('checks.subject_unresolved')
    expect((await check(czj, { subject: {}, scenario: 'bidding' })).statusCode).toBe(400)
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/checks',
          payload: { subject: { uscc: defaulter }, scenario: 'bidding' },
        })
      ).statusCode,
    ).toBe(401)
    expect((await check(operator, { subject: { uscc: defaulter }, scenario: 'bidding' })).statusCode).toBe(403)
  })

  it('a batch checks each subject, with per-subject errors inline, and writes one audit event', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/checks/batch',
      headers: czj,
      payload: {
        subjects: [{ uscc: defaulter }, { uscc: companyUscc() }, { uscc: taxA }],
        scenario: 'government_procurement',
      },
    })
    expect(r.statusCode).toBe(200)
    const { items, batchId } = r.json()
    expect(
      items.map((i: { index: number; outcome?: string; error?: { code: string } }) => [
        i.index,
        i.outcome ?? i.error?.code,
      ]),
    ).toEqual([
      [0, 'punish'],
      [1, 'checks.subject_unresolved'],
      [2, 'reward'],
    ])
    const events = (await searchAuditEvents(ctx.db, { action: 'check.batch' }, 1, 10)).items
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ targetId: batchId, details: { subjects: 3, checked: 2, failed: 1 } })
  })

  it('every check is audited and stored as a receipt of the department', async () => {
    const events = (await searchAuditEvents(ctx.db, { action: 'check.run' }, 1, 100)).items
    expect(events.map((e) => e.targetId).sort()).toEqual([...checkIds].sort())
    expect(events.find((e) => e.targetId === checkIds[0])).toMatchObject({
      actorDept: 'tj-czj',
      purpose: '政府采购供应商资格审查',
      details: { outcome: 'punish', scenario: 'government_procurement', measures: ['punish_cd_procurement'] },
    })
    const receipt = await app.inject({ method: 'GET', url: `/api/v1/checks/${checkIds[0]}`, headers: czj })
    expect(receipt.statusCode).toBe(200)
    expect(receipt.json()).toMatchObject({
      checkId: checkIds[0],
      outcome: 'punish',
      purpose: '政府采购供应商资格审查',
      requester: { dept: 'tj-czj' },
      subject: { uscc: defaulter },
      hits: [{ measure: 'punish_cd_procurement', basis: expect.arrayContaining([expect.stringContaining('141号')]) }],
      feedback: [],
    })
    // another department does not see it
    expect((await app.inject({ method: 'GET', url: `/api/v1/checks/${checkIds[0]}`, headers: jtw })).statusCode).toBe(
      404,
    )
  })

  it('feedback: one per check and measure, reposts are versions; the pending list and the statistics follow', async () => {
    const id = checkIds[0] as string
    ctx.clock.set('2026-06-10T02:00:00Z') // 7 working days later
    const pending = await app.inject({ method: 'GET', url: '/api/v1/checks/feedback/pending?days=5', headers: czj })
    expect(pending.statusCode).toBe(200)
    type Todo = { checkId: string; pendingMeasures: string[]; workingDays: number; repeats: { checkId: string }[] }
    const before = pending.json().items as Todo[]
    // the batch check of the same company a moment later is a repeat of this one: one to-do, on the newer check
    const todo = before.find((p) => p.checkId === id || p.repeats.some((r) => r.checkId === id))
    expect(todo).toMatchObject({ pendingMeasures: ['punish_cd_procurement'], workingDays: 7 })
    expect([todo?.checkId, ...(todo?.repeats ?? []).map((r) => r.checkId)]).toContain(id)
    expect(todo?.repeats).toHaveLength(1)
    const post = (payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: `/api/v1/checks/${id}/feedback`, headers: czj, payload })
    expect((await post({ measure: 'punish_cd_bidding', action: 'applied' })).json().error.code).toBe(
      'checks.measure_not_hit',
    )
    expect((await post({ measure: 'punish_cd_procurement', action: 'not_applied' })).json().error.code).toBe(
      'checks.reason_required',
    )
    const first = await post({
      measure: 'punish_cd_procurement',
      action: 'partial',
      reason: '采购已开标，后续标段限制',
      effect: '限制参与两个标段',
    })
    expect(first.statusCode).toBe(200)
    expect(first.json()).toMatchObject({ version: 1, action: 'partial', current: true })
    const second = await post({ measure: 'punish_cd_procurement', action: 'applied', effect: '取消供应商资格' })
    expect(second.json()).toMatchObject({ version: 2, action: 'applied', current: true })
    const receipt = (await app.inject({ method: 'GET', url: `/api/v1/checks/${id}`, headers: czj })).json()
    expect(receipt.feedback.map((f: { version: number; current: boolean }) => [f.version, f.current])).toEqual([
      [1, false],
      [2, true],
    ])
    const after = (
      await app.inject({ method: 'GET', url: '/api/v1/checks/feedback/pending?days=5', headers: czj })
    ).json().items
    expect(after.find((p: Todo) => p.checkId === id || p.repeats.some((r) => r.checkId === id))).toBeUndefined()
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/checks/${id}/feedback`,
          headers: jtw,
          payload: { measure: 'punish_cd_procurement', action: 'applied' },
        })
      ).statusCode,
    ).toBe(404)
    // each feedback is given on the check and on its repeat, one event each
    const events = (await searchAuditEvents(ctx.db, { action: 'check.feedback' }, 1, 10)).items
    expect(events).toHaveLength(4)
    expect(events.filter((e) => e.targetId === id)).toHaveLength(2)
    expect(events.filter((e) => e.targetId !== id).map((e) => e.details.sameAs)).toEqual([id, id])
    const stats = (await app.inject({ method: 'GET', url: '/api/v1/checks/stats', headers: czj })).json().items
    expect(stats).toHaveLength(1)
    expect(stats[0]).toMatchObject({
      dept: 'tj-czj',
      hitsWithFeedback: 2,
      avgDelayWorkingDays: 7,
      actions: { applied: 2, not_applied: 0, partial: 0 },
    })
    expect(stats[0].hits).toBeGreaterThan(1)
    expect(stats[0].feedbackRate).toBeCloseTo(2 / stats[0].hits, 3)
  })

  it('a record under objection still triggers, marked underObjection (policy "mark")', async () => {
    await openMark(ctx, admin, defaulterRecord, { reason: '主体提出异议：已履行义务' })
    const r = (await check(czj, { subject: { uscc: defaulter }, scenario: 'government_procurement' })).json()
    expect(r.outcome).toBe('punish')
    expect(r.hits[0]).toMatchObject({ measure: 'punish_cd_procurement', underObjection: true })
    await closeMark(ctx, admin, defaulterRecord, { reason: '异议不成立，维持原记录' })
    const after = (await check(czj, { subject: { uscc: defaulter }, scenario: 'government_procurement' })).json()
    expect(after.hits[0].underObjection).toBe(false)
  })

  it('after revocation, or once the clock passes the list period, the record no longer triggers: none', async () => {
    await revokeRecord(ctx, admin, defaulterRecord, '执行依据被撤销')
    const revoked = (
      await check(czj, { subject: { uscc: defaulter }, scenario: 'government_procurement', allMeasures: true })
    ).json()
    expect(revoked).toMatchObject({ outcome: 'none', hits: [] })
    const live = (await check(czj, { subject: { uscc: expiring }, scenario: 'government_procurement' })).json()
    expect(live.outcome).toBe('punish')
    const until = live.hits[0].validUntil as string
    ctx.clock.set(`${until}T15:00:00Z`) // 23:00 Shanghai on the last day: still triggers
    expect((await check(czj, { subject: { uscc: expiring }, scenario: 'government_procurement' })).json().outcome).toBe(
      'punish',
    )
    ctx.clock.set(`${until}T16:00:00Z`) // 00:00 Shanghai the day after
    expect(
      (await check(czj, { subject: { uscc: expiring }, scenario: 'government_procurement' })).json(),
    ).toMatchObject({ outcome: 'none', hits: [] })
  })
})
