import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand } from '../../src/core/command.js'
import { defineErrors } from '../../src/core/errors.js'
import { systemActor } from '../../src/core/actor.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import {
  caseCounts,
  caseHistory,
  defineCaseMachine,
  getCase,
  getCaseByNumber,
  listCases,
  moveCase,
  openCase,
  openCasesAbout,
  presentCaseSummary,
  recountProvisionalDeadlines,
} from '../../src/modules/cases/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const testError = defineErrors({
  'demo_cases.bad_transition': {
    status: 409,
    message: (d) => `当前状态为「${String(d.stateLabel)}」，不能${String(d.actionLabel)}。`,
  },
  'demo_cases.not_found': { status: 404, message: '办件不存在。' },
  'demo_cases.conflict': { status: 409, message: '该办件已被他人办理，请刷新后重试。' },
})

const machine = defineCaseMachine({
  kind: 'demo_case',
  prefix: 'DC',
  initial: 'submitted',
  states: { submitted: '已提交', accepted: '已受理', rejected: '不予受理', decided: '已办结', withdrawn: '已撤回' },
  closed: ['rejected', 'decided', 'withdrawn'],
  actions: {
    accept: { from: ['submitted'], to: 'accepted', label: '受理' },
    reject: { from: ['submitted'], to: 'rejected', label: '不予受理' },
    decide: { from: ['accepted'], to: 'decided', label: '作出决定' },
    withdraw: { from: ['submitted', 'accepted'], to: 'withdrawn', label: '撤回' },
  },
  badTransition: (d) => testError('demo_cases.bad_transition', d),
  notFound: (d) => testError('demo_cases.not_found', d),
  conflict: (d) => testError('demo_cases.conflict', d),
})

const clerk = systemActor('clerk')
const dl = (code: string, startOn: string, workingDays: number, dueOn: string, provisional = false) => ({
  code,
  startOn,
  workingDays,
  dueOn,
  provisional,
})

describe('case machines', () => {
  it('refuse a transition to an unknown state', () => {
    expect(() =>
      defineCaseMachine({
        ...machine,
        actions: { go: { from: ['submitted'], to: 'nowhere' as 'decided', label: 'x' } },
      }),
    ).toThrow(/unknown state nowhere/)
  })
})

describeEachDialect('cases: numbers, transitions, clocks, races', (dialect) => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-09-28T02:00:00Z' })
  })
  afterAll(async () => {
    await ctx.close()
  })

  const open = (recordId: string | null, deadlines = [dl('demo.accept', '2026-09-28', 2, '2026-09-30')]) =>
    runCommand(ctx, clerk, (scope) =>
      openCase(scope, machine, {
        entityId: null,
        recordId,
        applicantKind: 'operator',
        applicantUser: 'u-1',
        handlerDept: null,
        policyVersion: '1',
        details: { reason: '身份证 11010519491231002X 的人说记录有误' },
        deadlines,
      }),
    )

  it('numbers cases per prefix and year, in order, and records the filing', async () => {
    const a = await open('r-1')
    const b = await open('r-2')
    expect(a.number).toMatch(/^DC2026\d{6}$/)
    expect(Number(b.number.slice(6))).toBe(Number(a.number.slice(6)) + 1)
    expect(a.state).toBe('submitted')
    expect(a.version).toBe(1)
    const history = await caseHistory(ctx.db, a.id)
    expect(history).toHaveLength(1)
    expect(history[0]).toMatchObject({ seq: 1, action: 'submit', from_state: null, to_state: 'submitted' })
    // personal text in the history is masked
    expect(history[0]?.details).not.toContain('11010519491231002X')
    expect((await getCaseByNumber(ctx.db, a.number))?.row.id).toBe(a.id)
    const audit = await searchAuditEvents(ctx.db, { action: 'demo_case.submit', targetId: a.id }, 1, 10)
    expect(audit.total).toBe(1)
    expect(audit.items[0]).toMatchObject({ action: 'demo_case.submit', targetType: 'demo_case', targetId: a.id })
  })

  it('moves along the machine, stops clocks, starts new ones and closes', async () => {
    const c = await open('r-3')
    const accepted = await runCommand(ctx, clerk, (scope) =>
      moveCase(scope, machine, c.id, 'accept', {
        expectedVersion: 1,
        handlerDept: 'tj-scjg',
        meet: ['demo.accept'],
        deadlines: [dl('demo.verify', '2026-09-29', 10, '2026-10-20')],
      }),
    )
    expect(accepted).toMatchObject({ state: 'accepted', version: 2, handler_dept: 'tj-scjg' })
    let view = await getCase(ctx.db, machine, c.id)
    expect(view.deadlines.map((d) => [d.code, d.met_at !== null])).toEqual([
      ['demo.accept', true],
      ['demo.verify', false],
    ])
    const decided = await runCommand(ctx, clerk, (scope) =>
      moveCase(scope, machine, c.id, 'decide', { outcome: 'upheld', details: { note: '经核实无误' } }),
    )
    expect(decided).toMatchObject({ state: 'decided', outcome: 'upheld', version: 3 })
    expect(decided.closed_at).toBe('2026-09-28T02:00:00.000Z')
    view = await getCase(ctx.db, machine, c.id)
    expect(view.deadlines.every((d) => d.met_at !== null)).toBe(true)
    const history = await caseHistory(ctx.db, c.id)
    expect(history.map((e) => [e.action, e.from_state, e.to_state])).toEqual([
      ['submit', null, 'submitted'],
      ['accept', 'submitted', 'accepted'],
      ['decide', 'accepted', 'decided'],
    ])
    expect(JSON.parse(history[2]?.details ?? '{}')).toEqual({ note: '经核实无误', outcome: 'upheld' })
    expect(await openCasesAbout(ctx.db, machine, 'r-3')).toEqual([])
  })

  it('refuses an illegal transition with the kind’s 409 naming the state, and changes nothing', async () => {
    const c = await open('r-4')
    await expect(runCommand(ctx, clerk, (scope) => moveCase(scope, machine, c.id, 'decide'))).rejects.toMatchObject({
      code: 'demo_cases.bad_transition',
      status: 409,
      message: '当前状态为「已提交」，不能作出决定。',
    })
    expect((await getCase(ctx.db, machine, c.id)).row).toMatchObject({ state: 'submitted', version: 1 })
    expect(await caseHistory(ctx.db, c.id)).toHaveLength(1)
    await expect(getCase(ctx.db, machine, 'nope')).rejects.toMatchObject({ code: 'demo_cases.not_found', status: 404 })
  })

  it('lets one of two racing decisions win; the other is a 409 and leaves no trace', async () => {
    const c = await open('r-5')
    const results = await Promise.allSettled([
      runCommand(ctx, clerk, (scope) => moveCase(scope, machine, c.id, 'accept', { expectedVersion: 1 })),
      runCommand(ctx, clerk, (scope) => moveCase(scope, machine, c.id, 'reject', { expectedVersion: 1 })),
    ])
    const won = results.filter((r) => r.status === 'fulfilled')
    const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[]
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(1)
    expect(lost[0]?.reason).toMatchObject({ status: 409 })
    expect(['demo_cases.conflict', 'demo_cases.bad_transition']).toContain(lost[0]?.reason.code)
    const view = await getCase(ctx.db, machine, c.id)
    expect(view.row.version).toBe(2)
    expect(await caseHistory(ctx.db, c.id)).toHaveLength(2)
    // a stale version is refused even when the transition itself would be allowed
    if (view.row.state === 'accepted')
      await expect(
        runCommand(ctx, clerk, (scope) => moveCase(scope, machine, c.id, 'withdraw', { expectedVersion: 1 })),
      ).rejects.toMatchObject({ code: 'demo_cases.conflict' })
  })

  it('lists, counts and finds overdue cases; presents clocks', async () => {
    const late = await open('r-6', [dl('demo.accept', '2026-09-01', 2, '2026-09-03')])
    const page = await listCases(ctx.db, { kinds: ['demo_case'], overdueOn: '2026-09-28', limit: 50, offset: 0 })
    expect(page.items.map((v) => v.row.id)).toEqual([late.id])
    expect(page.total).toBe(1)
    const all = await listCases(ctx.db, { kinds: ['demo_case'], limit: 2, offset: 0 })
    expect(all.items).toHaveLength(2)
    expect(all.total).toBeGreaterThanOrEqual(6)
    const counts = await caseCounts(ctx.db, { kinds: ['demo_case'] })
    const n = (state: string) => counts.filter((c) => c.state === state).reduce((a, c) => a + c.n, 0)
    expect(n('decided')).toBe(1)
    expect(n('submitted')).toBeGreaterThanOrEqual(3)
    const view = await getCase(ctx.db, machine, late.id)
    const json = presentCaseSummary(
      machine,
      view.row,
      view.deadlines,
      (due) => ({
        remainingWorkingDays: due < '2026-09-28' ? -17 : 2,
        overdue: due < '2026-09-28',
      }),
      { 'demo.accept': '受理审查' },
    )
    expect(json).toMatchObject({ stateLabel: '已提交', overdue: true })
    expect(json.deadlines[0]).toMatchObject({
      label: '受理审查',
      remainingWorkingDays: -17,
      overdue: true,
      metAt: null,
    })
  })

  it('recounts provisional clocks when the calendar grows', async () => {
    const c = await open('r-7', [dl('demo.verify', '2026-12-28', 10, '2027-01-08', true)])
    const changed = await recountProvisionalDeadlines(ctx.db, (start, days) => {
      expect([start, days]).toEqual(['2026-12-28', 10])
      return { dueOn: '2027-01-11', provisional: false }
    })
    expect(changed).toBe(1)
    const view = await getCase(ctx.db, machine, c.id)
    expect(view.deadlines[0]).toMatchObject({ due_on: '2027-01-11', provisional: 0 })
    expect(await recountProvisionalDeadlines(ctx.db, () => ({ dueOn: 'x', provisional: false }))).toBe(0)
  })
})
