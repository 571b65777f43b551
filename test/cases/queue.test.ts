import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { runCommand } from '../../src/core/command.js'
import { defineErrors } from '../../src/core/errors.js'
import { systemActor } from '../../src/core/actor.js'
import { buildApp } from '../../src/http/app.js'
import { type Principal, permissionsOf } from '../../src/modules/access/index.js'
import { defineCaseMachine, moveCase, openCase } from '../../src/modules/cases/index.js'
import { createEntity, type Entity } from '../../src/modules/entities/index.js'
import { type CaseKind, caseQueue, myCases } from '../../src/flows/cases/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { bearer, companyUscc, seedDepts, subjectLogin } from '../commitments/helpers.js'

const err = defineErrors({
  'queue_demo.bad_transition': { status: 409, message: '状态不允许。' },
  'queue_demo.not_found': { status: 404, message: '办件不存在。' },
  'queue_demo.conflict': { status: 409, message: '已被他人办理。' },
})
const machine = defineCaseMachine({
  kind: 'queue_demo',
  prefix: 'QD',
  initial: 'submitted',
  states: { submitted: '已提交', verifying: '核实中', decided: '已办结' },
  closed: ['decided'],
  actions: {
    forward: { from: ['submitted'], to: 'verifying', label: '转交' },
    decide: { from: ['verifying'], to: 'decided', label: '决定' },
  },
  badTransition: (d) => err('queue_demo.bad_transition', d),
  notFound: (d) => err('queue_demo.not_found', d),
  conflict: (d) => err('queue_demo.conflict', d),
})
const kinds: CaseKind[] = [{ machine, reviewPermission: 'objection.review', label: '测试办件' }]
const principal = (role: string, extra: Partial<Principal> = {}): Principal => ({
  kind: 'user',
  id: `u-${role}`,
  role,
  dept: null,
  district: null,
  entityId: null,
  permissions: permissionsOf(role),
  ...extra,
})
const actor = systemActor('clerk')

describeEachDialect('the shared case queue and 「我的办件」', (dialect) => {
  let ctx: TestContext
  let company: Entity
  let other: Entity
  let app: FastifyInstance
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    // 2026-09-30: National Day runs 10-01..10-07, so the next working days are 10-08 and 10-09
    ctx = await testContext(dialect, { now: '2026-09-30T02:00:00Z' })
    await seedDepts(ctx)
    company = await createEntity(ctx, actor, {
      kind: 'legal_person',
      name: '天津市队列测试有限公司',
      uscc: companyUscc(),
      legalRep: '李四',
      district: '120116',
    })
    other = await createEntity(ctx, actor, {
      kind: 'legal_person',
      name: '天津市别家测试有限公司',
      uscc: companyUscc(),
      legalRep: '赵六',
      district: '120116',
    })
    const file = (entityId: string, user: string, due: string) =>
      runCommand(ctx, actor, (scope) =>
        openCase(scope, machine, {
          entityId,
          recordId: null,
          applicantKind: 'subject',
          applicantUser: user,
          handlerDept: null,
          policyVersion: '1',
          deadlines: [{ code: 'demo.accept', startOn: '2026-09-25', workingDays: 2, dueOn: due, provisional: false }],
        }),
      )
    ids.a = (await file(company.id, 'u-subject', '2026-10-09')).id
    ids.b = (await file(company.id, 'u-agent', '2026-09-29')).id
    ids.c = (await file(other.id, 'u-else', '2026-10-12')).id
    await runCommand(ctx, actor, (scope) =>
      moveCase(scope, machine, ids.c as string, 'forward', { handlerDept: 'tj-scjg', meet: ['demo.accept'] }),
    )
    app = await buildApp(ctx, { web: false })
    await app.ready()
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  it('shows the credit office every case with working-day clocks, names and tallies', async () => {
    const q = await caseQueue(ctx, principal('operator'), {}, kinds)
    expect(q.total).toBe(3)
    const a = q.items.find((i) => i.id === ids.a)
    expect(a).toMatchObject({ kindLabel: '测试办件', entityName: '天津市队列测试有限公司', stateLabel: '已提交' })
    // 2026-09-30 -> 2026-10-09: two working days (10-08, 10-09) across the National Day holiday
    expect(a?.deadlines[0]).toMatchObject({ dueOn: '2026-10-09', remainingWorkingDays: 2, overdue: false })
    const b = q.items.find((i) => i.id === ids.b)
    expect(b).toMatchObject({ overdue: true })
    expect(b?.deadlines[0]).toMatchObject({ remainingWorkingDays: -1, overdue: true })
    expect(q.counts).toEqual(
      expect.arrayContaining([
        { kind: 'queue_demo', state: 'submitted', stateLabel: '已提交', dept: null, count: 2 },
        { kind: 'queue_demo', state: 'verifying', stateLabel: '核实中', dept: 'tj-scjg', count: 1 },
      ]),
    )
    expect((await caseQueue(ctx, principal('operator'), { overdue: true }, kinds)).items.map((i) => i.id)).toEqual([
      ids.b,
    ])
    expect((await caseQueue(ctx, principal('operator'), { state: 'verifying' }, kinds)).total).toBe(1)
    const paged = await caseQueue(ctx, principal('operator'), { page: 2, pageSize: 2 }, kinds)
    expect([paged.items.length, paged.total, paged.page]).toEqual([1, 3, 2])
  })

  it('shows a department only the cases it handles, and nobody else anything', async () => {
    const scjg = await caseQueue(ctx, principal('provider', { dept: 'tj-scjg' }), {}, kinds)
    expect(scjg.items.map((i) => i.id)).toEqual([ids.c])
    expect(scjg.counts).toEqual([
      { kind: 'queue_demo', state: 'verifying', stateLabel: '核实中', dept: 'tj-scjg', count: 1 },
    ])
    // asking for another department's cases does not widen the scope
    expect((await caseQueue(ctx, principal('provider', { dept: 'tj-scjg' }), { dept: 'tj-czj' }, kinds)).total).toBe(1)
    expect((await caseQueue(ctx, principal('provider', { dept: 'tj-czj' }), {}, kinds)).total).toBe(0)
    expect((await caseQueue(ctx, principal('auditor'), {}, kinds)).total).toBe(0)
  })

  it('gives an applicant the cases about its entity and its own', async () => {
    const mine = await myCases(ctx, principal('subject', { id: 'u-agent', entityId: company.id }), {}, kinds)
    expect(mine.items.map((i) => i.id).sort()).toEqual([ids.a, ids.b].sort())
    const filer = await myCases(ctx, principal('subject', { id: 'u-else', entityId: null }), {}, kinds)
    expect(filer.items.map((i) => i.id)).toEqual([ids.c])
  })

  it('serves both over HTTP behind their guards', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/cases' })).statusCode).toBe(401)
    const op = await app.inject({ method: 'GET', url: '/api/v1/cases', headers: await bearer(ctx, 'operator') })
    expect(op.statusCode).toBe(200)
    expect(op.json()).toMatchObject({ page: 1, pageSize: 20 })
    const subject = await subjectLogin(ctx, app, 'queue-subject', company.id)
    expect((await app.inject({ method: 'GET', url: '/api/v1/cases', headers: subject })).statusCode).toBe(403)
    const me = await app.inject({ method: 'GET', url: '/api/v1/me/cases', headers: subject })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toMatchObject({ page: 1, pageSize: 20 })
    expect((await app.inject({ method: 'GET', url: '/api/v1/me/cases' })).statusCode).toBe(401)
  })
})
