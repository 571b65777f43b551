// Natural persons are found only through their ID number (with a purpose): a name finds organisations only, with or
// without a purpose, so a name tells nothing about whether a person is registered. And no error anywhere echoes a
// clear ID number, whatever route and path parameter carried it.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { AppError } from '../../src/core/errors.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { addDepartment, createApiKey } from '../../src/modules/access/index.js'
import { createEntity, type Entity } from '../../src/modules/entities/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const ID = '11010519491231002X'
const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
/** Every way the number may be written, and a mistyped one (wrong check digit), which is still a person's number. */
const FORMS = [ID, '110105-19491231-002X', '110105 1949 1231 002x', fullWidth(ID), '110105194912310021']
const flat = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[\s\-－]/g, '')
    .toUpperCase()

describe('errors mask ID numbers wherever they are built', () => {
  it('an AppError masks its message and details, however deep', () => {
    const e = new AppError('x.test', 404, `没有 ${ID}`, { id: ID, nested: [{ v: `号码${fullWidth(ID)}` }], n: 1 })
    expect(e.message).toBe('没有 1101**********002X')
    expect(e.details).toEqual({ id: '1101**********002X', nested: [{ v: '号码1101**********002X' }], n: 1 })
    expect(JSON.stringify(e.toJSON())).not.toContain('19491231')
  })
})

describeEachDialect('names find organisations only; errors never echo an ID number', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let consumer: Record<string, string>
  let operator: Record<string, string>
  let person: Entity
  let org: Entity
  const rng = createRng(20260917)
  const SHARED = '天津市同名测试商贸有限公司'

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
    person = await createEntity(ctx, admin, { kind: 'natural_person', name: '张三', idNumber: ID, district: '120101' })
    // five natural persons registered under an organisation's name before the organisation itself: the persons
    // must neither hide the organisation nor make its name ambiguous
    for (let i = 0; i < 5; i++)
      await createEntity(ctx, admin, {
        kind: 'natural_person',
        name: SHARED,
        idNumber: generateIdNumber(i),
      })
    org = await createEntity(ctx, admin, {
      kind: 'legal_person',
      name: SHARED,
      uscc: generateUscc(rng, { dept: '9', category: '1', region: '120116' }),
    })
    app = await buildApp(ctx, { web: false })
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  function generateIdNumber(i: number): string {
    const body = `12010119800101${String(100 + i)}`
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    const sum = [...body].reduce((s, d, k) => s + Number(d) * (weights[k] as number), 0)
    return body + ('10X98765432'[sum % 11] as string)
  }

  const resolve = (payload: Record<string, unknown>, purpose?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/entities/resolve',
      headers: consumer,
      payload: purpose ? { ...payload, purpose } : payload,
    })
  const personalReads = async () =>
    (await ctx.db.selectFrom('audit_events').select('id').where('action', '=', 'entity.resolve_personal').execute())
      .length

  describe('a name never finds a natural person', () => {
    it.each([
      ['no purpose', undefined],
      ['with a purpose', '政府采购供应商资格审查'],
    ])('resolve by name, %s: the same answer as for a name nobody has', async (_label, purpose) => {
      const before = await personalReads()
      for (const q of [{ name: '张三' }, { name: '张三', district: '120101' }]) {
        const known = await resolve(q, purpose)
        const unknown = await resolve({ ...q, name: '李四' }, purpose)
        expect(known.statusCode, known.body).toBe(200)
        expect(known.json()).toMatchObject({ status: 'unresolved', cause: 'name_not_found', candidates: [] })
        expect(known.body.replace('张三', '李四')).toBe(unknown.body)
        expect(known.body).not.toContain(person.id)
      }
      expect(await personalReads()).toBe(before)
    })

    it('an organisation is still found by its name, even when natural persons carry the same name', async () => {
      const r = await resolve({ name: SHARED })
      expect(r.json()).toEqual({ status: 'matched', entityId: org.id, reason: 'name', name: SHARED })
    })

    it('a check given a name and an unknown code is unresolved, never a natural person that wants a purpose', async () => {
      for (const name of ['张三', '李四']) {
        const r = await app.inject({
          method: 'POST',
          url: '/api/v1/checks',
          headers: consumer,
          payload: { subject: { name, code: 'D2143569-X' }, scenario: 'public_office' },
        })
        expect(r.statusCode, r.body).toBe(422)
        expect(r.json().error.code).toBe('checks.subject_unresolved')
      }
    })

    it('the ID number still finds the person, with a purpose', async () => {
      const r = await resolve({ idNumber: ID, name: '张三' }, '政府采购供应商资格审查')
      expect(r.json()).toMatchObject({ status: 'matched', entityId: person.id, reason: 'id_number' })
    })
  })

  describe('no error echoes a clear ID number', () => {
    const expectMasked = (body: string) => {
      const text = flat(body)
      for (const f of FORMS) expect(text, body).not.toContain(flat(f))
      expect(text).not.toContain('19491231')
    }

    it.each(FORMS)('GET /api/v1/entities/by-uscc/%s: 404 with the number masked', async (form) => {
      const r = await app.inject({
        method: 'GET',
        url: `/api/v1/entities/by-uscc/${encodeURIComponent(form)}`,
        headers: operator,
      })
      expect(r.statusCode).toBe(404)
      expect(r.json().error.code).toBe('entity.not_found')
      expect(r.json().error.details.uscc).toMatch(/^1101\*+00(2X|21)$/)
      expectMasked(r.body)
    })

    it.each([
      ['GET', '/api/v1/entities/:p', operator],
      ['GET', '/api/v1/entities/:p/file', operator],
      ['GET', '/api/v1/checks/:p', consumer],
      ['GET', '/api/v1/checks/batch/:p', consumer],
      ['GET', '/api/v1/commitments/:p', consumer],
      ['GET', '/api/v1/records/:p', operator],
      ['GET', '/api/v1/public/entities/:p', {}],
      ['GET', '/api/v1/public/records/:p', {}],
      ['GET', '/api/v1/public/search?q=:p', {}],
    ] as const)('%s %s with an ID number as the parameter', async (method, path, headers) => {
      for (const form of FORMS.slice(0, 4)) {
        const r = await app.inject({ method, url: path.replace(':p', encodeURIComponent(form)), headers })
        expect(r.statusCode, r.body).toBeLessThan(500)
        expectMasked(r.body)
      }
    })

    it('resolve and entity registration quote what was typed only masked', async () => {
      const answers = [
        await resolve({ name: `张三${ID}` }),
        await resolve({ uscc: '110105194912310021' }, '核查'),
        await app.inject({
          method: 'POST',
          url: '/api/v1/entities',
          headers: operator,
          payload: { kind: 'legal_person', name: '测试公司', uscc: ID },
        }),
        await app.inject({
          method: 'POST',
          url: '/api/v1/entities',
          headers: operator,
          payload: { kind: 'legal_person', name: '测试公司', uscc: '110105194912310021' },
        }),
      ]
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 422, 422])
      for (const a of answers) expectMasked(a.body)
    })
  })
})
