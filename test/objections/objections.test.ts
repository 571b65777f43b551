import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runIngest } from '../../src/flows/ingest/index.js'
import { createRng, generateResidentId } from '../../src/identifiers/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { getDeadlinePolicy, updateDeadlinePolicy } from '../../src/modules/deadlines/index.js'
import { getRecordRow } from '../../src/modules/records/index.js'
import { PDF } from '../files/fixtures.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { multipart } from '../support/multipart.js'
import { admin, bearer, companyUscc, courtDefaulter, seedDepts, subjectLogin, testApp } from './helpers.js'

describeEachDialect('objections (异议): filing, transitions, effects, clocks', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let operator: Record<string, string>
  let fy: Record<string, string>
  let sw: Record<string, string>
  let czj: Record<string, string>
  let subject: Record<string, string>
  const usccA = companyUscc()
  const usccB = companyUscc()
  const rec: Record<string, string> = {}
  let entityA = ''

  beforeAll(async () => {
    // Tuesday 29 September 2026, 10:00 in Tianjin: 中秋 is over, 国庆 (1-7 October) is ahead
    ctx = await testContext(dialect, { now: '2026-09-29T02:00:00Z' })
    await seedDepts(ctx)
    operator = await bearer(ctx, 'operator')
    fy = await bearer(ctx, 'provider', 'tj-fy')
    sw = await bearer(ctx, 'provider', 'tj-sw')
    czj = await bearer(ctx, 'consumer', 'tj-czj')
    for (const k of [
      'sealed',
      'policy-old',
      'policy-new',
      'evidence',
      'path',
      'illegal',
      'reject',
      'withdraw',
      'revoke',
      'uphold',
      'race',
      'bad',
      'clock',
    ]) {
      const r = await courtDefaulter(ctx, usccA, '天津市测试异议建材有限公司', `（2026）津01执${k}号`)
      rec[k] = r.recordId
      entityA = r.entityId
    }
    rec.other = (await courtDefaulter(ctx, usccB, '天津市测试他人商贸有限公司', '（2026）津01执他人号')).recordId
    app = await testApp(ctx)
    subject = await subjectLogin(ctx, app, `subject-a-${dialect}`, entityA)
  })
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  const post = (url: string, headers: Record<string, string>, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url, headers, payload })
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers })
  const file = (recordId: string, headers = subject, extra: Record<string, unknown> = {}) =>
    post('/api/v1/objections', headers, {
      recordId,
      reason: '该案已于2026年6月全部履行完毕，请核实后撤销失信信息。',
      contact: '13800138000 李经理',
      ...extra,
    })
  const act = (id: string, action: string, headers: Record<string, string>, payload: Record<string, unknown>) =>
    post(`/api/v1/objections/${id}/${action}`, headers, payload)
  const audits = async (targetId: string) =>
    (await searchAuditEvents(ctx.db, { targetId }, 1, 100)).items.map((e) => e.action)
  const entityFile = async () => (await get(`/api/v1/public/entities/${entityA}`)).json()
  const publicMarked = (body: { marks: { recordId: string }[] }, recordId: string) =>
    body.marks.some((m) => m.recordId === recordId)
  const checkHit = async (recordId: string) => {
    const r = await post('/api/v1/checks', czj, {
      subject: { uscc: usccA },
      scenario: 'government_procurement',
      purpose: '政府采购供应商资格审查',
      allMeasures: true,
    })
    expect(r.statusCode, r.body).toBe(200)
    const hits = r.json().hits as { triggeredBy: { recordId: string }[]; underObjection: boolean }[]
    return hits.find((h) => h.triggeredBy.some((t) => t.recordId === recordId))
  }

  it('a subject files on its own record: 201 with number, state and the acceptance clock across 国庆', async () => {
    const r = await file(rec.path as string)
    expect(r.statusCode, r.body).toBe(201)
    const body = r.json()
    expect(body).toMatchObject({
      recordId: rec.path,
      state: 'submitted',
      stateLabel: '已提交',
      version: 1,
      applicantKind: 'subject',
      onBehalf: false,
      providerDept: 'tj-fy',
      handlerDept: null,
      contact: null, // the applicant's contact is for handlers only
      deadlines: {
        'objection.accept': {
          startOn: '2026-09-29',
          workingDays: 2,
          dueOn: '2026-10-08', // 30 Sep, then 1-7 October are holidays, 8 October
          provisional: false,
          remainingWorkingDays: 2,
          overdue: false,
          metAt: null,
        },
      },
    })
    expect(body.number).toMatch(/^YY2026\d{6}$/)
    expect(body.deadlineList).toHaveLength(1)
    expect(body.deadlineList[0]).toMatchObject({ code: 'objection.accept', dueOn: '2026-10-08' })
    rec.pathCase = body.id
    const seen = (await get(`/api/v1/objections/${body.id}`, operator)).json()
    expect(seen.contact).toBe('13800138000 李经理')
    expect(seen.reason).toContain('全部履行完毕')
    expect(seen.actions).toEqual(['accept', 'reject'])
    expect((await get(`/api/v1/objections/${body.id}`, subject)).json().actions).toEqual(['withdraw'])
  })

  it('evidence uploaded by the subject is attached to the case; its handlers read it, nobody else', async () => {
    const form = multipart({}, { name: '结案证明.pdf', content: PDF, type: 'application/pdf' })
    const up = await app.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: { ...subject, ...form.headers },
      payload: form.payload,
    })
    expect(up.statusCode, up.body).toBe(201)
    const fileId = up.json().id as string
    // a file id that is not the caller's: nothing is filed
    const foreign = await file(rec.evidence as string, subject, { evidence: ['no-such-file'] })
    expect(foreign.statusCode).toBeGreaterThanOrEqual(400)
    expect((await get('/api/v1/objections', operator)).json().total).toBe(1)
    const r = await file(rec.evidence as string, subject, { evidence: [fileId] })
    expect(r.statusCode, r.body).toBe(201)
    expect(r.json().evidence).toEqual([{ id: fileId }])
    const id = r.json().id as string
    const detail = (await get(`/api/v1/objections/${id}`, operator)).json()
    expect(detail.evidenceFiles).toMatchObject([{ id: fileId, name: '结案证明.pdf', mime: 'application/pdf' }])
    expect((await get(`/api/v1/files/${fileId}`, operator)).statusCode).toBe(200)
    expect((await get(`/api/v1/files/${fileId}`, sw)).statusCode).toBe(404)
    // the providing department once the case is forwarded to it
    expect((await get(`/api/v1/files/${fileId}`, fy)).statusCode).toBe(404)
    await act(id, 'accept', operator, { version: 1 })
    await act(id, 'forward', operator, { version: 2 })
    expect((await get(`/api/v1/files/${fileId}`, fy)).statusCode).toBe(200)
    expect(await audits(id)).toContain('file.attach')
    await act(id, 'decide', fy, { version: 3, outcome: 'upheld', reason: '经核实记录准确，维持' })
  })

  it('a record of another entity looks like a missing one: 404 objections.record_not_found', async () => {
    const other = await file(rec.other as string)
    const missing = await file('no-such-record')
    expect(other.statusCode).toBe(404)
    expect(missing.statusCode).toBe(404)
    expect(other.json().error.code).toBe('objections.record_not_found')
    expect(other.json().error.message).toBe(missing.json().error.message)
    // and its case is as invisible: the subject gets 404 on another entity's case
    const theirs = await file(rec.other as string, operator)
    expect(theirs.statusCode).toBe(201)
    expect((await get(`/api/v1/objections/${theirs.json().id}`, subject)).statusCode).toBe(404)
  })

  it('an operator files at the window on the subject’s behalf (窗口代录), audited as such', async () => {
    const r = await file(rec.withdraw as string, operator)
    expect(r.statusCode, r.body).toBe(201)
    expect(r.json()).toMatchObject({ applicantKind: 'operator', onBehalf: true, contact: '13800138000 李经理' })
    rec.withdrawCase = r.json().id
    expect(await audits(r.json().id)).toEqual(expect.arrayContaining(['objection.submit', 'objection.on_behalf']))
    // the subject sees it in its own list
    const mine = (await get('/api/v1/objections', subject)).json()
    expect(mine.items.map((i: { id: string }) => i.id)).toContain(r.json().id)
    // and in the shared 「我的办件」 and the credit office's shared queue
    const me = (await get('/api/v1/me/cases', subject)).json()
    expect(me.items.map((i: { id: string }) => i.id)).toContain(r.json().id)
    const queue = (await get('/api/v1/cases?kind=objection', operator)).json()
    expect(queue.items.find((i: { id: string }) => i.id === r.json().id)).toMatchObject({
      kind: 'objection',
      kindLabel: '异议',
      stateLabel: '已提交',
    })
  })

  it('an ID number in the reason or contact is stored masked and sealed, answered masked; handlers may read the clear text with a purpose, audited', async () => {
    const idNumber = generateResidentId(createRng(11), { region: '120101', birthDate: '1985-04-12' })
    const r = await file(rec.sealed as string, operator, {
      reason: `法定代表人身份证号 ${idNumber} 的记载有误，请核实。`,
      contact: `经办人 身份证 ${idNumber}`,
    })
    expect(r.statusCode, r.body).toBe(201)
    const id = r.json().id as string
    const stored = await ctx.db.selectFrom('objections').selectAll().where('case_id', '=', id).executeTakeFirstOrThrow()
    expect(stored.reason).not.toContain(idNumber)
    expect(stored.contact).not.toContain(idNumber)
    expect(stored.sealed).not.toContain(idNumber)
    const history = await ctx.db.selectFrom('case_events').select('details').where('case_id', '=', id).execute()
    expect(JSON.stringify(history)).not.toContain(idNumber)
    const masked = `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`
    const seen = (await get(`/api/v1/objections/${id}`, operator)).json()
    expect(seen.reason).toBe(`法定代表人身份证号 ${masked} 的记载有误，请核实。`)
    expect(seen.contact).toBe(`经办人 身份证 ${masked}`)
    // the clear text: a handler, with a stated purpose, audited under the entity
    const texts = `/api/v1/objections/${id}/texts`
    const noPurpose = await get(texts, operator)
    expect(noPurpose.statusCode).toBe(400)
    expect(noPurpose.json().error.code).toBe('access.purpose_required')
    expect((await get(texts, subject)).statusCode).toBe(403)
    const clear = await get(texts, { ...operator, 'x-purpose': encodeURIComponent('核实异议人身份') })
    expect(clear.statusCode, clear.body).toBe(200)
    expect(clear.json()).toEqual({
      reason: `法定代表人身份证号 ${idNumber} 的记载有误，请核实。`,
      contact: `经办人 身份证 ${idNumber}`,
    })
    const read = await ctx.db
      .selectFrom('audit_events')
      .select(['action', 'purpose', 'target_id', 'details'])
      .where('action', '=', 'objection.read_texts')
      .execute()
    expect(read).toHaveLength(1)
    expect(read[0]).toMatchObject({ target_id: id, purpose: '核实异议人身份' })
    expect(read[0]?.details).not.toContain(idNumber)
    await act(id, 'reject', operator, { version: 1, reason: '测试用例，不予受理' })
  })

  it('a second objection to a record with an open one: 409 objections.already_open', async () => {
    const r = await file(rec.path as string)
    expect(r.statusCode).toBe(409)
    expect(r.json().error.code).toBe('objections.already_open')
    expect(r.json().error.message).toContain('YY2026')
  })

  it('two filings racing on one record: one case, the other 409 objections.already_open', async () => {
    const [a, b] = await Promise.all([file(rec.race as string, operator), file(rec.race as string, operator)])
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409])
    expect((a.statusCode === 409 ? a : b).json().error.code).toBe('objections.already_open')
    const won = (a.statusCode === 201 ? a : b).json().id as string
    expect((await act(won, 'reject', operator, { version: 1, reason: '重复提交，不予受理' })).statusCode).toBe(200)
  })

  it('accept -> 「异议处理中」 on the portal entity file and in a check answer', async () => {
    const id = rec.pathCase as string
    expect(publicMarked(await entityFile(), rec.path as string)).toBe(false)
    expect((await checkHit(rec.path as string))?.underObjection).toBe(false)
    const r = await act(id, 'accept', operator, { version: 1, reason: '材料齐全，予以受理' })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({
      state: 'accepted',
      version: 2,
      deadlines: {
        'objection.accept': { metAt: '2026-09-29T02:00:00.000Z', remainingWorkingDays: null },
        'objection.platform_check': { startOn: '2026-09-29', dueOn: '2026-10-08', workingDays: 2 },
      },
    })
    const portal = await entityFile()
    expect(publicMarked(portal, rec.path as string)).toBe(true)
    expect(portal.flags).toContain('under_objection')
    const summary = portal.categories
      .flatMap((c: { records: { id: string; marks: string[] }[] }) => c.records)
      .find((x: { id: string }) => x.id === rec.path)
    expect(summary.marks).toEqual(['under_objection'])
    expect((await checkHit(rec.path as string))?.underObjection).toBe(true)
  })

  it('forward -> the providing department handles it; others cannot see or decide it', async () => {
    const id = rec.pathCase as string
    const r = await act(id, 'forward', operator, { version: 2 })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({ state: 'verifying', handlerDept: 'tj-fy', version: 3 })
    expect(r.json().deadlines['objection.provider_verify']).toMatchObject({ workingDays: 10, startOn: '2026-09-29' })
    expect(r.json().deadlines['objection.platform_check'].metAt).not.toBeNull()
    // another provider: 404, as if there were no such case; the office may not decide: 403
    expect((await get(`/api/v1/objections/${id}`, sw)).statusCode).toBe(404)
    const swDecide = await act(id, 'decide', sw, { version: 3, outcome: 'upheld', reason: '维持' })
    expect(swDecide.statusCode).toBe(404)
    const opDecide = await act(id, 'decide', operator, { version: 3, outcome: 'upheld', reason: '维持' })
    expect(opDecide.statusCode).toBe(403)
    // the provider's queue holds its own cases only
    const queue = (await get('/api/v1/objections', fy)).json()
    expect(queue.items.map((i: { id: string }) => i.id)).toContain(id)
    expect(queue.items.every((i: { handlerDept: string }) => i.handlerDept === 'tj-fy')).toBe(true)
    expect((await get('/api/v1/objections', sw)).json().total).toBe(0)
    expect((await get(`/api/v1/objections/${id}`, fy)).json().actions).toEqual(['decide'])
  })

  it('a correction the pipeline rejects: 422 with its problems, nothing changed', async () => {
    const id = rec.pathCase as string
    const bad = await act(id, 'decide', fy, {
      version: 3,
      outcome: 'corrected',
      reason: '经核实部分履行',
      fields: { performance: '已全部履行' },
    })
    expect(bad.statusCode, bad.body).toBe(422)
    expect(bad.json().error.code).toBe('objections.correction_rejected')
    expect(bad.json().error.details.problems.join('')).toContain('performance')
    const unknown = await act(id, 'decide', fy, {
      version: 3,
      outcome: 'corrected',
      reason: '更正',
      fields: { nope: 'x' },
    })
    expect(unknown.statusCode).toBe(422)
    expect(unknown.json().error.code).toBe('objections.field_unknown')
    const locked = await act(id, 'decide', fy, {
      version: 3,
      outcome: 'corrected',
      reason: '更正',
      fields: { uscc: 'x' },
    })
    expect(locked.json().error.code).toBe('objections.field_locked')
    const view = (await get(`/api/v1/objections/${id}`, operator)).json()
    expect(view).toMatchObject({ state: 'verifying', version: 3 })
    expect(view.record).toMatchObject({ version: 1, state: 'active', underObjection: true })
  })

  it('corrected -> a new version with the fields, no mark, on the portal and in checks', async () => {
    const id = rec.pathCase as string
    const r = await act(id, 'decide', fy, {
      version: 3,
      outcome: 'corrected',
      reason: '经核实已部分履行，更正履行情况',
      fields: { performance: '部分未履行', performed_part: '已支付货款人民币6万元' },
    })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({ state: 'decided', outcome: 'corrected', outcomeLabel: '更正', version: 4 })
    expect(r.json().closedAt).not.toBeNull()
    const record = await getRecordRow(ctx.db, rec.path as string)
    expect(record).toMatchObject({ version: 2, state: 'active' })
    const portal = await entityFile()
    expect(publicMarked(portal, rec.path as string)).toBe(false)
    const pub = (await get(`/api/v1/public/records/${rec.path}`)).json()
    expect(JSON.stringify(pub)).toContain('已支付货款人民币6万元')
    expect(JSON.stringify(pub)).toContain('部分未履行')
    expect((await checkHit(rec.path as string))?.underObjection).toBe(false)
    const detail = (await get(`/api/v1/objections/${id}`, subject)).json()
    expect(detail.history.map((e: { action: string }) => e.action)).toEqual(['submit', 'accept', 'forward', 'decide'])
    expect(detail.record).toMatchObject({ version: 2, versionObjected: 1, underObjection: false })
    expect(detail.actions).toEqual([])
    const events = await audits(id)
    for (const a of [
      'objection.submit',
      'objection.accept',
      'objection.forward',
      'objection.decide',
      'objection.record_changed',
    ])
      expect(events).toContain(a)
    // the applicant was told of every step in its inbox; the provider of the case awaiting it
    const inbox = (await get('/api/v1/me/inbox?pageSize=100', subject)).json()
    const topics = (inbox.items as { topic: string; title: string }[])
      .filter((n) => n.title.includes(detail.number))
      .map((n) => n.topic)
    expect(topics.sort()).toEqual(['objection.accept', 'objection.decide', 'objection.forward', 'objection.submit'])
    const fyInbox = (await get('/api/v1/me/inbox?pageSize=100', fy)).json()
    expect(
      (fyInbox.items as { topic: string; title: string }[]).some(
        (n) => n.topic === 'objection.to_verify' && n.title.includes(detail.number),
      ),
    ).toBe(true)
    const recordEvents = await audits(rec.path as string)
    expect(recordEvents).toEqual(expect.arrayContaining(['record.mark_open', 'record.mark_close']))
  })

  it('every illegal transition is 409 objections.bad_transition naming the current state', async () => {
    const created = (await file(rec.illegal as string)).json()
    const id = created.id as string
    const cases: [string, Record<string, unknown>, Record<string, string>][] = [
      ['forward', { version: 1 }, operator],
      ['decide', { version: 1, outcome: 'upheld', reason: '维持原记录' }, fy],
    ]
    for (const [action, body, who] of cases) {
      const r = await act(id, action, who, body)
      // the provider cannot see a case not yet forwarded: 404; the office's forward: 409
      if (who === fy) expect(r.statusCode).toBe(404)
      else {
        expect(r.statusCode, r.body).toBe(409)
        expect(r.json().error).toMatchObject({ code: 'objections.bad_transition', details: { state: 'submitted' } })
        expect(r.json().error.message).toContain('「已提交」')
      }
    }
    expect((await act(id, 'accept', operator, { version: 1 })).statusCode).toBe(200)
    for (const [action, body] of [
      ['accept', { version: 2 }],
      ['reject', { version: 2, reason: '不符合受理条件' }],
    ] as const) {
      const r = await act(id, action, operator, body)
      expect(r.statusCode).toBe(409)
      expect(r.json().error).toMatchObject({ code: 'objections.bad_transition', details: { state: 'accepted' } })
      expect(r.json().error.message).toContain('「已受理」')
    }
    expect((await act(id, 'forward', operator, { version: 2 })).statusCode).toBe(200)
    for (const [action, body] of [
      ['accept', { version: 3 }],
      ['forward', { version: 3 }],
      ['reject', { version: 3, reason: '不符合受理条件' }],
    ] as const) {
      const r = await act(id, action, operator, body)
      expect(r.statusCode).toBe(409)
      expect(r.json().error.details.state).toBe('verifying')
      expect(r.json().error.message).toContain('「核实中」')
    }
    expect((await act(id, 'decide', fy, { version: 3, outcome: 'upheld', reason: '经核实记录无误' })).statusCode).toBe(
      200,
    )
    for (const [action, who, body] of [
      ['accept', operator, { version: 4 }],
      ['forward', operator, { version: 4 }],
      ['decide', fy, { version: 4, outcome: 'revoked', reason: '撤销' }],
      ['withdraw', subject, { version: 4 }],
    ] as const) {
      const r = await act(id, action, who, body)
      expect(r.statusCode, `${action}: ${r.body}`).toBe(409)
      expect(r.json().error).toMatchObject({ code: 'objections.bad_transition', details: { state: 'decided' } })
      expect(r.json().error.message).toContain('「已办结」')
    }
    // a stale version is a conflict, not a transition
    const stale = await act(id, 'accept', operator, { version: 1 })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().error.code).toBe('objections.conflict')
  })

  it('reject (不予受理) with its reason; nothing follows it', async () => {
    const id = (await file(rec.reject as string)).json().id as string
    const noReason = await act(id, 'reject', operator, { version: 1, reason: ' ' })
    expect(noReason.statusCode).toBe(400)
    const r = await act(id, 'reject', operator, { version: 1, reason: '异议理由与记录无关，不予受理' })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({ state: 'not_accepted', stateLabel: '不予受理' })
    const detail = (await get(`/api/v1/objections/${id}`, subject)).json()
    expect(detail.history[1]).toMatchObject({ action: 'reject', details: { reason: '异议理由与记录无关，不予受理' } })
    for (const action of ['accept', 'withdraw']) {
      const again = await act(id, action, action === 'withdraw' ? subject : operator, { version: 2 })
      expect(again.statusCode).toBe(409)
      expect(again.json().error.message).toContain('「不予受理」')
    }
    expect(await audits(id)).toContain('objection.reject')
    // a new objection may follow a closed one
    expect((await file(rec.reject as string)).statusCode).toBe(201)
  })

  it('withdraw by the applicant after acceptance closes the mark', async () => {
    const id = rec.withdrawCase as string
    expect((await act(id, 'accept', operator, { version: 1 })).statusCode).toBe(200)
    expect(publicMarked(await entityFile(), rec.withdraw as string)).toBe(true)
    const r = await act(id, 'withdraw', operator, { version: 2, reason: '主体已与法院沟通，撤回异议' })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({ state: 'withdrawn' })
    expect(publicMarked(await entityFile(), rec.withdraw as string)).toBe(false)
    expect(await audits(id)).toContain('objection.withdraw')
    // a subject's own filing: it withdraws it itself; a provider never may
    const own = (await file(rec.uphold as string)).json().id as string
    expect((await act(own, 'withdraw', fy, { version: 1 })).statusCode).toBe(403)
    const w = await act(own, 'withdraw', subject, { version: 1 })
    expect(w.statusCode, w.body).toBe(200)
    expect(w.json().state).toBe('withdrawn')
  })

  it('revoked -> the record is revoked through the pipeline and gone from the portal', async () => {
    const id = (await file(rec.revoke as string)).json().id as string
    await act(id, 'accept', operator, { version: 1 })
    await act(id, 'forward', operator, { version: 2 })
    expect((await get(`/api/v1/public/records/${rec.revoke}`)).statusCode).toBe(200)
    const r = await act(id, 'decide', fy, { version: 3, outcome: 'revoked', reason: '执行依据已被撤销' })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({ state: 'decided', outcome: 'revoked' })
    expect(await getRecordRow(ctx.db, rec.revoke as string)).toMatchObject({ state: 'revoked', version: 2 })
    expect((await get(`/api/v1/public/records/${rec.revoke}`)).statusCode).toBe(404)
    const portal = await entityFile()
    const ids = portal.categories.flatMap((c: { records: { id: string }[] }) => c.records.map((x) => x.id))
    expect(ids).not.toContain(rec.revoke)
    expect(await checkHit(rec.revoke as string)).toBeUndefined()
    // a revoked record cannot be objected to
    const again = await file(rec.revoke as string)
    expect(again.statusCode).toBe(409)
    expect(again.json().error).toMatchObject({ code: 'objections.record_inactive', details: { state: 'revoked' } })
    expect(again.json().error.message).toContain('已撤销')
  })

  it('upheld -> the mark closes with the reasons', async () => {
    const id = (await file(rec.uphold as string)).json().id as string
    await act(id, 'accept', operator, { version: 1 })
    await act(id, 'forward', operator, { version: 2 })
    const r = await act(id, 'decide', fy, { version: 3, outcome: 'upheld', reason: '经核实记录准确，维持' })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({ outcome: 'upheld', outcomeLabel: '维持' })
    const marks = (await get(`/api/v1/records/${rec.uphold}/marks`, operator)).json()
    const last = marks.items?.at(-1) ?? marks.marks?.at(-1) ?? marks.at?.(-1)
    expect(JSON.stringify(last)).toContain('经核实记录准确，维持')
    expect(publicMarked(await entityFile(), rec.uphold as string)).toBe(false)
    expect(await getRecordRow(ctx.db, rec.uphold as string)).toMatchObject({ state: 'active', version: 1 })
  })

  it('two decisions racing on one case: one wins, the other 409', async () => {
    const id = (await file(rec.race as string)).json().id as string
    await act(id, 'accept', operator, { version: 1 })
    await act(id, 'forward', operator, { version: 2 })
    const [a, b] = await Promise.all([
      act(id, 'decide', fy, { version: 3, outcome: 'upheld', reason: '维持原记录' }),
      act(id, 'decide', fy, { version: 3, outcome: 'revoked', reason: '撤销原记录' }),
    ])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409])
    const lost = a.statusCode === 409 ? a : b
    expect(['objections.conflict', 'objections.bad_transition']).toContain(lost.json().error.code)
    const history = (await get(`/api/v1/objections/${id}`, operator)).json().history
    expect(history.filter((e: { action: string }) => e.action === 'decide')).toHaveLength(1)
  })

  it('clocks count working days across 国庆 and the adjusted Saturday; overdue shows in the queue', async () => {
    const id = (await file(rec.clock as string, operator)).json().id as string
    ctx.clock.set('2026-09-30T02:00:00Z')
    const accepted = (await act(id, 'accept', operator, { version: 1 })).json()
    expect(accepted.deadlines['objection.platform_check']).toMatchObject({ startOn: '2026-09-30', dueOn: '2026-10-09' })
    ctx.clock.set('2026-10-09T02:00:00Z')
    const forwarded = (await act(id, 'forward', operator, { version: 2 })).json()
    // 10 October (Saturday) is an adjusted working day: 10, 12-16, 19-22 October
    expect(forwarded.deadlines['objection.provider_verify']).toMatchObject({
      startOn: '2026-10-09',
      dueOn: '2026-10-22',
      remainingWorkingDays: 10,
      overdue: false,
    })
    ctx.clock.set('2026-10-26T02:00:00Z')
    const late = (await get(`/api/v1/objections/${id}`, operator)).json()
    expect(late.overdue).toBe(true)
    expect(late.deadlines['objection.provider_verify']).toMatchObject({ overdue: true, remainingWorkingDays: -2 })
    const overdue = (await get('/api/v1/objections?overdue=true', operator)).json()
    expect(overdue.items.map((i: { id: string }) => i.id)).toContain(id)
    const verifying = (await get('/api/v1/objections?state=verifying&dept=tj-fy', operator)).json()
    expect(verifying.items.every((i: { state: string }) => i.state === 'verifying')).toBe(true)
    ctx.clock.set('2026-09-29T02:00:00Z')
  })

  it('a correction of a record decided while its subject was a minor keeps it unpublished', async () => {
    // 16 on the decision date (adult on 2028-03-02)
    const idNumber = generateResidentId(createRng(7), { region: '120101', birthDate: '2010-03-02' })
    const values = {
      case_no: '（2026）津01执未成年号',
      subject_name: '李小明',
      subject_category: '自然人',
      id_number: idNumber,
      court: '天津市第一中级人民法院',
      basis_doc_no: '（2025）津01民初9号',
      basis_issuer: '天津市第一中级人民法院',
      obligation: '支付人民币5万元',
      performance: '全部未履行',
      conduct: '有履行能力而拒不履行生效法律文书确定义务',
      filed_on: '2026-01-10',
      published_on: '2026-05-20',
    }
    const batch = await runIngest(ctx, admin, {
      classCode: 'court_defaulter',
      dept: 'tj-fy',
      channel: 'api',
      headers: Object.keys(values),
      rows: [{ rowNo: 2, values }],
    })
    expect(batch.accepted).toBe(1)
    const recordId = (
      await ctx.db
        .selectFrom('records')
        .select('id')
        .where('batch_id', '=', batch.batchId as string)
        .executeTakeFirstOrThrow()
    ).id
    expect(await getRecordRow(ctx.db, recordId)).toMatchObject({ minor_at_decision: 1 })
    const id = (await file(recordId, operator)).json().id as string
    await act(id, 'accept', operator, { version: 1 })
    await act(id, 'forward', operator, { version: 2 })
    const r = await act(id, 'decide', fy, {
      version: 3,
      outcome: 'corrected',
      reason: '经核实更正义务内容',
      fields: { obligation: '支付人民币3万元' },
    })
    expect(r.statusCode, r.body).toBe(200)
    expect(await getRecordRow(ctx.db, recordId)).toMatchObject({ version: 2, state: 'active', minor_at_decision: 1 })
    expect((await get(`/api/v1/public/records/${recordId}`)).statusCode).toBe(404)
    // the ID number went through the pipeline again sealed: never in clear in the new version
    const stored = await ctx.db
      .selectFrom('record_versions')
      .select('payload')
      .where('record_id', '=', recordId)
      .where('version', '=', 2)
      .executeTakeFirstOrThrow()
    expect(stored.payload).toContain('支付人民币3万元')
    expect(stored.payload).not.toContain(idNumber)
  })

  it('a deadline policy change applies to new cases only: each case keeps the version it was filed under', async () => {
    const before = (await file(rec['policy-old'] as string, operator)).json()
    const current = await getDeadlinePolicy(ctx.db, 'objection.provider_verify')
    const { version: _v, ...definition } = current
    await updateDeadlinePolicy(
      ctx,
      admin,
      'objection.provider_verify',
      { ...definition, workingDays: 15 },
      '测试：核实期限调整为十五个工作日',
    )
    const after = (await file(rec['policy-new'] as string, operator)).json()
    expect(after.policyVersion).not.toBe(before.policyVersion)
    for (const c of [before, after]) {
      await act(c.id, 'accept', operator, { version: 1 })
      await act(c.id, 'forward', operator, { version: 2 })
    }
    const old = (await get(`/api/v1/objections/${before.id}`, operator)).json()
    const fresh = (await get(`/api/v1/objections/${after.id}`, operator)).json()
    expect(old.deadlines['objection.provider_verify'].workingDays).toBe(10)
    expect(fresh.deadlines['objection.provider_verify'].workingDays).toBe(15)
    await updateDeadlinePolicy(
      ctx,
      admin,
      'objection.provider_verify',
      { ...definition, workingDays: 10 },
      '恢复为十个工作日',
    )
  })

  it('past the calendar’s last year the clock is provisional (weekends only); a case is never refused', async () => {
    ctx.clock.set('2026-12-30T02:00:00Z')
    const r = await file(rec.bad as string, operator)
    expect(r.statusCode, r.body).toBe(201)
    expect(r.json().deadlines['objection.accept']).toMatchObject({ dueOn: '2027-01-01', provisional: true })
    ctx.clock.set('2026-09-29T02:00:00Z')
  })
})

describe('objections: the machine', () => {
  it('names every state in Chinese', async () => {
    const { objectionMachine } = await import('../../src/modules/objections/index.js')
    expect(Object.values(objectionMachine.states)).toEqual([
      '已提交',
      '已受理',
      '不予受理',
      '核实中',
      '已办结',
      '已撤回',
    ])
  })
})
