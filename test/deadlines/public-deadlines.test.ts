// The public read of the current deadline terms (the portal's 异议申诉 and 信用修复 pages show them): no login, the
// working days only (not who changed them), a change shows at once; 「我的办件」 names each clock by its step.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { runCommand } from '../../src/core/command.js'
import { defineErrors } from '../../src/core/errors.js'
import { buildApp } from '../../src/http/app.js'
import { createApiKey } from '../../src/modules/access/index.js'
import { defineCaseMachine, openCase } from '../../src/modules/cases/index.js'
import { getDeadlinePolicy } from '../../src/modules/deadlines/index.js'
import { createEntity } from '../../src/modules/entities/index.js'
import { type CaseKind, myCases } from '../../src/flows/cases/index.js'
import { permissionsOf } from '../../src/modules/access/index.js'
import { companyUscc, subjectLogin } from '../commitments/helpers.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const operator = systemActor('op-li')
const err = defineErrors({
  'terms_demo.bad_transition': { status: 409, message: '状态不允许。' },
  'terms_demo.not_found': { status: 404, message: '办件不存在。' },
  'terms_demo.conflict': { status: 409, message: '已被他人办理。' },
})
const machine = defineCaseMachine({
  kind: 'terms_demo',
  prefix: 'TD',
  initial: 'submitted',
  states: { submitted: '已提交', decided: '已办结' },
  closed: ['decided'],
  actions: { decide: { from: ['submitted'], to: 'decided', label: '决定' } },
  badTransition: (d) => err('terms_demo.bad_transition', d),
  notFound: (d) => err('terms_demo.not_found', d),
  conflict: (d) => err('terms_demo.conflict', d),
})
const kinds: CaseKind[] = [{ machine, reviewPermission: 'objection.review', label: '异议' }]

describeEachDialect('public deadline terms', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let op: Record<string, string>

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    op = { authorization: `Bearer ${(await createApiKey(ctx, operator, { role: 'operator' })).key}` }
    app = await buildApp(ctx, { web: false })
    await app.ready()
  })
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  it('answers anyone with each step’s current working days, and nothing about who set them', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/public/deadlines' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('public, max-age=60')
    const items = res.json().items as Record<string, unknown>[]
    expect(items.map((i) => [i.code, i.workingDays])).toEqual([
      ['objection.accept', 2],
      ['objection.platform_check', 2],
      ['objection.provider_verify', 10],
      ['repair.decide', 10],
      ['repair.notify', 3],
      ['tip.handle', 30],
      ['tip.route', 5],
    ])
    expect(items[0]).toEqual({
      code: 'objection.accept',
      nameZh: '异议受理审查',
      workingDays: 2,
      from: '自收到异议申请之日起',
      version: 1,
    })
    // the full policy (basis, source, who changed it) stays behind catalog.read
    expect((await app.inject({ method: 'GET', url: '/api/v1/deadlines' })).statusCode).toBe(401)
  })

  it('shows an operator’s change at once', async () => {
    const def = await getDeadlinePolicy(ctx.db, 'repair.decide')
    const put = await app.inject({
      method: 'PUT',
      url: '/api/v1/deadlines/repair.decide',
      headers: op,
      payload: { definition: { ...def, workingDays: 7 }, reason: '本市规定 7 个工作日内作出修复决定', baseVersion: 1 },
    })
    expect(put.statusCode).toBe(200)
    const items = (await app.inject({ method: 'GET', url: '/api/v1/public/deadlines' })).json().items as {
      code: string
      workingDays: number
      version: number
    }[]
    expect(items.find((i) => i.code === 'repair.decide')).toMatchObject({ workingDays: 7, version: 2 })
  })

  it('「我的办件」 names each clock by its step, over HTTP too', async () => {
    const company = await createEntity(ctx, operator, {
      kind: 'legal_person',
      name: '天津市期限名称测试有限公司',
      uscc: companyUscc(),
      legalRep: '王五',
      district: '120116',
    })
    const opened = await runCommand(ctx, operator, (scope) =>
      openCase(scope, machine, {
        entityId: company.id,
        recordId: null,
        applicantKind: 'subject',
        applicantUser: 'u-terms',
        handlerDept: null,
        policyVersion: 'objection.accept@1',
        deadlines: [
          { code: 'objection.accept', startOn: '2026-06-01', workingDays: 2, dueOn: '2026-06-03', provisional: false },
        ],
      }),
    )
    const mine = await myCases(
      ctx,
      {
        kind: 'user',
        id: 'u-terms',
        role: 'subject',
        dept: null,
        district: null,
        entityId: company.id,
        permissions: permissionsOf('subject'),
      },
      {},
      kinds,
    )
    expect(
      mine.items.map((i) => [i.id, i.kindLabel, i.deadlines[0]?.label, i.deadlines[0]?.remainingWorkingDays]),
    ).toEqual([[opened.id, '异议', '异议受理审查', 2]])
    // the route serves the registered kinds (tips on main); the label comes the same way
    const headers = await subjectLogin(ctx, app, 'terms-subject', company.id)
    const me = await app.inject({ method: 'GET', url: '/api/v1/me/cases', headers })
    expect(me.statusCode).toBe(200)
  })
})
