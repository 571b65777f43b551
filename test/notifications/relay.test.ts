// Notices to subjects through the operator's relay (an SMS or e-mail gateway): with an active relay target every
// notice to a subject account or entity is also posted there, signed, in the notice's transaction; without one,
// nothing leaves the platform. Notices to departments and roles never go to the relay.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { runCommand } from '../../src/core/command.js'
import {
  deliverDue,
  listDeliveries,
  notify,
  putDeliveryTarget,
  webhookSignature,
} from '../../src/modules/notifications/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const actor = systemActor('test')
const SECRET = 'relay-secret-of-the-city-sms-gateway'

describeEachDialect('notifications: the relay for notices to subjects', (dialect) => {
  let ctx: TestContext
  let server: Server
  let url: string
  const got: { signature: string; timestamp: string; body: string }[] = []

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-09-29T02:00:00Z' })
    server = createServer((req, res) => {
      let body = ''
      req.setEncoding('utf8')
      req.on('data', (c: string) => {
        body += c
      })
      req.on('end', () => {
        got.push({
          signature: String(req.headers['x-gongxin-signature']),
          timestamp: String(req.headers['x-gongxin-timestamp']),
          body,
        })
        res.statusCode = 204
        res.end()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`
  })
  afterAll(async () => {
    server?.close()
    await ctx?.close()
  })

  const relayed = async () =>
    (await listDeliveries(ctx, { page: 1, pageSize: 50 })).items.filter((d) => d.targetKind === 'relay')

  it('without a relay, a notice to a subject stays in the platform', async () => {
    await notify(ctx, actor, {
      to: { kind: 'entity', id: 'e-1' },
      topic: 'objection.accepted',
      title: '异议已受理',
      body: '您的异议已受理。',
    })
    expect(await relayed()).toEqual([])
  })

  it('with a relay, notices to subjects are posted there, signed; notices to departments are not', async () => {
    await putDeliveryTarget(ctx, actor, 'sms-gateway', {
      kind: 'relay',
      name: '市政务短信平台',
      webhookUrl: url,
      secret: SECRET,
    })
    const notice = await notify(ctx, actor, {
      to: { kind: 'entity', id: 'e-1' },
      topic: 'repair.approved',
      title: '信用修复申请已同意',
      body: '您就身份证号 11010519491231002X 名下记录提出的修复申请已同意。',
      link: '/my/cases',
    })
    await notify(ctx, actor, {
      to: { kind: 'dept', id: 'tj-scjg' },
      topic: 'objection.forwarded',
      title: '待核实',
      body: '请核实。',
    })
    const pending = await relayed()
    expect(pending).toHaveLength(1)
    expect(pending[0]).toMatchObject({
      target: 'sms-gateway',
      topic: 'repair.approved',
      ref: { type: 'notification', id: notice.id },
      state: 'pending',
    })
    expect(await deliverDue(ctx)).toMatchObject({ delivered: 1, failed: 0 })
    expect(got).toHaveLength(1)
    const first = got[0] as (typeof got)[number]
    expect(first.signature).toBe(webhookSignature(SECRET, first.timestamp, first.body))
    const body = JSON.parse(first.body)
    expect(body).toMatchObject({
      topic: 'repair.approved',
      target: { kind: 'relay', code: 'sms-gateway' },
      payload: { notice: notice.id, to: { kind: 'entity', id: 'e-1' }, title: '信用修复申请已同意', link: '/my/cases' },
    })
    // personal data leaves masked
    expect(first.body).not.toContain('11010519491231002X')
  })

  it('a notice rolled back with its change is not relayed', async () => {
    const before = (await relayed()).length
    await expect(
      runCommand(ctx, actor, async (scope) => {
        await notify(scope.ctx, actor, { to: { kind: 'user', id: 'u-1' }, topic: 't', title: '标题', body: '正文' })
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect((await relayed()).length).toBe(before)
  })

  it('an inactive relay receives nothing', async () => {
    await putDeliveryTarget(ctx, actor, 'sms-gateway', {
      kind: 'relay',
      name: '市政务短信平台',
      webhookUrl: url,
      active: false,
    })
    const before = (await relayed()).length
    await notify(ctx, actor, { to: { kind: 'user', id: 'u-2' }, topic: 't', title: '标题', body: '正文' })
    expect((await relayed()).length).toBe(before)
  })
})
