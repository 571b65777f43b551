// The in-app inbox: a notice to a user, an entity, a department or a role, written in the caller's transaction;
// each signed-in user sees its own, its entity's and its department's; read state; personal text masked.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { runCommand } from '../../src/core/command.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateResidentId, generateUscc } from '../../src/identifiers/index.js'
import { addDepartment, createUser } from '../../src/modules/access/index.js'
import { createEntity } from '../../src/modules/entities/index.js'
import { notify } from '../../src/modules/notifications/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { PASSWORD, signIn } from './helpers.js'

const actor = systemActor('test')

describeEachDialect('notifications: inbox', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let entityId: string
  let otherEntityId: string
  let opUserId: string
  const rng = createRng(14)

  beforeAll(async () => {
    ctx = await testContext(dialect)
    await addDepartment(ctx, actor, {
      code: 'tj-scjg',
      name: '天津市市场监督管理委员会',
      uscc: generateUscc(rng, { dept: '1', category: '1', region: '120000' }),
    })
    entityId = (
      await createEntity(ctx, actor, {
        kind: 'legal_person',
        name: '天津港湾物流有限公司',
        uscc: generateUscc(rng, { region: '120116' }),
      })
    ).id
    otherEntityId = (
      await createEntity(ctx, actor, {
        kind: 'legal_person',
        name: '天津另一家贸易有限公司',
        uscc: generateUscc(rng, { region: '120116' }),
      })
    ).id
    await createUser(ctx, actor, { username: 'gangwan', role: 'subject', entityId, password: PASSWORD })
    await createUser(ctx, actor, { username: 'other', role: 'subject', entityId: otherEntityId, password: PASSWORD })
    await createUser(ctx, actor, { username: 'prov', role: 'provider', dept: 'tj-scjg', password: PASSWORD })
    opUserId = (await createUser(ctx, actor, { username: 'op', role: 'operator', password: PASSWORD })).id
    app = await buildApp(ctx, { web: false })
  })
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  const inboxOf = async (headers: Record<string, string>, query = '') => {
    const r = await app.inject({ method: 'GET', url: `/api/v1/me/inbox${query}`, headers })
    expect(r.statusCode, r.body).toBe(200)
    return r.json()
  }

  it('a notice commits with the change that tells about it, or not at all', async () => {
    await expect(
      runCommand(ctx, actor, async (scope) => {
        await notify(scope.ctx, actor, {
          to: { kind: 'entity', id: entityId },
          topic: 'objection.accepted',
          title: '您的异议已受理',
          body: '不应出现',
        })
        throw new Error('the state change failed')
      }),
    ).rejects.toThrow('the state change failed')
    const subject = await signIn(app, 'gangwan')
    expect(await inboxOf(subject)).toMatchObject({ items: [], total: 0, unread: 0 })
  })

  it('each reader sees its own, its entity’s, its department’s and its role’s notices', async () => {
    const id = generateResidentId(rng, { region: '120116', birthDate: '1980-05-06', sex: 'female' })
    await runCommand(ctx, actor, async (scope) => {
      await notify(scope.ctx, actor, {
        to: { kind: 'entity', id: entityId },
        topic: 'objection.accepted',
        title: '您的异议已受理',
        body: `经办人身份证号 ${id}，请在 2 个工作日内等待核查结果。`,
        link: '/portal/me/cases/1',
      })
      await notify(scope.ctx, actor, {
        to: { kind: 'dept', id: 'tj-scjg' },
        topic: 'objection.forwarded',
        title: '请核实异议',
        body: '10 个工作日内核实',
      })
      await notify(scope.ctx, actor, {
        to: { kind: 'user', id: opUserId },
        topic: 'test',
        title: '给您本人',
        body: '正文',
      })
      await notify(scope.ctx, actor, {
        to: { kind: 'role', id: 'operator' },
        topic: 'tip.deadline',
        title: '举报逾期',
        body: '正文',
      })
    })
    const subject = await inboxOf(await signIn(app, 'gangwan'))
    expect(subject.items.map((n: { title: string }) => n.title)).toEqual(['您的异议已受理'])
    expect(subject.items[0]).toMatchObject({
      to: { kind: 'entity', id: entityId },
      topic: 'objection.accepted',
      link: '/portal/me/cases/1',
      read: false,
      readAt: null,
    })
    expect(subject.items[0].body).not.toContain(id)
    expect(subject.items[0].body).toContain(`经办人身份证号 ${id.slice(0, 4)}**********${id.slice(-4)}`)
    expect((await inboxOf(await signIn(app, 'other'))).total).toBe(0)
    const prov = await inboxOf(await signIn(app, 'prov'))
    expect(prov.items.map((n: { title: string }) => n.title)).toEqual(['请核实异议'])
    const op = await inboxOf(await signIn(app, 'op'))
    expect(op.items.map((n: { title: string }) => n.title).sort()).toEqual(['举报逾期', '给您本人'])
    expect(op).toMatchObject({ total: 2, unread: 2, page: 1, pageSize: 20 })
  })

  it('read: marked once for the addressee, unread filter and counts follow; others’ notices are 404', async () => {
    const subject = await signIn(app, 'gangwan')
    const [notice] = (await inboxOf(subject)).items
    ctx.clock.advance(60_000)
    const read = await app.inject({ method: 'POST', url: `/api/v1/me/inbox/${notice.id}/read`, headers: subject })
    expect(read.statusCode, read.body).toBe(200)
    expect(read.json()).toMatchObject({ id: notice.id, read: true, readAt: '2026-06-01T02:01:00.000Z' })
    ctx.clock.advance(60_000)
    const again = await app.inject({ method: 'POST', url: `/api/v1/me/inbox/${notice.id}/read`, headers: subject })
    expect(again.json().readAt).toBe('2026-06-01T02:01:00.000Z')
    expect(await inboxOf(subject, '?unread=true')).toMatchObject({ items: [], total: 0, unread: 0 })
    expect(await inboxOf(subject)).toMatchObject({ total: 1, unread: 0 })
    const other = await signIn(app, 'other')
    const theirs = await app.inject({ method: 'POST', url: `/api/v1/me/inbox/${notice.id}/read`, headers: other })
    expect(theirs.statusCode).toBe(404)
    expect(theirs.json().error.code).toBe('notification.not_found')
    expect((await app.inject({ method: 'GET', url: '/api/v1/me/inbox' })).statusCode).toBe(401)
  })

  it('refuses a bad addressee or empty text with a Chinese message naming the field', async () => {
    await expect(
      notify(ctx, actor, { to: { kind: 'group' as 'user', id: 'x' }, topic: 't', title: 't', body: 'b' }),
    ).rejects.toMatchObject({ code: 'notification.bad_addressee' })
    await expect(
      notify(ctx, actor, { to: { kind: 'user', id: opUserId }, topic: 't', title: ' ', body: 'b' }),
    ).rejects.toThrow(/标题（title）不能为空/)
  })
})
