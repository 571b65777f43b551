// Watch lists and early warning over HTTP on both databases, with real HTTP receivers on loopback: the outbox row is
// written in the change's transaction (a rolled-back change emits nothing, an unwatched one writes nothing), the
// pull feed in cursor order (stable across an app restart), signed webhooks retried with backoff and delivered once
// each in cursor order, dead letters after N attempts and their replay, alerts of the early-warning rules, scope
// filtering by the watcher's rights, the allow-list of webhook targets.
import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerWatchCommands } from '../../src/cli/commands/watches.js'
import { closeContext, type Ctx } from '../../src/container.js'
import { runCommand } from '../../src/core/command.js'
import { runIngest } from '../../src/flows/ingest/index.js'
import { openMark } from '../../src/flows/record-marks/index.js'
import { runWatchDelivery } from '../../src/flows/watches/index.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { createApiKey, revokeApiKey } from '../../src/modules/access/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { revokeRecord } from '../../src/modules/records/index.js'
import { OWNER_GONE } from '../../src/modules/watches/index.js'
import { openMigratedContext } from '../../src/setup.js'
import { actor, penaltyRow, rowsOf, seedDepartments } from '../ingest/helpers.js'
import { inProcessCli } from '../support/cli-in-process.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { seedDepartments as seedNamed } from '../support/people.js'

const rng = createRng(17003)
const A = { name: '天津市监测测试甲有限公司', uscc: generateUscc(rng, { dept: '9', category: '1', region: '120116' }) }
const B = { name: '天津市监测测试乙有限公司', uscc: generateUscc(rng, { dept: '9', category: '1', region: '120101' }) }

interface Received {
  headers: IncomingMessage['headers']
  body: string
  status: number
}

/** A webhook receiver on loopback answering with `status()` for each request. */
async function receiver(status: () => number): Promise<{ server: Server; url: string; got: Received[] }> {
  const got: Received[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => {
      body += c
    })
    req.on('end', () => {
      const s = status()
      got.push({ headers: req.headers, body, status: s })
      res.statusCode = s
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got }
}

/** The receiver's check: `t=<unix>,v1=<hex HMAC-SHA256("<t>.<raw body>")>` with the watch's secret. */
function verified(r: Received, secret: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(r.headers['x-gongxin-signature']))
  if (!m) return false
  return createHmac('sha256', secret).update(`${m[1]}.${r.body}`).digest('hex') === m[2]
}

describeEachDialect('watch lists and early warning', (dialect) => {
  let ctx: TestContext
  let live: Ctx
  let app: FastifyInstance
  const h: Record<string, Record<string, string>> = {}
  let flaky: Awaited<ReturnType<typeof receiver>>
  let dead: Awaited<ReturnType<typeof receiver>>
  let flakyFailures = 3
  let deadStatus = 500
  const docs = { n: 0 }

  const penalty = async (company: { name: string; uscc: string }, decidedOn = '2026-05-20', c: Ctx = live) => {
    docs.n += 1
    const r = await runIngest(c, actor, {
      classCode: 'admin_penalty',
      dept: 'tj-scjg',
      channel: 'api',
      ...rowsOf([
        penaltyRow({
          CF_XDR_MC: company.name,
          CF_XDR_SHXYM: company.uscc,
          CF_WSH: `津市监罚〔2026〕W${docs.n}号`,
          CF_JDRQ: decidedOn,
        }),
      ]),
    })
    expect(r.accepted).toBe(1)
    return `津市监罚〔2026〕W${docs.n}号`
  }
  const entityOf = async (uscc: string) =>
    (await live.db.selectFrom('entities').select('id').where('uscc', '=', uscc).executeTakeFirstOrThrow()).id
  const recordOf = async (doc: string) =>
    (await live.db.selectFrom('records').select('id').where('document_no', '=', doc).executeTakeFirstOrThrow()).id
  const outboxRows = async () =>
    Number(
      (
        await live.db
          .selectFrom('watch_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const api = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
    app.inject({ method, url, headers, ...(payload ? { payload } : {}) })
  const feed = async (id: string, query = '', who = h.consumer as Record<string, string>) => {
    const r = await api('GET', `/api/v1/watches/${id}/events${query}`, who)
    expect(r.statusCode, r.body).toBe(200)
    return r.json() as {
      items: { id: string; cursor: string; type: string; entityId: string; data: Record<string, unknown> }[]
      next: string
      more: boolean
    }
  }
  const minutes = (n: number) => ctx.clock.set(new Date(ctx.clock.now().getTime() + n * 60_000).toISOString())

  const cli = inProcessCli(() => ctx.testDb, registerWatchCommands)
  const watchIds: Record<string, string> = {}
  const secrets: Record<string, string> = {}

  beforeAll(async () => {
    ctx = await testContext(dialect, {
      now: '2026-06-01T02:00:00Z',
      env: {
        GONGXIN_OUTBOX_MAX_ATTEMPTS: '5',
        GONGXIN_WATCH_INTERVAL_SECONDS: '0',
        GONGXIN_WEBHOOK_ALLOW: '127.0.0.1,localhost,*.example.gov.cn',
      },
    })
    live = ctx
    await seedDepartments(ctx)
    await seedNamed(ctx, { 'tj-czj': '天津市财政局', 'tj-fy': '天津市高级人民法院' }, rng)
    // the entities exist before anybody watches them
    await penalty(A, '2025-10-10')
    await penalty(B, '2025-10-10')
    app = await buildApp(ctx, { web: false })
    await app.ready()
    const key = async (role: string, dept: string, scopes?: string[]) => ({
      authorization: `Bearer ${(await createApiKey(ctx, actor, { role, dept, ...(scopes ? { scopes } : {}) })).key}`,
    })
    h.consumer = await key('consumer', 'tj-czj')
    // a key of the same department that may manage watches but read nothing beyond public data
    h.narrow = await key('consumer', 'tj-czj', ['watch.manage'])
    h.provider = await key('provider', 'tj-scjg')
    flaky = await receiver(() => (flakyFailures-- > 0 ? 500 : 200))
    dead = await receiver(() => deadStatus)
  })
  afterAll(async () => {
    await app?.close()
    flaky?.server.close()
    dead?.server.close()
    if (live && live !== ctx) await closeContext(live)
    if (live === ctx) await ctx?.close()
    else await ctx?.testDb.cleanup()
  })

  it('creates watches: 201 with the secret once; the secret is never shown again; 403 without watch.manage', async () => {
    const r = await api('POST', '/api/v1/watches', h.consumer as Record<string, string>, {
      name: '重点监管企业',
      entities: [{ uscc: A.uscc }],
      events: ['record.created', 'record.revoked', 'list.entered', 'mark.opened', 'alert'],
      webhook: { url: flaky.url },
    })
    expect(r.statusCode, r.body).toBe(201)
    const w = r.json()
    expect(w.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/)
    expect(w).toMatchObject({ name: '重点监管企业', dept: 'tj-czj', entityCount: 1, webhook: { url: flaky.url } })
    watchIds.main = w.id
    secrets.main = w.secret
    const stored = await live.db.selectFrom('watches').select('secret').where('id', '=', w.id).executeTakeFirstOrThrow()
    expect(stored.secret).not.toContain(w.secret)
    expect(live.keys.decrypt(stored.secret)).toBe(w.secret)
    const list = await api('GET', '/api/v1/watches', h.consumer as Record<string, string>)
    expect(list.statusCode).toBe(200)
    expect(list.body).not.toContain(w.secret)
    expect(list.json().items.map((x: { id: string }) => x.id)).toEqual([w.id])

    const d = await api('POST', '/api/v1/watches', h.consumer as Record<string, string>, {
      name: '死信测试',
      entities: [{ uscc: B.uscc }],
      events: ['record.created'],
      webhook: { url: dead.url },
    })
    expect(d.statusCode, d.body).toBe(201)
    watchIds.dead = d.json().id
    secrets.dead = d.json().secret
    const n = await api('POST', '/api/v1/watches', h.narrow as Record<string, string>, {
      name: '仅公开信息',
      entities: [{ entityId: await entityOf(A.uscc) }],
      events: ['record.created'],
    })
    expect(n.statusCode, n.body).toBe(201)
    watchIds.narrow = n.json().id

    const refused = await api('POST', '/api/v1/watches', h.provider as Record<string, string>, {
      name: 'x',
      entities: [{ uscc: A.uscc }],
      events: ['record.created'],
    })
    expect(refused.statusCode).toBe(403)
  })

  it('refuses a webhook outside GONGXIN_WEBHOOK_ALLOW, unknown entities and unknown event types, in Chinese', async () => {
    const off = await api('POST', '/api/v1/watches', h.consumer as Record<string, string>, {
      name: '外部地址',
      entities: [{ uscc: A.uscc }],
      events: ['record.created'],
      webhook: { url: 'http://10.9.9.9:8080/hook' },
    })
    expect(off.statusCode).toBe(400)
    expect(off.json().error.code).toBe('watch.webhook_not_allowed')
    expect(off.json().error.message).toContain('10.9.9.9')
    const byName = await api('POST', '/api/v1/watches', h.consumer as Record<string, string>, {
      name: '域名',
      entities: [{ uscc: A.uscc }],
      events: ['record.created'],
      webhook: { url: 'https://hook.example.gov.cn/x' },
    })
    expect(byName.statusCode, byName.body).toBe(201)
    await api('DELETE', `/api/v1/watches/${byName.json().id}`, h.consumer as Record<string, string>)
    const unknown = await api('POST', '/api/v1/watches', h.consumer as Record<string, string>, {
      name: '未知主体',
      entities: [{ uscc: A.uscc }, { entityId: 'nope' }],
      events: ['record.created'],
    })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error.code).toBe('watch.entities_unresolved')
    const badType = await api('POST', '/api/v1/watches', h.consumer as Record<string, string>, {
      name: '未知事件',
      entities: [{ uscc: A.uscc }],
      events: ['record.deleted'],
    })
    expect(badType.statusCode).toBe(400)
  })

  it('the outbox row is written in the transaction of the change: a rollback emits nothing, nobody watching writes nothing', async () => {
    const before = await outboxRows()
    await expect(
      runCommand(live, actor, async (scope) => {
        await penalty(A, '2026-05-01', scope.ctx)
        // inside the change's transaction the event is there
        expect((await scope.trx.selectFrom('watch_events').select('id').execute()).length).toBe(before + 1)
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    expect(await outboxRows()).toBe(before)
    expect(
      await live.db
        .selectFrom('records')
        .select('id')
        .where('document_no', '=', `津市监罚〔2026〕W${docs.n}号`)
        .execute(),
    ).toEqual([])
    // a change of a watched entity writes one row per event, not yet in the feed
    await penalty(A, '2026-05-02')
    expect(await outboxRows()).toBe(before + 1)
    const row = await live.db
      .selectFrom('watch_events')
      .selectAll()
      .orderBy('occurred_at', 'desc')
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ type: 'record.created', entity_id: await entityOf(A.uscc), scope: 'public', seq: null })
  }, 30_000)

  it('early warning: the third penalty in six months raises an alert; entering a black list too', async () => {
    await penalty(A, '2026-05-10')
    await penalty(A, '2026-05-20') // with 2026-05-02 and 2026-05-10: three within six months (2025-10-10 is older)
    const court = await runIngest(live, actor, {
      classCode: 'court_defaulter',
      dept: 'tj-fy',
      channel: 'api',
      ...rowsOf([
        {
          case_no: '（2026）津0101执900号',
          subject_name: A.name,
          subject_category: '法人及非法人组织',
          uscc: A.uscc,
          legal_rep: '王五',
          court: '天津市和平区人民法院',
          basis_doc_no: '（2025）津0101民初9号',
          basis_issuer: '天津市和平区人民法院',
          obligation: '支付货款人民币十万元',
          performance: '全部未履行',
          conduct: '有履行能力而拒不履行生效法律文书确定义务',
          filed_on: '2026-05-05',
          published_on: '2026-05-25',
        },
      ]),
    })
    expect(court.accepted).toBe(1)
    const f = await feed(watchIds.main as string)
    expect(f.items.map((e) => e.type)).toEqual([
      'record.created',
      'record.created',
      'record.created',
      'alert',
      'record.created',
      'list.entered',
      'alert',
    ])
    const alerts = f.items.filter((e) => e.type === 'alert')
    expect(alerts[0]?.data).toMatchObject({ rule: 'penalties_6m', level: 'warning', count: 3, months: 6 })
    expect(alerts[1]?.data).toMatchObject({ rule: 'black_list_entered', level: 'serious' })
    expect(alerts[1]?.data.cause).toMatchObject({ type: 'list.entered' })
    const cursors = f.items.map((e) => Number(e.cursor))
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b))
    expect(f.next).toBe(f.items.at(-1)?.cursor)
    // a subject read through the feed is in its access log
    const log = await searchAuditEvents(live.db, { action: 'watch.read' }, 1, 100)
    expect(log.items.length).toBeGreaterThan(0)
  }, 30_000)

  it('a watcher only receives what its rights may read: government-scope events not for a public-only key', async () => {
    const contract = await runIngest(live, actor, {
      classCode: 'contract_performance',
      dept: 'tj-czj',
      channel: 'api',
      ...rowsOf([
        {
          subject_name: A.name,
          uscc: A.uscc,
          contract_name: '办公设备采购合同',
          document_no: 'GOV-W-1',
          counterparty: '天津市财政局',
          decision_date: '2026-05-26',
          performance: '未履行',
          authority_name: '天津市财政局',
        },
      ]),
    })
    expect(contract.accepted).toBe(1)
    const full = await feed(watchIds.main as string)
    expect(full.items.filter((e) => e.data.class === 'contract_performance')).toHaveLength(1)
    const narrow = await feed(watchIds.narrow as string, '', h.narrow as Record<string, string>)
    expect(narrow.items.map((e) => e.data.class)).not.toContain('contract_performance')
    expect(narrow.items.filter((e) => e.type === 'record.created').length).toBe(4) // three penalties, the court's entry
  })

  it('marks and revocations are events too', async () => {
    const doc = await penalty(A, '2026-05-27')
    const id = await recordOf(doc)
    await feed(watchIds.main as string) // placed in the feed (and counted by the rules) before it is revoked
    await openMark(live, actor, id, { reason: '当事人提出异议' })
    await revokeRecord(live, { ...actor, role: 'operator' }, id, '处罚决定已撤销')
    const f = await feed(watchIds.main as string)
    const tail = f.items.slice(-4)
    // the fourth penalty within six months raises the rule's alert again (with the count)
    expect(tail.map((e) => e.type)).toEqual(['record.created', 'alert', 'mark.opened', 'record.revoked'])
    expect(tail[1]?.data).toMatchObject({ rule: 'penalties_6m', count: 4 })
    expect(tail.every((e) => e.data.recordId === id || (e.data.cause as { recordId?: string })?.recordId === id)).toBe(
      true,
    )
    expect(tail[2]?.data).toMatchObject({ recordId: id, class: 'admin_penalty', kind: 'under_objection' })
  })

  it('webhook: 500 three times then 200 - each event accepted once, in cursor order, signed with the secret', async () => {
    await penalty(B, '2026-05-28') // an event for the watch whose receiver always fails
    const all = (await feed(watchIds.main as string)).items
    let r = await runWatchDelivery(live)
    expect(r).toMatchObject({ retrying: 2 }) // main (500) and dead (500)
    expect(flaky.got).toHaveLength(1)
    let status = await api('GET', `/api/v1/watches/${watchIds.main}/deliveries`, h.consumer as Record<string, string>)
    expect(status.json().status).toMatchObject({ attempts: 1, lastError: '接收方应答 HTTP 500', delivered: 0 })
    // before the backoff has passed nothing is tried
    await runWatchDelivery(live)
    expect(flaky.got).toHaveLength(1)
    for (const wait of [2, 4, 8]) {
      minutes(wait + 0.5)
      r = await runWatchDelivery(live)
    }
    const accepted = flaky.got.filter((g) => g.status === 200)
    expect(flaky.got.filter((g) => g.status === 500)).toHaveLength(3)
    const ids = accepted.map((g) => JSON.parse(g.body).id as string)
    expect(ids).toEqual(all.map((e) => e.id))
    expect(new Set(ids).size).toBe(ids.length)
    for (const g of flaky.got) expect(verified(g, secrets.main as string)).toBe(true)
    expect(verified(flaky.got[0] as Received, 'another-secret')).toBe(false)
    const first = JSON.parse((accepted[0] as Received).body)
    expect(Object.keys(first)).toEqual(['id', 'type', 'occurredAt', 'entityId', 'data'])
    status = await api('GET', `/api/v1/watches/${watchIds.main}/deliveries`, h.consumer as Record<string, string>)
    expect(status.json().status).toMatchObject({
      attempts: 0,
      lastError: null,
      backlog: 0,
      delivered: all.length,
      cursor: all.at(-1)?.cursor,
    })
    // nothing new: nothing sent again
    minutes(30)
    await runWatchDelivery(live)
    expect(flaky.got.filter((g) => g.status === 200)).toHaveLength(all.length)
  })

  it('dead-letters an event after N attempts and replays it on request', async () => {
    // the dead receiver failed once above; four more attempts (N = 5) put the event in the dead letters
    for (let i = 0; i < 6; i++) {
      minutes(400)
      await runWatchDelivery(live)
    }
    expect(dead.got).toHaveLength(5)
    const d = await api('GET', `/api/v1/watches/${watchIds.dead}/deliveries`, h.consumer as Record<string, string>)
    expect(d.statusCode, d.body).toBe(200)
    const body = d.json()
    expect(body.deadLetters).toHaveLength(1)
    expect(body.deadLetters[0]).toMatchObject({ attempts: 5, lastError: '接收方应答 HTTP 500', replayedAt: null })
    expect(body.status).toMatchObject({ deadLetters: 1, backlog: 0, attempts: 0 })
    expect((await searchAuditEvents(live.db, { action: 'watch.dead_lettered' }, 1, 100)).items).toHaveLength(1)

    deadStatus = 200
    const replay = await api('POST', `/api/v1/watches/${watchIds.dead}/replay`, h.consumer as Record<string, string>, {
      deadLetter: body.deadLetters[0].id,
    })
    expect(replay.statusCode, replay.body).toBe(200)
    expect(replay.json()).toMatchObject({ backlog: 1, deadLetters: 0 })
    // the command line runs the worker once, as cron or an operator would
    const run = await cli(['watches', 'deliver', '--json'])
    expect(run.code, run.err).toBe(0)
    expect(JSON.parse(run.out)).toEqual({ watches: 1, delivered: 1, retrying: 0, deadLettered: 0, skipped: 0 })
    expect(dead.got).toHaveLength(6)
    expect(dead.got[5]?.status).toBe(200)
    expect(JSON.parse(dead.got[5]?.body as string).id).toBe(body.deadLetters[0].eventId)
    expect(verified(dead.got[5] as Received, secrets.dead as string)).toBe(true)
  })

  it("posts nothing for a watch whose owner's key was revoked; other watches go on", async () => {
    const made = await createApiKey(live, actor, { role: 'consumer', dept: 'tj-czj' })
    const r = await api(
      'POST',
      '/api/v1/watches',
      { authorization: `Bearer ${made.key}` },
      {
        name: '吊销后不再推送',
        entities: [{ uscc: A.uscc }],
        events: ['record.created'],
        webhook: { url: flaky.url },
      },
    )
    expect(r.statusCode, r.body).toBe(201)
    const orphan = r.json().id as string
    await revokeApiKey(live, actor, made.id)
    const before = flaky.got.length
    await penalty(A, '2026-05-29')
    minutes(1)
    await runWatchDelivery(live)
    // the main watch (same receiver, a live key) gets the new penalty; the orphan's copy is not posted
    const posted = flaky.got.slice(before).map((g) => JSON.parse(g.body) as { type: string })
    expect(posted.map((p) => p.type)).toContain('record.created')
    expect(flaky.got.slice(before).every((g) => g.headers['x-gongxin-watch'] === watchIds.main)).toBe(true)
    const row = await live.db
      .selectFrom('watches')
      .select(['last_error', 'delivered_seq', 'start_seq'])
      .where('id', '=', orphan)
      .executeTakeFirstOrThrow()
    expect(row.last_error).toBe(OWNER_GONE)
    expect(Number(row.delivered_seq)).toBe(Number(row.start_seq))
  })

  describe('the pull feed after a restart', () => {
    it('the cursor of a page read before the restart continues the feed after it', async () => {
      const first = await feed(watchIds.main as string, '?limit=3')
      expect(first.items).toHaveLength(3)
      expect(first.more).toBe(true)
      const all = (await feed(watchIds.main as string, '?limit=1000')).items
      // the server stops; a new process opens the same database
      await app.close()
      await closeContext(live)
      live = await openMigratedContext(ctx.testDb.config, { clock: ctx.clock })
      app = await buildApp(live, { web: false })
      await app.ready()
      const rest = await feed(watchIds.main as string, `?after=${first.next}&limit=1000`)
      expect([...first.items, ...rest.items].map((e) => e.id)).toEqual(all.map((e) => e.id))
      expect(rest.more).toBe(false)
      const bad = await api(
        'GET',
        `/api/v1/watches/${watchIds.main}/events?after=abc`,
        h.consumer as Record<string, string>,
      )
      expect(bad.statusCode).toBe(400)
      expect(bad.json().error.code).toBe('watch.bad_cursor')
    }, 30_000)

    it('a deleted watch is gone and emits nothing more', async () => {
      const del = await api('DELETE', `/api/v1/watches/${watchIds.dead}`, h.consumer as Record<string, string>)
      expect(del.statusCode).toBe(204)
      expect(
        (await api('GET', `/api/v1/watches/${watchIds.dead}`, h.consumer as Record<string, string>)).statusCode,
      ).toBe(404)
      const before = await outboxRows()
      await penalty(B, '2026-05-28')
      expect(await outboxRows()).toBe(before)
    })
  })
})
