import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerMarkCommands } from '../../src/cli/commands/mark.js'
import { createApiKey } from '../../src/modules/access/index.js'
import { searchAuditEvents, verifyAuditChain } from '../../src/modules/audit/index.js'
import { appWithPublic } from '../public/helpers.js'
import { inProcessCli } from '../support/cli-in-process.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { actor, type Fixture, seedFixture } from './fixtures.js'

describeEachDialect('objection marks (异议处理中)', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let f: Fixture
  let operator: string
  let consumer: string
  let provider: string
  const auth = (k: string) => ({ authorization: `Bearer ${k}` })
  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    f = await seedFixture(ctx)
    operator = (await createApiKey(ctx, actor, { role: 'operator' })).key
    consumer = (await createApiKey(ctx, actor, { role: 'consumer', dept: 'tj-sw' })).key
    provider = (await createApiKey(ctx, actor, { role: 'provider', dept: 'tj-scjg' })).key
    app = await appWithPublic(ctx)
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const cli = inProcessCli(() => ctx.testDb, registerMarkCommands)

  it('an operator opens and closes a mark through the API; the record shows it while open; history and audit kept', async () => {
    const id = f.rec['PUB-GEN'] as string
    const url = `/api/v1/records/${id}/marks`
    expect(
      (await app.inject({ method: 'POST', url, payload: { kind: 'under_objection', reason: '当事人异议' } }))
        .statusCode,
    ).toBe(401)
    expect(
      (
        await app.inject({
          method: 'POST',
          url,
          headers: auth(provider),
          payload: { kind: 'under_objection', reason: '当事人异议' },
        })
      ).statusCode,
    ).toBe(403)
    const bad = await app.inject({
      method: 'POST',
      url,
      headers: auth(operator),
      payload: { kind: 'rumour', reason: '当事人异议' },
    })
    expect(bad.statusCode).toBe(400)
    const noReason = await app.inject({
      method: 'POST',
      url,
      headers: auth(operator),
      payload: { kind: 'under_objection', reason: ' x' },
    })
    expect(noReason.statusCode).toBe(422)
    expect(noReason.json().error.code).toBe('mark.reason_required')

    const opened = await app.inject({
      method: 'POST',
      url,
      headers: auth(operator),
      payload: { kind: 'under_objection', reason: '当事人提出异议，正在核查' },
    })
    expect(opened.statusCode).toBe(201)
    expect(opened.json()).toMatchObject({
      recordId: id,
      kind: 'under_objection',
      label: '异议处理中',
      open: true,
      openedAt: '2026-06-01T02:00:00.000Z',
      openReason: '当事人提出异议，正在核查',
      closedAt: null,
    })
    const twice = await app.inject({
      method: 'POST',
      url,
      headers: auth(operator),
      payload: { kind: 'under_objection', reason: '再次提出' },
    })
    expect(twice.statusCode).toBe(409)
    expect(twice.json().error.code).toBe('mark.already_open')

    const pub = await app.inject(`/api/v1/public/records/${id}`)
    expect(pub.json().marks).toEqual(['under_objection'])
    const gov = await app.inject({ url: `/api/v1/records/${id}`, headers: auth(consumer) })
    expect(gov.json()).toMatchObject({ id, state: 'active', marks: ['under_objection'] })
    const file = (await app.inject(`/api/v1/public/entities/${f.ent.company}`)).json()
    expect(file.flags).toContain('under_objection')
    expect(file.marks).toEqual([
      { recordId: id, kind: 'under_objection', label: '异议处理中', since: '2026-06-01T02:00:00.000Z' },
    ])
    const inFile = file.categories
      .flatMap((c: { records: { id: string; marks: string[] }[] }) => c.records)
      .find((r: { id: string }) => r.id === id)
    expect(inFile.marks).toEqual(['under_objection'])

    ctx.clock.advance(3_600_000)
    const closed = await app.inject({
      method: 'POST',
      url: `${url}/close`,
      headers: auth(operator),
      payload: { reason: '经核查，异议不成立' },
    })
    expect(closed.statusCode).toBe(200)
    expect(closed.json()).toMatchObject({
      open: false,
      closedAt: '2026-06-01T03:00:00.000Z',
      closeReason: '经核查，异议不成立',
    })
    const again = await app.inject({
      method: 'POST',
      url: `${url}/close`,
      headers: auth(operator),
      payload: { reason: '再次解除' },
    })
    expect(again.json().error.code).toBe('mark.not_open')
    expect((await app.inject(`/api/v1/public/records/${id}`)).json().marks).toEqual([])

    const history = await app.inject({ url, headers: auth(consumer) })
    expect(history.statusCode).toBe(200)
    expect(history.json().open).toEqual([])
    expect(
      history.json().events.map((e: { event: string; reason: string; at: string }) => [e.event, e.reason, e.at]),
    ).toEqual([
      ['open', '当事人提出异议，正在核查', '2026-06-01T02:00:00.000Z'],
      ['close', '经核查，异议不成立', '2026-06-01T03:00:00.000Z'],
    ])
    const events = await searchAuditEvents(ctx.db, { targetId: id }, 1, 10)
    // the two changes, and the consumer's two reads above (the record and its marks: record.read, issue 14)
    expect(events.items.map((e) => e.action).sort()).toEqual([
      'record.mark_close',
      'record.mark_open',
      'record.read',
      'record.read',
    ])
    expect(events.items.find((e) => e.action === 'record.mark_open')?.details).toMatchObject({
      kind: 'under_objection',
      reason: '当事人提出异议，正在核查',
    })
    // a mark is not a record version
    const versions = await ctx.db.selectFrom('record_versions').select('version').where('record_id', '=', id).execute()
    expect(versions).toHaveLength(1)
    expect((await verifyAuditChain(ctx.db)).ok).toBe(true)
  })

  it('revoked records take no new mark; unknown records are 404', async () => {
    const r = await app.inject({
      method: 'POST',
      url: `/api/v1/records/${f.rec['PUB-REV']}/marks`,
      headers: auth(operator),
      payload: { reason: '当事人异议' },
    })
    expect(r.statusCode).toBe(409)
    expect(r.json().error.code).toBe('mark.record_inactive')
    const none = await app.inject({
      method: 'POST',
      url: '/api/v1/records/nope/marks',
      headers: auth(operator),
      payload: { reason: '当事人异议' },
    })
    expect(none.statusCode).toBe(404)
  })

  it('the CLI opens, lists and closes marks, with reasons', async () => {
    const id = f.rec['CD-ORG'] as string
    expect((await cli(['mark', 'open', id])).code).toBe(2)
    const opened = await cli(['mark', 'open', id, '--reason', '被执行人称已履行', '--json'])
    expect(opened.code).toBe(0)
    expect(JSON.parse(opened.out)).toMatchObject({
      recordId: id,
      kind: 'under_objection',
      open: true,
      openReason: '被执行人称已履行',
    })
    expect((await cli(['mark', 'open', id, '--reason', '重复'])).err).toMatch(/已有「异议处理中」标注/)
    const closed = await cli(['mark', 'close', id, '--reason', '法院确认未履行'])
    expect(closed.code).toBe(0)
    expect(closed.out).toMatch(/已解除「异议处理中」标注/)
    const list = await cli(['mark', 'list', id])
    expect(list.out).toMatch(/添加\s+异议处理中\s+cli:\S+\s+被执行人称已履行/)
    expect(list.out).toMatch(/解除\s+异议处理中\s+cli:\S+\s+法院确认未履行/)
    const events = await searchAuditEvents(ctx.db, { targetId: id }, 1, 10)
    expect(events.items.map((e) => e.action).sort()).toEqual(['record.mark_close', 'record.mark_open'])
  })
})
