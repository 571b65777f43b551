import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { addDepartment, createApiKey } from '../../src/modules/access/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { getDeadlinePolicy, updateDeadlinePolicy } from '../../src/modules/deadlines/index.js'
import { fenToYuan, yuanToFen } from '../../src/modules/tips/index.js'
import { findTip } from '../../src/modules/tips/tips.repository.js'
import { PDF, PNG } from '../files/fixtures.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { multipart } from '../support/multipart.js'

const admin = systemActor('test-admin')
const rng = createRng(20261206)
const DEPTS = ['tj-scjg', 'tj-ypjg', 'tj-sw'] as const
const ID_NUMBER = '11010519491231002X'
const CONTACT = { name: '举报人甲', phone: '13900001234', email: 'tipster@example.com' }

describe('reward amounts', () => {
  it('reads yuan with two decimals as integer fen and back', () => {
    expect(yuanToFen('500')).toBe(50_000)
    expect(yuanToFen('500.5')).toBe(50_050)
    expect(yuanToFen('0.05')).toBe(5)
    expect(yuanToFen('1.234')).toBeNull()
    expect(yuanToFen('-1')).toBeNull()
    expect(fenToYuan(50_050)).toBe('500.50')
    expect(fenToYuan(5)).toBe('0.05')
  })
})

describeEachDialect('tips over HTTP', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let operator: Record<string, string>
  const dept: Record<string, Record<string, string>> = {}
  let address = 0
  /** Each filing from its own client address unless one is given (filing is rate-limited per address). */
  const nextAddress = () => `10.20.${Math.floor(++address / 250)}.${(address % 250) + 1}`

  beforeAll(async () => {
    // a public limit of 24 a minute: filing and lookups 2 a minute per client address
    ctx = await testContext(dialect, { now: '2026-09-28T02:00:00Z', env: { GONGXIN_PUBLIC_RATE_LIMIT: '24' } })
    for (const code of DEPTS)
      await addDepartment(ctx, admin, {
        code,
        name: `测试部门 ${code}`,
        uscc: generateUscc(rng, { dept: '1', category: '1', region: '120000' }),
        district: '120000',
      })
    app = await buildApp(ctx, { web: false })
    await app.ready()
    const key = async (role: string, d?: string) => {
      const { key } = await createApiKey(ctx, admin, { role, ...(d ? { dept: d } : {}), name: `${role}-${d ?? ''}` })
      return { authorization: `Bearer ${key}` }
    }
    operator = await key('operator')
    for (const d of DEPTS) dept[d] = await key('provider', d)
  })
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  const file = async (body: Record<string, unknown>, remoteAddress = nextAddress()) =>
    app.inject({ method: 'POST', url: '/api/v1/public/tips', payload: body, remoteAddress })
  const fileOk = async (body: Record<string, unknown> = {}) => {
    const res = await file({
      category: 'food',
      content: '某超市长期销售过期食品，多次发现，2026 年 9 月仍在售。',
      ...body,
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as { number: string; queryCode: string }
  }
  const idOf = async (number: string) => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/tips?pageSize=100', headers: operator })
    expect(res.statusCode, res.body).toBe(200)
    const hit = res.json().items.find((t: { number: string }) => t.number === number)
    expect(hit, number).toBeDefined()
    return hit.id as string
  }
  const get = (id: string, headers: Record<string, string>) =>
    app.inject({ method: 'GET', url: `/api/v1/tips/${id}`, headers })
  const act = (id: string, action: string, headers: Record<string, string>, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: `/api/v1/tips/${id}/${action}`, headers, payload })
  const status = (number: string, code: string, remoteAddress = nextAddress()) =>
    app.inject({ method: 'GET', url: `/api/v1/public/tips/${number}?code=${encodeURIComponent(code)}`, remoteAddress })
  const routed = async (to: string, body: Record<string, unknown> = {}) => {
    const filed = await fileOk(body)
    const id = await idOf(filed.number)
    const res = await act(id, 'route', operator, { dept: to, version: 1 })
    expect(res.statusCode, res.body).toBe(200)
    return { ...filed, id }
  }

  it('files an anonymous tip: a number and a query code, shown once; the status by both, nothing else', async () => {
    const filed = await fileOk()
    expect(filed.number).toMatch(/^JB2026\d{6}$/)
    expect(filed.queryCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    const res = await status(filed.number, filed.queryCode)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({
      number: filed.number,
      state: 'submitted',
      stateLabel: '待分办',
      updatedOn: '2026-09-28',
    })
    // the code is typed loosely: case and dashes do not matter
    const loose = await status(filed.number.toLowerCase(), filed.queryCode.replaceAll('-', '').toLowerCase())
    expect(loose.statusCode).toBe(200)
    // the code is stored only as a hash
    const raw = await findTip(ctx.db, await idOf(filed.number))
    expect(JSON.stringify(raw)).not.toContain(filed.queryCode)
    expect(JSON.stringify(raw)).not.toContain(filed.queryCode.replaceAll('-', ''))
  })

  it('answers a wrong code and an unknown number with the same 404, and throttles guessing', async () => {
    const filed = await fileOk()
    const wrong = await status(filed.number, 'AAAA-BBBB-CCCC')
    const unknown = await status('JB2026999999', filed.queryCode)
    expect(wrong.statusCode).toBe(404)
    expect(unknown.statusCode).toBe(404)
    expect(wrong.json().error.code).toBe('tips.not_found')
    expect(unknown.json().error).toEqual(wrong.json().error)
    const from = nextAddress()
    expect((await status(filed.number, 'AAAA-BBBB-CCCD', from)).statusCode).toBe(404)
    expect((await status(filed.number, 'AAAA-BBBB-CCCE', from)).statusCode).toBe(404)
    const third = await status(filed.number, filed.queryCode, from)
    expect(third.statusCode).toBe(429)
    expect(third.json().error.code).toBe('core.rate_limited')
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0)
  })

  it('rate-limits filing per client address', async () => {
    const from = nextAddress()
    const body = { category: 'other', content: '某公司拖欠供应商货款拒不支付，已持续一年以上。' }
    expect((await file(body, from)).statusCode).toBe(201)
    expect((await file(body, from)).statusCode).toBe(201)
    const third = await file(body, from)
    expect(third.statusCode).toBe(429)
    expect(third.json().error.code).toBe('core.rate_limited')
    // another client is not held up
    expect((await file(body)).statusCode).toBe(201)
  })

  it('refuses bad input with the field named', async () => {
    const unknown = await file({ category: 'nope', content: '内容足够长的一段举报文字，超过十个字。' })
    expect(unknown.statusCode).toBe(422)
    expect(unknown.json().error.code).toBe('tips.unknown_category')
    expect(unknown.json().error.message).toContain('food（食品安全）')
    const short = await file({ category: 'food', content: '太短' })
    expect(short.statusCode).toBe(400)
    expect(short.json().error).toMatchObject({ code: 'tips.field_required', details: { field: 'content' } })
    const reward = await file({
      category: 'food',
      content: '内容足够长的一段举报文字，超过十个字。',
      wantsReward: true,
    })
    expect(reward.statusCode).toBe(422)
    expect(reward.json().error.code).toBe('tips.contact_required')
    const uscc = await file({ category: 'food', content: '内容足够长的一段举报文字，超过十个字。', entityUscc: '123' })
    expect(uscc.statusCode).toBe(400)
    expect(uscc.json().error.details.field).toBe('entityUscc')
    const phone = await file({
      category: 'food',
      content: '内容足够长的一段举报文字，超过十个字。',
      contact: { phone: 'abc' },
    })
    expect(phone.statusCode).toBe(400)
    expect(phone.json().error.details.field).toBe('contact.phone')
  })

  it('suggests the department of the routing table; the credit office routes, the handling clock starts', async () => {
    const categories = await app.inject({
      method: 'GET',
      url: '/api/v1/public/tips/categories',
      remoteAddress: nextAddress(),
    })
    expect(categories.statusCode).toBe(200)
    expect(categories.json().items).toContainEqual({ code: 'food', nameZh: '食品安全' })
    const filed = await fileOk()
    const id = await idOf(filed.number)
    const before = await get(id, operator)
    expect(before.statusCode).toBe(200)
    expect(before.json()).toMatchObject({
      state: 'submitted',
      category: 'food',
      categoryLabel: '食品安全',
      suggestedDept: 'tj-scjg',
      suggestedDeptName: '测试部门 tj-scjg',
      handlerDept: null,
      routingVersion: 1,
      actions: ['route'],
    })
    expect(before.json().deadlines).toEqual([
      expect.objectContaining({
        code: 'tip.route',
        label: '举报分办',
        workingDays: 5,
        dueOn: '2026-10-10',
        metAt: null,
      }),
    ])
    // a category without a department: no suggestion
    const other = await fileOk({ category: 'other' })
    expect((await get(await idOf(other.number), operator)).json().suggestedDept).toBeNull()

    const unknownDept = await act(id, 'route', operator, { dept: 'tj-none', version: 1 })
    expect(unknownDept.statusCode).toBe(422)
    expect(unknownDept.json().error.code).toBe('tips.unknown_dept')
    const res = await act(id, 'route', operator, { dept: 'tj-scjg', version: 1, note: '按分办表' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ state: 'routed', stateLabel: '办理中', handlerDept: 'tj-scjg', version: 2 })
    const clocks = res.json().deadlines as { code: string; metAt: string | null; dueOn: string }[]
    expect(clocks.find((c) => c.code === 'tip.route')?.metAt).not.toBeNull()
    expect(clocks.find((c) => c.code === 'tip.handle')).toMatchObject({ metAt: null, workingDays: 30 })
    expect(res.json().history.map((e: { action: string }) => e.action)).toEqual(['submit', 'route'])
    // the status page follows
    expect((await status(filed.number, filed.queryCode)).json().stateLabel).toBe('办理中')
    // the credit office was told of the new tip, the department of its routing (in-app inbox), without the content
    const inbox = async (headers: Record<string, string>) =>
      (await app.inject({ method: 'GET', url: '/api/v1/me/inbox?pageSize=100', headers })).json().items as {
        topic: string
        title: string
        body: string
        link: string | null
      }[]
    const all = await inbox(operator)
    const office = all.find((n) => n.topic === 'tip.submitted' && n.title.includes(filed.number))
    expect(office?.link).toBe(`/console/rights/tips/${id}`)
    const routedNotice = (await inbox(dept['tj-scjg'] as Record<string, string>)).find(
      (n) => n.topic === 'tip.routed' && n.title.includes(filed.number),
    )
    expect(routedNotice?.body).toContain('信用办分办')
    expect(routedNotice?.body).not.toContain('过期食品')
    // the queue: the credit office sees all, the department its own
    const mine = await app.inject({
      method: 'GET',
      url: '/api/v1/tips',
      headers: dept['tj-scjg'] as Record<string, string>,
    })
    expect(mine.statusCode).toBe(200)
    expect(mine.json().items.every((t: { handlerDept: string }) => t.handlerDept === 'tj-scjg')).toBe(true)
    expect(mine.json().items.map((t: { id: string }) => t.id)).toContain(id)
    const theirs = await app.inject({
      method: 'GET',
      url: '/api/v1/tips',
      headers: dept['tj-sw'] as Record<string, string>,
    })
    expect(theirs.json().items.map((t: { id: string }) => t.id)).not.toContain(id)
    const byState = await app.inject({ method: 'GET', url: '/api/v1/tips?state=submitted', headers: operator })
    expect(byState.json().items.every((t: { state: string }) => t.state === 'submitted')).toBe(true)
    expect(byState.json().counts).toContainEqual(
      expect.objectContaining({ state: 'routed', stateLabel: '办理中', dept: 'tj-scjg' }),
    )
  })

  it('applies a change of the routing table to new tips only', async () => {
    const old = await fileOk()
    const current = await app.inject({ method: 'GET', url: '/api/v1/tips/routing', headers: operator })
    expect(current.statusCode, current.body).toBe(200)
    const routing = current.json().routing as { categories: { code: string; dept: string | null }[] }
    const edited = {
      ...routing,
      categories: routing.categories.map((c) => (c.code === 'food' ? { ...c, dept: 'tj-ypjg' } : c)),
    }
    const put = await app.inject({
      method: 'PUT',
      url: '/api/v1/tips/routing',
      headers: operator,
      payload: { routing: edited, reason: '食品安全举报改由药监局承办（测试）', baseVersion: current.json().version },
    })
    expect(put.statusCode, put.body).toBe(200)
    expect(put.json().version).toBe(2)
    const fresh = await fileOk()
    expect((await get(await idOf(fresh.number), operator)).json()).toMatchObject({
      suggestedDept: 'tj-ypjg',
      routingVersion: 2,
    })
    expect((await get(await idOf(old.number), operator)).json()).toMatchObject({
      suggestedDept: 'tj-scjg',
      routingVersion: 1,
    })
    const audit = await searchAuditEvents(ctx.db, { action: 'tip.routing_updated' }, 1, 10)
    expect(audit.items[0]?.details).toMatchObject({ version: 2, previous: 1, changed: ['food'] })
    // a department reads the table but does not change it
    const denied = await app.inject({
      method: 'PUT',
      url: '/api/v1/tips/routing',
      headers: dept['tj-scjg'] as Record<string, string>,
      payload: { routing: routing, reason: '部门不能修改', baseVersion: 2 },
    })
    expect(denied.statusCode).toBe(403)
  })

  it('lets the handling department transfer, verify and record the reward; the former department loses sight', async () => {
    const t = await routed('tj-scjg', { contact: CONTACT, wantsReward: true })
    const scjg = dept['tj-scjg'] as Record<string, string>
    const ypjg = dept['tj-ypjg'] as Record<string, string>
    const same = await act(t.id, 'transfer', scjg, { dept: 'tj-scjg', reason: '自己' })
    expect(same.statusCode).toBe(422)
    expect(same.json().error.code).toBe('tips.same_dept')
    const moved = await act(t.id, 'transfer', scjg, { dept: 'tj-ypjg', reason: '涉及药品，属药监职责', version: 2 })
    expect(moved.statusCode, moved.body).toBe(200)
    expect(moved.json()).toMatchObject({ state: 'transferred', handlerDept: 'tj-ypjg', contact: null })
    expect((await get(t.id, scjg)).statusCode).toBe(404)
    const seen = await get(t.id, ypjg)
    expect(seen.statusCode).toBe(200)
    expect(seen.json()).toMatchObject({
      contactVisible: true,
      contact: CONTACT,
      actions: ['transfer', 'verify', 'unfound'],
    })
    expect((await status(t.number, t.queryCode)).json().stateLabel).toBe('已移交其他部门办理')
    const verified = await act(t.id, 'verify', ypjg, { note: '现场检查属实，已立案处罚', version: 3 })
    expect(verified.statusCode, verified.body).toBe(200)
    expect(verified.json()).toMatchObject({ state: 'verified', outcome: 'verified', stateLabel: '查证属实' })
    expect(verified.json().closedAt).not.toBeNull()
    expect(verified.json().deadlines.every((d: { metAt: string | null }) => d.metAt !== null)).toBe(true)
    const badAmount = await act(t.id, 'reward', ypjg, { amount: '12.345', paidOn: '2026-09-28' })
    expect(badAmount.statusCode).toBe(400)
    expect(badAmount.json().error.details.field).toBe('amount')
    const future = await act(t.id, 'reward', ypjg, { amount: '500', paidOn: '2026-10-30' })
    expect(future.statusCode).toBe(400)
    expect(future.json().error.details.field).toBe('paidOn')
    const paid = await act(t.id, 'reward', ypjg, { amount: '500.5', paidOn: '2026-09-28', version: 4 })
    expect(paid.statusCode, paid.body).toBe(200)
    expect(paid.json()).toMatchObject({
      state: 'rewarded',
      stateLabel: '已发放奖励',
      reward: { amount: '500.50', amountFen: 50_050, paidOn: '2026-09-28' },
    })
    expect(paid.json().history.map((e: { action: string }) => e.action)).toEqual([
      'submit',
      'route',
      'transfer',
      'verify',
      'reward',
    ])
    expect((await status(t.number, t.queryCode)).json()).toEqual({
      number: t.number,
      state: 'rewarded',
      stateLabel: '已发放奖励',
      updatedOn: '2026-09-28',
    })
  })

  it('records unfounded tips, rewards only verified ones, refuses illegal transitions with 409 naming the state', async () => {
    const scjg = dept['tj-scjg'] as Record<string, string>
    const t = await routed('tj-scjg')
    const early = await act(t.id, 'reward', scjg, { amount: '100', paidOn: '2026-09-28' })
    expect(early.statusCode).toBe(409)
    expect(early.json().error).toMatchObject({ code: 'tips.bad_transition' })
    expect(early.json().error.message).toBe('该举报当前状态为「办理中」，不能登记奖励发放。')
    const again = await act(t.id, 'route', operator, { dept: 'tj-sw' })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.message).toContain('「办理中」')
    const noNote = await act(t.id, 'unfound', scjg, { note: ' ' })
    expect(noNote.statusCode).toBe(400)
    expect(noNote.json().error.details.field).toBe('note')
    const unfounded = await act(t.id, 'unfound', scjg, { note: '现场核查未发现所述问题' })
    expect(unfounded.statusCode, unfounded.body).toBe(200)
    expect(unfounded.json()).toMatchObject({ state: 'unfounded', outcome: 'unfounded', actions: [] })
    const reward = await act(t.id, 'reward', scjg, { amount: '100', paidOn: '2026-09-28' })
    expect(reward.statusCode).toBe(409)
    expect(reward.json().error.message).toBe('该举报当前状态为「查无实据」，不能登记奖励发放。')
    const verify = await act(t.id, 'verify', scjg, { note: '改判' })
    expect(verify.statusCode).toBe(409)
    expect(verify.json().error.message).toContain('「查无实据」')
    // a submitted tip: a department cannot act on it (not its tip), the credit office cannot decide (no tip.handle)
    const fresh = await fileOk()
    const freshId = await idOf(fresh.number)
    expect((await act(freshId, 'verify', scjg, { note: '越权' })).statusCode).toBe(404)
    expect((await act(freshId, 'verify', operator, { note: '越权' })).statusCode).toBe(403)
    // a stale version: 409 conflict
    const stale = await act(t.id, 'verify', scjg, { note: '旧版本', version: 1 })
    expect(stale.statusCode).toBe(409)
  })

  it('lets one of two racing decisions win; the other is a 409', async () => {
    const scjg = dept['tj-scjg'] as Record<string, string>
    const t = await routed('tj-scjg')
    const [a, b] = await Promise.all([
      act(t.id, 'verify', scjg, { note: '属实', version: 2 }),
      act(t.id, 'unfound', scjg, { note: '不属实', version: 2 }),
    ])
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409])
    const loser = a.statusCode === 409 ? a : b
    expect(['tips.conflict', 'tips.bad_transition']).toContain(loser.json().error.code)
    const view = await get(t.id, scjg)
    expect(view.json().version).toBe(3)
    expect(view.json().history).toHaveLength(3)
  })

  it('keeps the contact encrypted at rest and out of the audit; shows it only to the handling department', async () => {
    const t = await routed('tj-sw', {
      category: 'tax',
      contact: CONTACT,
      wantsReward: true,
      entityName: '某某商贸有限公司',
      content: `法定代表人（身份证号 ${ID_NUMBER}）指使财务虚开增值税发票，金额巨大。`,
    })
    const raw = await findTip(ctx.db, t.id)
    expect(raw).toBeDefined()
    const rawText = JSON.stringify(raw)
    for (const clear of [CONTACT.name, CONTACT.phone, CONTACT.email, ID_NUMBER]) expect(rawText).not.toContain(clear)
    expect(raw?.contact).toMatch(/^v1\./)
    expect(raw?.content).toContain('1101**********002X')
    expect(raw?.content).not.toContain(ID_NUMBER)
    expect(raw?.sealed).not.toBeNull()
    // the credit office routing it: no contact, masked content
    const office = (await get(t.id, operator)).json()
    expect(office).toMatchObject({ contact: null, contactVisible: false })
    expect(office.content).not.toContain(ID_NUMBER)
    expect(JSON.stringify(office)).not.toContain(CONTACT.phone)
    // another department: not its tip
    expect((await get(t.id, dept['tj-scjg'] as Record<string, string>)).statusCode).toBe(404)
    // the handling department: the contact; the content masked like everywhere, its clear text on a stated purpose
    const sw = dept['tj-sw'] as Record<string, string>
    const handler = (await get(t.id, sw)).json()
    expect(handler).toMatchObject({ contact: CONTACT, contactVisible: true })
    expect(handler.content).toContain('1101**********002X')
    expect(handler.content).not.toContain(ID_NUMBER)
    const texts = (headers: Record<string, string>) =>
      app.inject({ method: 'GET', url: `/api/v1/tips/${t.id}/texts`, headers })
    expect((await texts(sw)).json().error.code).toBe('access.purpose_required')
    expect((await texts({ ...operator, 'x-purpose': 'x' })).statusCode).toBe(403)
    expect(
      (await texts({ ...(dept['tj-scjg'] as Record<string, string>), 'x-purpose': encodeURIComponent('核查') }))
        .statusCode,
    ).toBe(404)
    const clear = await texts({ ...sw, 'x-purpose': encodeURIComponent('核查举报线索') })
    expect(clear.statusCode, clear.body).toBe(200)
    expect(clear.json().content).toContain(ID_NUMBER)
    // the audit events of the tip carry neither the contact nor the ID number
    const audit = await searchAuditEvents(ctx.db, { targetId: t.id }, 1, 50)
    expect(audit.items.map((e) => e.action).sort()).toEqual(['tip.read_texts', 'tip.route', 'tip.submit'])
    const auditText = JSON.stringify(audit.items)
    for (const clear of [CONTACT.name, CONTACT.phone, CONTACT.email, ID_NUMBER]) expect(auditText).not.toContain(clear)
    // nor the case history
    expect(JSON.stringify(handler.history)).not.toContain(CONTACT.phone)
  })

  it('attaches anonymous evidence; the handlers read it, other departments and the public do not', async () => {
    const from = nextAddress()
    const upload = async (name: string, content: Buffer, token?: string) => {
      const form = multipart(token ? { uploadToken: token } : {}, { name, content })
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/files',
        payload: form.payload,
        headers: form.headers,
        remoteAddress: from,
      })
      expect(res.statusCode, res.body).toBe(201)
      return res.json() as { id: string; uploadToken: string }
    }
    const photo = await upload('现场照片.png', PNG)
    const paper = await upload('票据.pdf', PDF, photo.uploadToken)
    const t = await routed('tj-scjg', { evidence: [photo.id, paper.id], uploadToken: photo.uploadToken })
    const handler = dept['tj-scjg'] as Record<string, string>
    const seen = (await get(t.id, handler)).json()
    expect(seen.evidence.map((f: { name: string }) => f.name).sort()).toEqual(['现场照片.png', '票据.pdf'])
    const read = (headers: Record<string, string>) =>
      app.inject({ method: 'GET', url: `/api/v1/files/${photo.id}`, headers })
    expect((await read(handler)).statusCode).toBe(200)
    expect((await read(operator)).statusCode).toBe(200)
    expect((await read(dept['tj-sw'] as Record<string, string>)).statusCode).toBe(404)
    expect((await read({})).statusCode).toBe(401)
    // a file of somebody else's upload cannot be attached
    const stranger = await file(
      { category: 'food', content: '内容足够长的一段举报文字，超过十个字。', evidence: [photo.id] },
      nextAddress(),
    )
    expect(stranger.statusCode).toBe(422)
    expect(stranger.json().error.code).toBe('files.not_attachable')
  })

  it('runs each tip under the deadline policy in force when it was filed', async () => {
    const before = await fileOk()
    const def = await getDeadlinePolicy(ctx.db, 'tip.handle')
    await updateDeadlinePolicy(
      ctx,
      admin,
      'tip.handle',
      { ...def, workingDays: 20 },
      '本地规定：举报 20 个工作日内办结（测试）',
    )
    const after = await fileOk()
    const handleDays = async (number: string) => {
      const id = await idOf(number)
      const res = await act(id, 'route', operator, { dept: 'tj-scjg' })
      expect(res.statusCode, res.body).toBe(200)
      return res.json().deadlines.find((d: { code: string }) => d.code === 'tip.handle').workingDays
    }
    expect(await handleDays(before.number)).toBe(30)
    expect(await handleDays(after.number)).toBe(20)
  })

  it('guards the console routes', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/tips' })).statusCode).toBe(401)
    const filed = await fileOk()
    const id = await idOf(filed.number)
    expect(
      (await app.inject({ method: 'POST', url: `/api/v1/tips/${id}/route`, payload: { dept: 'tj-sw' } })).statusCode,
    ).toBe(401)
    expect((await act(id, 'route', dept['tj-sw'] as Record<string, string>, { dept: 'tj-sw' })).statusCode).toBe(403)
  })
  it('lists overdue tips with their working days past due (the last test: it moves the clock)', async () => {
    const late = await fileOk()
    const lateId = await idOf(late.number)
    // 2026-10-20: the routing clock of every tip filed on 2026-09-28 (due 2026-10-10) has run out
    ctx.clock.set('2026-10-20T02:00:00Z')
    const res = await app.inject({ method: 'GET', url: '/api/v1/tips?overdue=true&pageSize=100', headers: operator })
    expect(res.statusCode, res.body).toBe(200)
    const hit = res.json().items.find((t: { id: string }) => t.id === lateId)
    expect(hit).toMatchObject({ overdue: true, state: 'submitted' })
    expect(hit.deadlines[0]).toMatchObject({ code: 'tip.route', dueOn: '2026-10-10', overdue: true })
    expect(hit.deadlines[0].remainingWorkingDays).toBeLessThan(0)
    expect(res.json().items.every((t: { overdue: boolean }) => t.overdue)).toBe(true)
    // a closed tip is never overdue
    expect(
      res.json().items.some((t: { state: string }) => ['verified', 'unfounded', 'rewarded'].includes(t.state)),
    ).toBe(false)
  })
})
