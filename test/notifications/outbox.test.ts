// The outbox: deliveries in the caller's transaction, due within N working days; the worker posts them to a real
// local webhook (signature checked), retries a failing one with backoff until it fails for good, and puts deliveries
// for targets without a webhook in their console inbox; the due date of a provisional delivery follows the calendar.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { runCommand } from '../../src/core/command.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateResidentId, generateUscc } from '../../src/identifiers/index.js'
import { registerOutboxCommands } from '../../src/cli/commands/outbox.js'
import { addDepartment, createApiKey, createUser } from '../../src/modules/access/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { putCalendarYear } from '../../src/modules/calendar/index.js'
import {
  backoffSeconds,
  deliverDue,
  enqueueDelivery,
  getDelivery,
  putDeliveryTarget,
  startOutboxWorker,
  webhookSignature,
} from '../../src/modules/notifications/index.js'
import { inProcessCli } from '../support/cli-in-process.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { PASSWORD, signIn } from './helpers.js'

const actor = systemActor('test')
const SECRET = 'a-long-shared-secret-for-tj-fy'

interface Received {
  headers: IncomingMessage['headers']
  body: string
}

async function listen(handler: (r: Received) => number): Promise<{ server: Server; url: string; got: Received[] }> {
  const got: Received[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => {
      body += c
    })
    req.on('end', () => {
      const r = { headers: req.headers, body }
      got.push(r)
      res.statusCode = handler(r)
      res.end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/gongxin`, got }
}

describeEachDialect('notifications: outbox', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let good: Awaited<ReturnType<typeof listen>>
  let bad: Awaited<ReturnType<typeof listen>>
  let op: Record<string, string>
  const rng = createRng(41)
  const cli = inProcessCli(() => ctx.testDb, registerOutboxCommands)

  beforeAll(async () => {
    // 2026-09-29, a Tuesday before the National Day week (Beijing 10:00)
    ctx = await testContext(dialect, {
      now: '2026-09-29T02:00:00Z',
      env: { GONGXIN_OUTBOX_MAX_ATTEMPTS: '3', GONGXIN_OUTBOX_INTERVAL_SECONDS: '1' },
    })
    for (const code of ['tj-fy', 'tj-sw', 'tj-czj'])
      await addDepartment(ctx, actor, {
        code,
        name: `测试部门 ${code}`,
        uscc: generateUscc(rng, { dept: '1', category: '1', region: '120000' }),
      })
    await createUser(ctx, actor, { username: 'czj', role: 'provider', dept: 'tj-czj', password: PASSWORD })
    op = { authorization: `Bearer ${(await createApiKey(ctx, actor, { role: 'operator' })).key}` }
    // a receiver that checks the signature as a department's system would
    good = await listen((r) => {
      const ts = String(r.headers['x-gongxin-timestamp'])
      return r.headers['x-gongxin-signature'] === webhookSignature(SECRET, ts, r.body) ? 204 : 401
    })
    bad = await listen(() => 500)
    app = await buildApp(ctx, { web: false })
  })
  afterAll(async () => {
    await app?.close()
    good?.server.close()
    bad?.server.close()
    await ctx?.close()
  })

  it('an operator sets the targets: the secret is stored encrypted and never shown', async () => {
    const r = await app.inject({
      method: 'PUT',
      url: '/api/v1/outbox/targets/tj-fy',
      headers: op,
      payload: { kind: 'dept', name: '市高级人民法院', webhookUrl: good.url, secret: SECRET },
    })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toEqual({
      code: 'tj-fy',
      kind: 'dept',
      name: '市高级人民法院',
      webhookUrl: good.url,
      hasSecret: true,
      active: true,
      updatedAt: '2026-09-29T02:00:00.000Z',
    })
    await putDeliveryTarget(ctx, actor, 'tj-sw', {
      kind: 'dept',
      name: '市税务局',
      webhookUrl: bad.url,
      secret: 'another-secret-of-16-chars',
    })
    const noSecret = await app.inject({
      method: 'PUT',
      url: '/api/v1/outbox/targets/tj-czj',
      headers: op,
      payload: { kind: 'dept', name: '市财政局', webhookUrl: 'http://127.0.0.1:9/x' },
    })
    expect(noSecret.statusCode).toBe(422)
    expect(noSecret.json().error.message).toContain('签名密钥（secret）')
    const unknown = await app.inject({
      method: 'PUT',
      url: '/api/v1/outbox/targets/tj-xx',
      headers: op,
      payload: { kind: 'dept', name: '不存在' },
    })
    expect(unknown.json().error.code).toBe('outbox.dept_unknown')
    const list = (await app.inject({ method: 'GET', url: '/api/v1/outbox/targets', headers: op })).json().items
    expect(list.map((t: { code: string; hasSecret: boolean }) => [t.code, t.hasSecret])).toEqual([
      ['tj-fy', true],
      ['tj-sw', true],
    ])
    expect(JSON.stringify(list)).not.toContain(SECRET)
  })

  it('enqueued in the caller’s transaction with its due date; a rolled-back change leaves nothing', async () => {
    await expect(
      runCommand(ctx, actor, async (scope) => {
        await enqueueDelivery(scope.ctx, actor, {
          to: { kind: 'dept', code: 'tj-fy' },
          topic: 'repair.approved',
          payload: {},
        })
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect((await app.inject({ method: 'GET', url: '/api/v1/outbox/deliveries', headers: op })).json().total).toBe(0)
    const idNumber = generateResidentId(rng, { region: '120116', birthDate: '1980-05-06', sex: 'female' })
    const d = await runCommand(ctx, actor, (scope) =>
      enqueueDelivery(scope.ctx, actor, {
        to: { kind: 'dept', code: 'tj-fy' },
        topic: 'repair.approved',
        payload: { recordId: 'r-1', decision: 'approved', note: `申请人身份证号 ${idNumber}` },
        workingDays: 3,
        ref: { type: 'repair', id: 'rp-1' },
      }),
    )
    // 09-30 (1), 10-01..07 National Day, 10-08 (2), 10-09 (3)
    expect(d).toMatchObject({ state: 'pending', due: '2026-10-09', dueProvisional: false, attempts: 0 })
    expect(JSON.stringify(d.payload)).not.toContain(idNumber)
    expect(d.payload.note).toBe(`申请人身份证号 ${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`)
    const bad = await enqueueDelivery(ctx, actor, {
      to: { kind: 'dept', code: 'nope' },
      topic: 't',
      payload: {},
    }).catch((e: { code: string }) => e.code)
    expect(bad).toBe('outbox.dept_unknown')
  })

  it('the worker posts a signed webhook; the receiver checks the signature', async () => {
    const r = await deliverDue(ctx)
    expect(r).toEqual({ attempted: 1, delivered: 1, retrying: 0, failed: 0 })
    expect(good.got).toHaveLength(1)
    const got = good.got[0] as Received
    const body = JSON.parse(got.body)
    expect(body).toMatchObject({
      topic: 'repair.approved',
      target: { kind: 'dept', code: 'tj-fy' },
      ref: { type: 'repair', id: 'rp-1' },
      due: '2026-10-09',
      payload: { recordId: 'r-1', decision: 'approved' },
    })
    expect(got.headers['x-gongxin-delivery']).toBe(body.id)
    expect(got.headers['x-gongxin-signature']).toMatch(/^sha256=[0-9a-f]{64}$/)
    const d = await getDelivery(ctx, body.id)
    expect(d).toMatchObject({
      state: 'delivered',
      channel: 'webhook',
      attempts: 1,
      deliveredAt: '2026-09-29T02:00:00.000Z',
    })
    expect(await deliverDue(ctx)).toEqual({ attempted: 0, delivered: 0, retrying: 0, failed: 0 })
  })

  it('a failing receiver: retried with exponential backoff, attempts counted, then failed; an operator retries', async () => {
    const d = await enqueueDelivery(ctx, actor, {
      to: { kind: 'dept', code: 'tj-sw' },
      topic: 'repair.approved',
      payload: { recordId: 'r-2' },
      workingDays: 3,
    })
    expect(backoffSeconds(1)).toBe(60)
    expect(backoffSeconds(2)).toBe(120)
    expect(backoffSeconds(20)).toBe(6 * 3600)
    expect(await deliverDue(ctx)).toMatchObject({ attempted: 1, retrying: 1 })
    let now = await getDelivery(ctx, d.id)
    expect(now).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: '2026-09-29T02:01:00.000Z' })
    expect(now.lastError).toBe('接收方应答 HTTP 500')
    expect(await deliverDue(ctx)).toMatchObject({ attempted: 0 })
    ctx.clock.advance(60_000)
    expect(await deliverDue(ctx)).toMatchObject({ attempted: 1, retrying: 1 })
    now = await getDelivery(ctx, d.id)
    expect(now).toMatchObject({ attempts: 2, nextAttemptAt: '2026-09-29T02:03:00.000Z' })
    ctx.clock.advance(120_000)
    expect(await deliverDue(ctx)).toMatchObject({ attempted: 1, failed: 1 })
    now = await getDelivery(ctx, d.id)
    expect(now).toMatchObject({ state: 'failed', attempts: 3, nextAttemptAt: null })
    expect(bad.got).toHaveLength(3)
    const failed = (await searchAuditEvents(ctx.db, { action: 'outbox.failed' }, 1, 10)).items
    expect(failed.map((e) => [e.targetId, e.details.attempts])).toEqual([[d.id, 3]])
    const retried = await app.inject({ method: 'POST', url: `/api/v1/outbox/deliveries/${d.id}/retry`, headers: op })
    expect(retried.statusCode, retried.body).toBe(200)
    expect(retried.json()).toMatchObject({ state: 'pending', attempts: 0, lastError: '接收方应答 HTTP 500' })
    const twice = await app.inject({ method: 'POST', url: `/api/v1/outbox/deliveries/${d.id}/retry`, headers: op })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().error.code).toBe('outbox.not_failed')
  })

  it('a target without a webhook gets it in its console inbox (`gongxin outbox run`)', async () => {
    const d = await enqueueDelivery(ctx, actor, {
      to: { kind: 'dept', code: 'tj-czj' },
      topic: 'repair.approved',
      payload: { recordId: 'r-3' },
      workingDays: 3,
    })
    const run = await cli(['outbox', 'run', '--json'])
    expect(run.code, run.err).toBe(0)
    // the failing tj-sw delivery, retried by the operator above, fails again on its first attempt
    expect(JSON.parse(run.out)).toEqual({ attempted: 2, delivered: 1, retrying: 1, failed: 0 })
    expect(await getDelivery(ctx, d.id)).toMatchObject({ state: 'delivered', channel: 'inbox', attempts: 1 })
    const czj = await signIn(app, 'czj')
    const box = (await app.inject({ method: 'GET', url: '/api/v1/me/inbox', headers: czj })).json()
    expect(box.items).toHaveLength(1)
    expect(box.items[0]).toMatchObject({ topic: 'repair.approved', link: `/console/outbox?id=${d.id}` })
    expect(box.items[0].body).toContain('"recordId":"r-3"')
  })

  it('the list shows working days left and overdue by the platform’s clock', async () => {
    const list = async (q = '') =>
      (await app.inject({ method: 'GET', url: `/api/v1/outbox/deliveries${q}`, headers: op })).json()
    const pending = (await list('?state=pending')).items
    expect(
      pending.map((d: { target: string; due: string; remainingWorkingDays: number; overdue: boolean }) => [
        d.target,
        d.due,
        d.remainingWorkingDays,
        d.overdue,
      ]),
    ).toEqual([['tj-sw', '2026-10-09', 3, false]])
    ctx.clock.set('2026-10-12T02:00:00Z') // Monday after; 10-10 was an adjusted working day
    const late = (await list('?state=pending')).items[0]
    expect(late).toMatchObject({ remainingWorkingDays: -2, overdue: true })
    const printed = await cli(['outbox', 'list', '--state', 'pending'])
    expect(printed.code, printed.err).toBe(0)
    expect(printed.out).toContain('tj-sw')
    expect(printed.out).toContain('2026-10-09 已逾期')
    const wrong = await cli(['outbox', 'list', '--state', 'done'])
    expect(wrong.code).toBe(2)
    expect(wrong.err).toContain('--state 应为 pending、delivered 或 failed')
    const delivered = (await list('?state=delivered')).items
    expect(delivered.every((d: { remainingWorkingDays: null }) => d.remainingWorkingDays === null)).toBe(true)
    const provider = {
      authorization: `Bearer ${(await createApiKey(ctx, actor, { role: 'provider', dept: 'tj-fy' })).key}`,
    }
    expect((await app.inject({ method: 'GET', url: '/api/v1/outbox/deliveries', headers: provider })).statusCode).toBe(
      403,
    )
  })

  it('a due date past the calendar is provisional until the year is loaded', async () => {
    ctx.clock.set('2026-12-28T02:00:00Z')
    const d = await enqueueDelivery(ctx, actor, {
      to: { kind: 'dept', code: 'tj-sw' },
      topic: 'repair.approved',
      payload: {},
      workingDays: 7,
    })
    expect(d).toMatchObject({ due: '2027-01-06', dueProvisional: true })
    await putCalendarYear(ctx, actor, 2027, {
      source: '测试用 2027 年节假日安排（非真实通知）',
      holidays: [{ name: '元旦', dates: ['2027-01-01', '2027-01-02', '2027-01-03'] }],
      workdays: [],
    })
    expect(await getDelivery(ctx, d.id)).toMatchObject({ due: '2027-01-07', dueProvisional: false })
  })

  it('the server’s worker delivers on its interval and stops cleanly', async () => {
    const before = good.got.length
    const d = await enqueueDelivery(ctx, actor, {
      to: { kind: 'dept', code: 'tj-fy' },
      topic: 'tip.routed',
      payload: {},
    })
    const stop = startOutboxWorker(ctx)
    try {
      for (let i = 0; i < 50 && (await getDelivery(ctx, d.id)).state !== 'delivered'; i++)
        await new Promise((r) => setTimeout(r, 100))
    } finally {
      await stop()
    }
    expect(await getDelivery(ctx, d.id)).toMatchObject({ state: 'delivered', channel: 'webhook', attempts: 1 })
    expect(good.got.length).toBe(before + 1)
  })
})
