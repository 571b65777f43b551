import { generateKeyPairSync } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildApp } from '../../src/http/app.js'
import { describeEachDialect } from '../support/context.js'
import { bearerKey } from '../support/people.js'
import { count, deptUscc, type Pair, penalties, startPair, stopSource, restartSource } from './helpers.js'

// The peer registry over HTTP (the console's 对接平台 page): register, edit, disable and enable a peer (audited),
// pull it on request, and its lag (entries still to come, from the feed's `pending`) after each pull.
describeEachDialect('federation peer registry API', (dialect) => {
  let p: Pair
  let appB: FastifyInstance
  let op: Record<string, string>
  beforeAll(async () => {
    p = await startPair(dialect)
    appB = await buildApp(p.b, { web: false })
    op = await bearerKey(p.b, 'operator')
  })
  afterAll(async () => {
    await appB?.close()
    await p?.close()
  })

  const peers = async () =>
    (
      (await appB.inject({ method: 'GET', url: '/api/v1/federation/peers', headers: op })).json() as {
        items: { name: string; status: string; behind: number | null; classes: string[]; url: string; pulls: boolean }[]
      }
    ).items
  const pull = (name = 'tianjin') =>
    appB.inject({ method: 'POST', url: `/api/v1/federation/peers/${name}/pull`, headers: op })

  it('a pull on request catches up and reports the lag: entries still to come counted by the peer, 0 when caught up', async () => {
    expect((await peers()).find((x) => x.name === 'tianjin')?.behind).toBeNull()
    await penalties(p.a, ['津罚A1号', '津罚A2号', '津罚A3号'])
    // the feed counts what is left after a page only when asked (pending=1)
    const page = await fetch(`http://127.0.0.1:${p.port}/api/v1/federation/feed?after=0&limit=1&pending=1`, {
      headers: { authorization: `Bearer ${p.pullKey}` },
    })
    expect(((await page.json()) as { pending: number }).pending).toBe(2)
    const plain = await fetch(`http://127.0.0.1:${p.port}/api/v1/federation/feed?after=0&limit=1`, {
      headers: { authorization: `Bearer ${p.pullKey}` },
    })
    expect((await plain.json()) as object).not.toHaveProperty('pending')

    const r = await pull()
    expect(r.statusCode).toBe(200)
    expect(r.json()).toMatchObject({ peer: 'tianjin', status: 'ok', applied: 3, error: null })
    expect((await peers()).find((x) => x.name === 'tianjin')?.behind).toBe(0)
  })

  it('a peer down: the pull answers with the reason, the lag stays as last known and the error is kept', async () => {
    await penalties(p.a, ['津罚B1号'])
    await stopSource(p)
    try {
      const r = await pull()
      expect(r.statusCode).toBe(200)
      expect(r.json()).toMatchObject({ status: 'unreachable', applied: 0 })
      const t = await appB.inject({ method: 'GET', url: '/api/v1/federation/peers', headers: op })
      const item = (t.json() as { items: { name: string; lastError: string | null }[] }).items.find(
        (x) => x.name === 'tianjin',
      )
      expect(item?.lastError).toContain('无法从对接平台「tianjin」拉取')
    } finally {
      await restartSource(p)
    }
    expect((await pull()).json()).toMatchObject({ status: 'ok', applied: 1 })
    expect((await peers()).find((x) => x.name === 'tianjin')).toMatchObject({ behind: 0 })
  })

  it('registers a peer (its read key shown once), edits it, disables and enables it; each audited; only operators', async () => {
    const { publicKey } = generateKeyPairSync('ed25519')
    const body = {
      name: 'hebei',
      platformId: 'hebei-credit',
      url: 'https://credit.hebei.gov.cn/',
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      classes: ['admin_penalty'],
      uscc: deptUscc(),
    }
    const consumer = await bearerKey(p.b, 'consumer', 'bj-scjg')
    expect(
      (await appB.inject({ method: 'POST', url: '/api/v1/federation/peers', headers: consumer, payload: body }))
        .statusCode,
    ).toBe(403)
    const created = await appB.inject({ method: 'POST', url: '/api/v1/federation/peers', headers: op, payload: body })
    expect(created.statusCode).toBe(201)
    const c = created.json() as { peer: { name: string; url: string; status: string; pulls: boolean }; apiKey: string }
    expect(c.peer).toMatchObject({ name: 'hebei', url: 'https://credit.hebei.gov.cn', status: 'active', pulls: false })
    expect(c.apiKey).toMatch(/^gx/)
    const again = await appB.inject({ method: 'POST', url: '/api/v1/federation/peers', headers: op, payload: body })
    expect(again.statusCode).toBe(409)

    const edited = await appB.inject({
      method: 'PATCH',
      url: '/api/v1/federation/peers/hebei',
      headers: op,
      payload: { url: 'https://xinyong.hebei.gov.cn', classes: ['admin_penalty', 'court_defaulter'], pullKey: 'gx_k' },
    })
    expect(edited.statusCode).toBe(200)
    expect(edited.json()).toMatchObject({
      url: 'https://xinyong.hebei.gov.cn',
      classes: ['admin_penalty', 'court_defaulter'],
      pulls: true,
    })
    const bad = await appB.inject({
      method: 'PATCH',
      url: '/api/v1/federation/peers/hebei',
      headers: op,
      payload: { classes: ['no_such_class'] },
    })
    expect(bad.statusCode).toBe(400)
    expect((bad.json() as { error: { code: string } }).error.code).toBe('federation.bad_classes')
    const edits = (
      await sql<{ details: string }>`select details from audit_events where action = 'federation.peer_edit'`.execute(
        p.b.db,
      )
    ).rows
    expect(edits).toHaveLength(1)
    const details = JSON.parse(String(edits[0]?.details)) as { changes: Record<string, unknown> }
    expect(Object.keys(details.changes).sort()).toEqual(['classes', 'pullKey', 'url'])
    expect(JSON.stringify(details)).not.toContain('gx_k')

    const off = await appB.inject({
      method: 'POST',
      url: '/api/v1/federation/peers/hebei/disable',
      headers: op,
      payload: { reason: '对方平台迁移' },
    })
    expect(off.json()).toMatchObject({ status: 'disabled' })
    // a disabled peer is not pulled, on request either
    const refused = await pull('hebei')
    expect(refused.statusCode).toBe(409)
    expect((refused.json() as { error: { code: string } }).error.code).toBe('federation.pull_disabled')
    const on = await appB.inject({
      method: 'POST',
      url: '/api/v1/federation/peers/hebei/enable',
      headers: op,
      payload: {},
    })
    expect(on.json()).toMatchObject({ status: 'active' })
    expect(
      await count(p.b, sql`select count(*) as n from audit_events where action = 'federation.peer_disabled'`),
    ).toBe(1)
    expect(await count(p.b, sql`select count(*) as n from audit_events where action = 'federation.peer_enabled'`)).toBe(
      1,
    )
    expect((await pull('nowhere')).statusCode).toBe(404)
  })

  it('disable and enable need no body (the reason is optional); a body given is still checked', async () => {
    const { publicKey } = generateKeyPairSync('ed25519')
    const created = await appB.inject({
      method: 'POST',
      url: '/api/v1/federation/peers',
      headers: op,
      payload: {
        name: 'shanxi',
        platformId: 'shanxi-credit',
        url: 'https://credit.shanxi.gov.cn/',
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        classes: ['admin_penalty'],
        uscc: deptUscc(),
      },
    })
    expect(created.statusCode).toBe(201)
    const post = (verb: string, headers: Record<string, string> = op) =>
      appB.inject({ method: 'POST', url: `/api/v1/federation/peers/shanxi/${verb}`, headers })
    const reasons = async (action: string) =>
      (
        await sql<{ details: string }>`select details from audit_events where action = ${action}`.execute(p.b.db)
      ).rows.map((r) => (JSON.parse(String(r.details)) as { reason?: string | null }).reason ?? null)

    // no body and no Content-Type (curl -X POST)
    const off = await post('disable')
    expect(off.statusCode).toBe(200)
    expect(off.json()).toMatchObject({ name: 'shanxi', status: 'disabled' })
    const on = await post('enable')
    expect(on.statusCode).toBe(200)
    expect(on.json()).toMatchObject({ name: 'shanxi', status: 'active' })
    // an empty body declared as JSON stays refused, with the explanation of what to send
    const json = { ...op, 'content-type': 'application/json' }
    const empty = await post('disable', json)
    expect(empty.statusCode).toBe(400)
    expect((empty.json() as { error: { message: string } }).error.message).toContain('不带 Content-Type')
    // a reason given is kept
    const off2 = await appB.inject({
      method: 'POST',
      url: '/api/v1/federation/peers/shanxi/disable',
      headers: op,
      payload: { reason: '  对方停机维护 ' },
    })
    expect(off2.json()).toMatchObject({ status: 'disabled' })
    const on2 = await post('enable')
    expect(on2.json()).toMatchObject({ status: 'active' })
    // each one audited, the reason when given
    expect((await reasons('federation.peer_disabled')).slice(-2)).toEqual([null, '对方停机维护'])
    expect((await reasons('federation.peer_enabled')).slice(-2)).toEqual([null, null])
    // a body that is there is still checked
    const bad = await appB.inject({
      method: 'POST',
      url: '/api/v1/federation/peers/shanxi/disable',
      headers: op,
      payload: { why: 'x' },
    })
    expect(bad.statusCode).toBe(400)
    expect((bad.json() as { error: { code: string } }).error.code).toBe('core.validation')
  })
})
