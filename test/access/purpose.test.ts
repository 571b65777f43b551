// The one purpose reader: body `purpose` first, else X-Purpose (percent-encoded UTF-8 or plain UTF-8 bytes);
// undecodable text and control characters are a coded 400 that says how to send it; the decoded text is what the
// audit event keeps - on every route that takes a purpose.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { addDepartment, createApiKey, readPurpose, statedPurpose } from '../../src/modules/access/index.js'
import { createEntity, type Entity } from '../../src/modules/entities/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { multipart } from '../support/multipart.js'

/** What Node hands over for header bytes sent as plain UTF-8: one latin1 character per byte. */
const wireUtf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1')

function refusal(f: () => unknown): {
  code: string
  status: number
  message: string
  details: Record<string, unknown>
} {
  try {
    f()
  } catch (e) {
    return e as { code: string; status: number; message: string; details: Record<string, unknown> }
  }
  throw new Error('not refused')
}

describe('purpose reader', () => {
  it('decodes percent-encoded and plain UTF-8 headers, trims and makes runs of spaces one', () => {
    expect(statedPurpose({ 'x-purpose': encodeURIComponent('  政府采购  资格审查 ') }, undefined)).toBe(
      '政府采购 资格审查',
    )
    expect(statedPurpose({ 'x-purpose': wireUtf8('财政资金审核') }, undefined)).toBe('财政资金审核')
    // both in one value, a literal + kept (encodeURIComponent leaves it), full-width space collapsed
    expect(statedPurpose({ 'x-purpose': `${wireUtf8('评优')}%E8%AF%84%E5%85%88+A` }, undefined)).toBe('评优评先+A')
    expect(statedPurpose({ 'x-purpose': encodeURIComponent('招标\u3000\u3000投标') }, undefined)).toBe('招标 投标')
    expect(statedPurpose({ 'x-purpose': 'bid review' }, undefined)).toBe('bid review')
    // a caller inside the process may hand over text
    expect(statedPurpose({ 'x-purpose': '行政许可审查' }, null)).toBe('行政许可审查')
    expect(statedPurpose({ 'x-purpose': [encodeURIComponent('第一个'), 'x'] }, null)).toBe('第一个')
  })

  it('the body comes first; none at all is undefined, or 400 access.purpose_required where one is needed', () => {
    expect(statedPurpose({ 'x-purpose': encodeURIComponent('请求头') }, { purpose: '请求体用途' })).toBe('请求体用途')
    expect(statedPurpose({ 'x-purpose': encodeURIComponent('请求头') }, { purpose: '   ' })).toBe('请求头')
    expect(statedPurpose({}, { purpose: 3 })).toBeUndefined()
    expect(statedPurpose({ 'x-purpose': '  ' }, {})).toBeUndefined()
    expect(refusal(() => readPurpose({}, {}))).toMatchObject({ code: 'access.purpose_required', status: 400 })
  })

  it.each([
    ['a lone %', '100%'],
    ['% and one digit', '%E6%94%B'],
    ['% and no hex', `${encodeURIComponent('政府')}%zz`],
    ['a literal % sign', wireUtf8('完成率 50% 以上')],
  ])('refuses a malformed percent escape: %s', (_, value) => {
    const e = refusal(() => statedPurpose({ 'x-purpose': value }, undefined))
    expect(e).toMatchObject({ code: 'access.purpose_undecodable', status: 400, details: { reason: 'percent_escape' } })
    expect(e.message).toContain('%25')
    expect(e.message).toContain('encodeURIComponent')
    expect(e.message).toContain('purpose')
  })

  it.each([
    ['a cut sequence', '%E6%94'],
    ['bytes that are no UTF-8', '%FF%FE%FD'],
    ['an overlong form', '%C0%AF%C0%AF'],
    ['latin1 text sent as bytes', Buffer.from('café résumé', 'latin1').toString('latin1')],
    ['GBK bytes', Buffer.from([0xd5, 0xfe, 0xb8, 0xae]).toString('latin1')],
  ])('refuses text that is not UTF-8: %s', (_, value) => {
    const e = refusal(() => statedPurpose({ 'x-purpose': value }, undefined))
    expect(e).toMatchObject({ code: 'access.purpose_undecodable', status: 400, details: { reason: 'utf8' } })
    expect(e.message).toMatch(/UTF-8/)
  })

  it.each([
    [
      'a line feed in the header',
      { 'x-purpose': `${encodeURIComponent('政府采购')}%0A${encodeURIComponent('伪造的一行')}` },
      {},
    ],
    ['NUL', { 'x-purpose': '%00%E5%AE%A1' }, {}],
    ['DEL', { 'x-purpose': 'ab%7F' }, {}],
    ['a C1 control (NEL)', { 'x-purpose': '%C2%85ab' }, {}],
    ['a right-to-left override', { 'x-purpose': encodeURIComponent('审查\u202E查审') }, {}],
    ['a tab in the body', {}, { purpose: '政府\t采购' }],
    ['a bell in the body', {}, { purpose: '政府采购\u0007' }],
    ['a line separator in the body', {}, { purpose: '政府\u2028采购' }],
  ])('refuses control characters: %s', (_, headers, body) => {
    const e = refusal(() => statedPurpose(headers, body))
    expect(e).toMatchObject({ code: 'access.purpose_undecodable', status: 400, details: { reason: 'control_char' } })
    expect(e.message).toContain('控制字符')
  })

  it('2 to 200 characters after decoding and trimming', () => {
    const two00 = '审'.repeat(200)
    expect(statedPurpose({ 'x-purpose': encodeURIComponent(two00) }, undefined)).toBe(two00)
    expect(refusal(() => statedPurpose({ 'x-purpose': encodeURIComponent(`${two00}查`) }, undefined))).toMatchObject({
      code: 'access.purpose_invalid',
      details: { length: 201 },
    })
    expect(refusal(() => statedPurpose({ 'x-purpose': encodeURIComponent('  审 ') }, undefined))).toMatchObject({
      code: 'access.purpose_invalid',
      status: 400,
    })
  })
})

describeEachDialect('every route that takes a purpose reads it with the one reader', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let person: Entity
  let consumer: Record<string, string>
  let operator: Record<string, string>
  const ID = '11010519491231002X'
  const rng = createRng(20260613)
  let seq = 0

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    const admin = systemActor('test')
    await addDepartment(ctx, admin, {
      code: 'tj-czj',
      name: '天津市财政局',
      uscc: generateUscc(rng, { dept: '1', category: '1', region: '120000' }),
    })
    consumer = { authorization: `Bearer ${(await createApiKey(ctx, admin, { role: 'consumer', dept: 'tj-czj' })).key}` }
    operator = { authorization: `Bearer ${(await createApiKey(ctx, admin, { role: 'operator' })).key}` }
    person = await createEntity(ctx, admin, { kind: 'natural_person', name: '张三', idNumber: ID })
    app = await buildApp(ctx, { web: false })
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const PURPOSE = '公务员录用考察（第2批）'
  /** Each route with a request that needs a purpose, given its extra headers. */
  const routes: Record<
    string,
    (headers: Record<string, string>, field?: string) => Promise<{ statusCode: number; body: string }>
  > = {
    'GET /api/v1/entities/:id/id-number': (h) =>
      app.inject({ method: 'GET', url: `/api/v1/entities/${person.id}/id-number`, headers: { ...operator, ...h } }),
    'POST /api/v1/entities/resolve': (h) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/entities/resolve',
        headers: { ...consumer, ...h },
        payload: { idNumber: ID },
      }),
    'POST /api/v1/checks': (h) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/checks',
        headers: { ...consumer, ...h },
        payload: { subject: { idNumber: ID }, scenario: 'public_office' },
      }),
    'POST /api/v1/checks/batch': (h) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/checks/batch',
        headers: { ...consumer, ...h },
        payload: { subjects: [{ idNumber: ID }], scenario: 'public_office' },
      }),
    'POST /api/v1/checks/batch/upload': (h, field) => {
      const body = multipart(
        { scenario: 'public_office', ...(field === undefined ? {} : { purpose: field }) },
        { name: 'list.csv', content: `证件号码\n${ID}\n` },
      )
      return app.inject({
        method: 'POST',
        url: '/api/v1/checks/batch/upload',
        headers: { ...consumer, ...h, ...body.headers },
        payload: body.payload,
      })
    },
    'POST /api/v1/reviews': (h) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/reviews',
        headers: { ...consumer, ...h },
        payload: { subject: { idNumber: ID } },
      }),
    'POST /api/v1/commitments': (h) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/commitments',
        headers: { ...consumer, ...h },
        payload: {
          subject: { idNumber: ID },
          type: 'voluntary',
          matter: '信用修复',
          content: '承诺按期履行',
          public: false,
        },
      }),
  }
  const eventsOf = (rid: string) =>
    ctx.db.selectFrom('audit_events').select(['action', 'purpose']).where('request_id', '=', rid).execute()
  const rid = () => `purpose-${dialect}-${++seq}`

  describe.each(Object.keys(routes))('%s', (route) => {
    const call = routes[route] as (typeof routes)[string]

    it('stores the decoded text of a percent-encoded or plain UTF-8 X-Purpose in its audit events', async () => {
      for (const value of [encodeURIComponent(PURPOSE), wireUtf8(PURPOSE)]) {
        const id = rid()
        const r = await call({ 'x-purpose': value, 'x-request-id': id })
        expect(r.statusCode, r.body).toBeLessThan(300)
        const events = await eventsOf(id)
        expect(events.length).toBeGreaterThan(0)
        expect(events.map((e) => e.purpose)).toEqual(events.map(() => PURPOSE))
      }
    })

    it.each([
      ['a malformed escape', '100%'],
      ['no UTF-8', '%FF%FE'],
      ['a line feed', `${encodeURIComponent('政府采购')}%0A`],
    ])('refuses %s with 400 access.purpose_undecodable and reads nothing', async (_, value) => {
      const id = rid()
      const r = await call({ 'x-purpose': value, 'x-request-id': id })
      expect(r.statusCode, r.body).toBe(400)
      expect(JSON.parse(r.body).error.code).toBe('access.purpose_undecodable')
      expect(r.body).not.toContain(ID)
      expect(await eventsOf(id)).toEqual([])
    })
  })

  it('too short or too long is 400 access.purpose_invalid on every route', async () => {
    for (const [route, call] of Object.entries(routes))
      for (const value of ['审', '审'.repeat(201)]) {
        const r = await call({ 'x-purpose': encodeURIComponent(value) })
        expect(r.statusCode, route).toBe(400)
        expect(JSON.parse(r.body).error.code, route).toBe('access.purpose_invalid')
      }
  })

  it('the upload takes the purpose from its form field as well, with the same rules', async () => {
    const upload = routes['POST /api/v1/checks/batch/upload'] as (typeof routes)[string]
    const ok = rid()
    expect((await upload({ 'x-request-id': ok }, `  ${PURPOSE}  `)).statusCode).toBe(200)
    expect((await eventsOf(ok)).map((e) => e.purpose)).toEqual([PURPOSE, PURPOSE])
    const bad = rid()
    const r = await upload({ 'x-request-id': bad }, '政府\n采购')
    expect(JSON.parse(r.body).error).toMatchObject({
      code: 'access.purpose_undecodable',
      details: { reason: 'control_char' },
    })
    expect(await eventsOf(bad)).toEqual([])
  })

  it('the check keeps the decoded purpose on its receipt', async () => {
    const r = await routes['POST /api/v1/checks']?.({ 'x-purpose': encodeURIComponent(PURPOSE) })
    const checkId = JSON.parse(r?.body ?? '{}').checkId
    const receipt = await app.inject({ url: `/api/v1/checks/${checkId}`, headers: consumer })
    expect(receipt.json().purpose).toBe(PURPOSE)
  })
})
