// Every route that looks a subject up, times every way of writing a person's ID number: without a purpose the
// request is refused (before any lookup, so the answer says nothing about the person); with one, it is answered and
// exactly one personal-read event (entity.resolve_personal) carries that purpose.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateResidentId, generateUscc } from '../../src/identifiers/index.js'
import { addDepartment, createApiKey } from '../../src/modules/access/index.js'
import { createEntity, type Entity, normalizeQuery, resolvesThroughIdNumber } from '../../src/modules/entities/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { multipart } from '../support/multipart.js'

/** A valid ID number ending in X (GB 11643 example), so a lower-case x can be tried too. */
const ID = '11010519491231002X'
const MASKED = '1101**********002X'
const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))

/** Every way of writing the number that normalises to it. */
const FORMS: Record<string, string> = {
  plain: ID,
  hyphens: '110105-19491231-002X',
  spaces: '110105 1949 1231 002X',
  'full-width digits': fullWidth(ID),
  'lower-case x': '11010519491231002x',
  'full-width, full-width hyphens, lower-case x': `${fullWidth('110105')}－${fullWidth('19491231')}－${fullWidth('002x')}`,
  'ideographic spaces and a dash': `110105\u300019491231\u3000002—X`,
}

/** Every field a subject description may carry it in (the resolve route calls the code field `codes`). */
const SUBJECT_FIELDS: Record<string, (v: string) => Record<string, unknown>> = {
  uscc: (v) => ({ uscc: v }),
  code: (v) => ({ code: v }),
  'name + code': (v) => ({ name: '张三', code: v }),
  idNumber: (v) => ({ idNumber: v }),
}
const RESOLVE_FIELDS: Record<string, (v: string) => Record<string, unknown>> = {
  uscc: (v) => ({ uscc: v }),
  codes: (v) => ({ codes: [v] }),
  'name + codes': (v) => ({ name: '张三', codes: [v] }),
  idNumber: (v) => ({ idNumber: v }),
}

describe('resolvesThroughIdNumber: one decision, after normalisation', () => {
  it('sees an ID number in any field and any form, and nothing else', () => {
    for (const form of Object.values(FORMS)) {
      for (const q of [{ uscc: form }, { codes: ['91350200776049653A', form] }, { idNumber: form }])
        expect(resolvesThroughIdNumber(normalizeQuery(q, '2026-06-01')), JSON.stringify(q)).toBe(true)
    }
    // a mistyped number is still written as one
    expect(resolvesThroughIdNumber(normalizeQuery({ uscc: '110105194912310021' }, '2026-06-01'))).toBe(true)
    expect(resolvesThroughIdNumber(normalizeQuery({ idNumber: 'not a number' }, '2026-06-01'))).toBe(true)
    for (const q of [
      { uscc: '91350200776049653A' },
      { codes: ['D2143569-X', '110105491231002'] },
      { name: '张三' },
      { uscc: '  ', idNumber: ' ' },
    ])
      expect(resolvesThroughIdNumber(normalizeQuery(q, '2026-06-01')), JSON.stringify(q)).toBe(false)
  })
})

describeEachDialect('lookups through an ID number need a purpose and are audited, on every route', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let person: Entity
  let consumer: Record<string, string>
  const rng = createRng(20260612)
  const company = generateUscc(rng, { dept: '9', category: '1', region: '120116' })
  const unknownId = generateResidentId(rng, { region: '120101', birthDate: '1980-05-05', sex: 'female' })
  let seq = 0
  const clearForms = [ID, ...Object.values(FORMS)]

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    const admin = systemActor('test')
    await addDepartment(ctx, admin, {
      code: 'tj-czj',
      name: '天津市财政局',
      uscc: generateUscc(rng, { dept: '1', category: '1', region: '120000' }),
    })
    consumer = { authorization: `Bearer ${(await createApiKey(ctx, admin, { role: 'consumer', dept: 'tj-czj' })).key}` }
    person = await createEntity(ctx, admin, { kind: 'natural_person', name: '张三', idNumber: ID })
    await createEntity(ctx, admin, { kind: 'legal_person', name: '天津市测试查询建材有限公司', uscc: company })
    app = await buildApp(ctx, { web: false })
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  /** The purpose, sent in the body or (percent-encoded) in X-Purpose, in turn. */
  const PURPOSE = '政府采购供应商资格审查'
  function send(
    url: string,
    payload: Record<string, unknown>,
    purpose: string | null,
  ): Promise<LightMyRequestResponse & { rid: string }> {
    const rid = `lookup-${dialect}-${++seq}`
    const headers: Record<string, string> = { ...consumer, 'x-request-id': rid }
    let body = payload
    if (purpose !== null) {
      if (seq % 2 === 0) headers['x-purpose'] = encodeURIComponent(purpose)
      else body = { ...payload, purpose }
    }
    return app.inject({ method: 'POST', url, headers, payload: body }).then((r) => Object.assign(r, { rid }))
  }
  function upload(csv: string, purpose: string | null): Promise<LightMyRequestResponse & { rid: string }> {
    const rid = `lookup-${dialect}-${++seq}`
    const fields: Record<string, string> = { scenario: 'public_office' }
    const headers: Record<string, string> = { ...consumer, 'x-request-id': rid }
    if (purpose !== null) {
      if (seq % 2 === 0) headers['x-purpose'] = encodeURIComponent(purpose)
      else fields.purpose = purpose
    }
    const body = multipart(fields, { name: 'list.csv', content: csv })
    return app
      .inject({
        method: 'POST',
        url: '/api/v1/checks/batch/upload',
        headers: { ...headers, ...body.headers },
        payload: body.payload,
      })
      .then((r) => Object.assign(r, { rid }))
  }
  const personalReads = (rid: string) =>
    ctx.db
      .selectFrom('audit_events')
      .select(['action', 'purpose', 'target_id', 'details'])
      .where('request_id', '=', rid)
      .where('action', '=', 'entity.resolve_personal')
      .execute()
  const storedBatch = async (batchId: string) =>
    (await ctx.db.selectFrom('check_batches').select('items').where('id', '=', batchId).executeTakeFirstOrThrow()).items

  /** Nothing that leaves the server or is kept for a batch carries the number in clear, in any of its forms. */
  function expectNoClearId(text: string) {
    for (const f of clearForms) expect(text).not.toContain(f)
  }

  async function expectOneRead(rid: string, via: string, targetId: string | null) {
    const events = await personalReads(rid)
    expect(events, rid).toHaveLength(1)
    const e = events[0] as (typeof events)[number]
    expect(e.purpose).toBe(PURPOSE)
    expect(e.target_id).toBe(targetId)
    const details = JSON.parse(e.details) as Record<string, unknown>
    expect(details).toMatchObject({ via, idMasked: [MASKED] })
    expectNoClearId(e.details)
  }

  type Case = { route: string; field: string; form: string; value: string }
  const cases = (fields: Record<string, unknown>): Case[] =>
    Object.keys(fields).flatMap((field) =>
      Object.entries(FORMS).map(([form, value]) => ({ route: '', field, form, value })),
    )

  describe('POST /api/v1/entities/resolve', () => {
    it.each(cases(RESOLVE_FIELDS))('$field, $form', async ({ field, value }) => {
      const payload = (RESOLVE_FIELDS[field] as (v: string) => Record<string, unknown>)(value)
      const refused = await send('/api/v1/entities/resolve', payload, null)
      expect(refused.statusCode, refused.body).toBe(400)
      expect(refused.json().error.code).toBe('access.purpose_required')
      expect(await personalReads(refused.rid)).toEqual([])
      const ok = await send('/api/v1/entities/resolve', payload, PURPOSE)
      expect(ok.statusCode, ok.body).toBe(200)
      expect(ok.json()).toMatchObject({ status: 'matched', entityId: person.id, reason: 'id_number' })
      expectNoClearId(ok.body)
      await expectOneRead(ok.rid, 'resolve', person.id)
    })
  })

  describe('POST /api/v1/checks', () => {
    it.each(cases(SUBJECT_FIELDS))('$field, $form', async ({ field, value }) => {
      const subject = (SUBJECT_FIELDS[field] as (v: string) => Record<string, unknown>)(value)
      const payload = { subject, scenario: 'public_office' }
      const refused = await send('/api/v1/checks', payload, null)
      expect(refused.statusCode, refused.body).toBe(422)
      expect(refused.json().error.code).toBe('checks.purpose_required')
      expect(await personalReads(refused.rid)).toEqual([])
      const ok = await send('/api/v1/checks', payload, PURPOSE)
      expect(ok.statusCode, ok.body).toBe(200)
      expect(ok.json().subject).toMatchObject({ entityId: person.id, idMasked: MASKED })
      expectNoClearId(ok.body)
      await expectOneRead(ok.rid, 'check', person.id)
    })
  })

  describe('POST /api/v1/reviews', () => {
    it.each(cases(SUBJECT_FIELDS))('$field, $form', async ({ field, value }) => {
      const payload = { subject: (SUBJECT_FIELDS[field] as (v: string) => Record<string, unknown>)(value) }
      const refused = await send('/api/v1/reviews', payload, null)
      expect(refused.statusCode, refused.body).toBe(422)
      expect(refused.json().error.code).toBe('checks.purpose_required')
      expect(await personalReads(refused.rid)).toEqual([])
      const ok = await send('/api/v1/reviews', payload, PURPOSE)
      expect(ok.statusCode, ok.body).toBe(200)
      expect(ok.json().subject).toMatchObject({ entityId: person.id })
      expectNoClearId(ok.body)
      await expectOneRead(ok.rid, 'check', person.id)
    })
  })

  describe('POST /api/v1/commitments (a department files for an applicant)', () => {
    it.each(cases(SUBJECT_FIELDS))('$field, $form', async ({ field, value }) => {
      const payload = {
        subject: (SUBJECT_FIELDS[field] as (v: string) => Record<string, unknown>)(value),
        type: 'voluntary',
        matter: '信用修复',
        content: '承诺按期履行法定义务',
        public: false,
      }
      const refused = await send('/api/v1/commitments', payload, null)
      expect(refused.statusCode, refused.body).toBe(400)
      expect(refused.json().error.code).toBe('access.purpose_required')
      expect(await personalReads(refused.rid)).toEqual([])
      const ok = await send('/api/v1/commitments', payload, PURPOSE)
      expect(ok.statusCode, ok.body).toBe(200)
      expect(ok.json().entity).toMatchObject({ id: person.id })
      expectNoClearId(ok.body)
      await expectOneRead(ok.rid, 'commitment', person.id)
    })
  })

  describe('POST /api/v1/checks/batch (one personal subject among others: one event for it)', () => {
    it.each(cases(SUBJECT_FIELDS))('$field, $form', async ({ field, value }) => {
      const subject = (SUBJECT_FIELDS[field] as (v: string) => Record<string, unknown>)(value)
      const payload = { subjects: [{ uscc: company }, subject], scenario: 'public_office' }
      const refused = await send('/api/v1/checks/batch', payload, null)
      expect(refused.statusCode, refused.body).toBe(200)
      const [firstRefused, personalRefused] = refused.json().items
      expect(firstRefused.subject.uscc).toBe(company)
      expect(personalRefused.error.code).toBe('checks.purpose_required')
      expect(await personalReads(refused.rid)).toEqual([])
      expectNoClearId(await storedBatch(refused.json().batchId))
      const ok = await send('/api/v1/checks/batch', payload, PURPOSE)
      expect(ok.statusCode, ok.body).toBe(200)
      expect(ok.json().items[1].subject).toMatchObject({ entityId: person.id })
      expectNoClearId(ok.body)
      expectNoClearId(await storedBatch(ok.json().batchId))
      await expectOneRead(ok.rid, 'check_batch', person.id)
      const [e] = await personalReads(ok.rid)
      expect(JSON.parse(e?.details ?? '{}')).toMatchObject({ batchId: ok.json().batchId, index: 1 })
    })
  })

  describe('POST /api/v1/checks/batch/upload (a row of the file)', () => {
    const headers = ['统一社会信用代码', '代码', '证件号码']
    it.each(headers.flatMap((header) => Object.entries(FORMS).map(([form, value]) => ({ header, form, value }))))(
      'column $header, $form',
      async ({ header, value }) => {
        const csv = `${header},主体名称\n${company},天津市测试查询建材有限公司\n"${value}",张三\n`
        const refused = await upload(csv, null)
        expect(refused.statusCode, refused.body).toBe(200)
        expect(refused.json().items[1].error.code).toBe('checks.purpose_required')
        expect(refused.json().items[0].outcome).not.toBeNull()
        expect(await personalReads(refused.rid)).toEqual([])
        expectNoClearId(await storedBatch(refused.json().batchId))
        const ok = await upload(csv, PURPOSE)
        expect(ok.statusCode, ok.body).toBe(200)
        expect(ok.json().items[1].subject).toMatchObject({ entityId: person.id })
        expectNoClearId(ok.body)
        expectNoClearId(await storedBatch(ok.json().batchId))
        await expectOneRead(ok.rid, 'check_batch', person.id)
      },
    )
  })

  it('a number nobody has is refused the same way without a purpose, and its lookup is audited with one', async () => {
    const known = await send('/api/v1/entities/resolve', { uscc: ID }, null)
    const unknown = await send('/api/v1/entities/resolve', { uscc: unknownId }, null)
    expect([unknown.statusCode, unknown.json()]).toEqual([known.statusCode, known.json()])
    const checkKnown = await send('/api/v1/checks', { subject: { code: ID }, scenario: 'public_office' }, null)
    const checkUnknown = await send('/api/v1/checks', { subject: { code: unknownId }, scenario: 'public_office' }, null)
    expect([checkUnknown.statusCode, checkUnknown.json()]).toEqual([checkKnown.statusCode, checkKnown.json()])
    const ok = await send('/api/v1/entities/resolve', { uscc: unknownId }, PURPOSE)
    expect(ok.json()).toMatchObject({ status: 'unresolved', reason: 'not_found' })
    const events = await personalReads(ok.rid)
    expect(events.map((e) => [e.purpose, e.target_id])).toEqual([[PURPOSE, null]])
    expect(events[0]?.details).not.toContain(unknownId)
  })

  it('other lookups need no purpose and write no personal-read event', async () => {
    const r = await send('/api/v1/entities/resolve', { uscc: company }, null)
    expect(r.json()).toMatchObject({ status: 'matched', reason: 'uscc' })
    expect(await personalReads(r.rid)).toEqual([])
    const c = await send('/api/v1/checks', { subject: { uscc: company }, scenario: 'public_office' }, null)
    expect(c.statusCode, c.body).toBe(200)
    expect(await personalReads(c.rid)).toEqual([])
  })

  it('an ID number never finds the person through another field or its 15-digit form', async () => {
    // the 15-digit first-generation form is read as a 工商注册号, which no natural person has
    for (const payload of [
      { uscc: '110105491231002' },
      { codes: ['110105491231002'] },
      { name: ID },
      { name: fullWidth(ID) },
    ]) {
      const r = await send('/api/v1/entities/resolve', payload, null)
      expect(r.statusCode, JSON.stringify(payload)).toBe(200)
      expect(r.json().status, JSON.stringify(payload)).toBe('unresolved')
      expect(await personalReads(r.rid)).toEqual([])
    }
    const check = await send(
      '/api/v1/checks',
      { subject: { code: '110105491231002' }, scenario: 'public_office' },
      null,
    )
    expect(check.json().error.code).toBe('checks.subject_unresolved')
  })

  it('a person whose ID number was given and not found is not matched by name either', async () => {
    const r = await send('/api/v1/entities/resolve', { name: '张三', codes: [unknownId] }, PURPOSE)
    expect(r.json()).toMatchObject({ status: 'unresolved' })
    const events = await personalReads(r.rid)
    expect(events.map((e) => e.target_id)).toEqual([null])
  })
})
