// Deadline policies (versioned data) and working-day deadlines: across a holiday, past the calendar's last year
// (provisional, weekends only), recomputed when the year is loaded; a policy change applies to new cases only.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { runCommand } from '../../src/core/command.js'
import { buildApp } from '../../src/http/app.js'
import { createRng, generateUscc } from '../../src/identifiers/index.js'
import { addDepartment, createApiKey } from '../../src/modules/access/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import {
  buildCalendar,
  type CalendarYearData,
  defaultCalendarFile,
  loadCalendar,
  loadDefaultCalendar,
  putCalendarYear,
} from '../../src/modules/calendar/index.js'
import {
  caseDeadline,
  computeDeadline,
  currentDeadlinePolicy,
  deadlinePolicySetOf,
  deadlineState,
  getDeadlinePolicy,
  listDeadlinePolicies,
  loadDefaultDeadlines,
  recomputeProvisional,
  registerProvisionalDeadlines,
  updateDeadlinePolicy,
} from '../../src/modules/deadlines/index.js'
import { enqueueDelivery, getDelivery } from '../../src/modules/notifications/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const operator = systemActor('op-wang')
// A made-up notice for a year not yet published, for the tests only (the same as test/calendar's).
const y2027: CalendarYearData = {
  source: '测试用 2027 年节假日安排（非真实通知）',
  holidays: [
    { name: '元旦', dates: ['2027-01-01', '2027-01-02', '2027-01-03'] },
    {
      name: '春节',
      dates: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
    },
  ],
  workdays: ['2027-02-13'],
}

describe('working-day deadlines (pure)', () => {
  const cal2026 = buildCalendar([
    [
      2026,
      {
        source: '测试',
        holidays: [
          { name: '中秋节', dates: ['2026-09-25', '2026-09-26', '2026-09-27'] },
          {
            name: '国庆节',
            dates: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
          },
        ],
        workdays: ['2026-09-20', '2026-10-10'],
      },
    ],
  ])

  it('counts across the National Day week and its adjusted Saturday', () => {
    // 10-01..10-07 off; 10-08 Thu (1), 10-09 Fri (2)
    expect(computeDeadline(cal2026, '2026-09-30', 2)).toEqual({ due: '2026-10-09', provisional: false })
    // ... 10-10 Sat is an adjusted working day (3), 10-12 Mon (4) .. 10-16 (8), 10-19 (9), 10-20 (10)
    expect(computeDeadline(cal2026, '2026-09-30', 10)).toEqual({ due: '2026-10-20', provisional: false })
    expect(computeDeadline(cal2026, '2026-09-30', 0)).toEqual({ due: '2026-09-30', provisional: false })
    expect(caseDeadline(cal2026, 'objection.accept', '2026-09-30', 2)).toEqual({
      code: 'objection.accept',
      start: '2026-09-30',
      workingDays: 2,
      due: '2026-10-09',
      provisional: false,
    })
  })

  it('past the last year: weekends only, provisional; the state counts the same way', () => {
    // 12-29 Tue (1), 12-30 (2), 12-31 (3), 2027-01-01 Fri (4, unknown year), 01-04 Mon (5), 01-05 (6), 01-06 (7)
    expect(computeDeadline(cal2026, '2026-12-28', 7)).toEqual({ due: '2027-01-06', provisional: true })
    expect(computeDeadline(cal2026, '2026-12-28', 3)).toEqual({ due: '2026-12-31', provisional: false })
    expect(deadlineState('2027-01-06', '2026-12-28', cal2026)).toEqual({
      remainingWorkingDays: 7,
      overdue: false,
      provisional: true,
    })
  })

  it('deadlineState: working days left, 0 on the day, negative and overdue after', () => {
    expect(deadlineState('2026-10-20', '2026-09-30', cal2026)).toEqual({
      remainingWorkingDays: 10,
      overdue: false,
      provisional: false,
    })
    expect(deadlineState('2026-10-20', '2026-10-20', cal2026).remainingWorkingDays).toBe(0)
    expect(deadlineState('2026-10-20', '2026-10-20', cal2026).overdue).toBe(false)
    expect(deadlineState('2026-10-20', '2026-10-22', cal2026)).toEqual({
      remainingWorkingDays: -2,
      overdue: true,
      provisional: false,
    })
  })

  it('refuses a bad date or day count with a coded error', () => {
    expect(() => computeDeadline(cal2026, '2026-02-30', 2)).toThrow(/日期「2026-02-30」无效/)
    expect(() => computeDeadline(cal2026, '2026-09-30', -1)).toThrow(/0 到 365/)
    expect(() => computeDeadline(cal2026, '2026-09-30', 1.5)).toThrow(/0 到 365/)
  })

  it('recomputeProvisional returns only the rows the calendar now answers differently', () => {
    const rows = [
      { id: 'a', start: '2026-12-28', workingDays: 7, due: '2027-01-06' },
      { id: 'b', start: '2026-12-30', workingDays: 3, due: '2027-01-04' },
    ]
    expect(recomputeProvisional(cal2026, rows)).toEqual([])
    const with2027 = buildCalendar([
      [2026, { source: '测试', holidays: [{ name: '国庆节', dates: ['2026-10-01'] }], workdays: [] }],
      [2027, y2027],
    ])
    expect(recomputeProvisional(with2027, rows)).toEqual([
      { row: rows[0], deadline: { due: '2027-01-07', provisional: false } },
      { row: rows[1], deadline: { due: '2027-01-05', provisional: false } },
    ])
  })
})

describeEachDialect('deadline policies', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let op: Record<string, string>
  let consumer: Record<string, string>
  // a stand-in for a case module's provisional deadlines, per database of this suite
  const cases = new Map<string, { id: string; start: string; workingDays: number; due: string; provisional: boolean }>()

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    op = { authorization: `Bearer ${(await createApiKey(ctx, operator, { role: 'operator' })).key}` }
    await addDepartment(ctx, operator, {
      code: 'tj-fy',
      name: '天津市高级人民法院',
      uscc: generateUscc(createRng(19), { dept: '1', category: '1', region: '120000' }),
    })
    consumer = {
      authorization: `Bearer ${(await createApiKey(ctx, operator, { role: 'provider', dept: 'tj-fy' })).key}`,
    }
    app = await buildApp(ctx, { web: false })
    registerProvisionalDeadlines(`test-cases-${dialect}`, {
      provisional: async (c) => {
        // runs inside the year's transaction
        expect(c.db.isTransaction).toBe(true)
        return [...cases.values()].filter((x) => x.provisional)
      },
      update: async (_c, id, d) => {
        const row = cases.get(id)
        if (row) cases.set(id, { ...row, due: d.due, provisional: d.provisional })
      },
    })
  })
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  it('migrate loads the defaults with their basis; loading again changes nothing', async () => {
    const list = await listDeadlinePolicies(ctx.db)
    expect(list.map((p) => [p.code, p.workingDays, p.version, p.source])).toEqual([
      ['objection.accept', 2, 1, 'default'],
      ['objection.platform_check', 2, 1, 'default'],
      ['objection.provider_verify', 10, 1, 'default'],
      ['repair.decide', 10, 1, 'default'],
      ['repair.notify', 3, 1, 'default'],
      ['tip.handle', 30, 1, 'default'],
      ['tip.route', 5, 1, 'default'],
    ])
    expect(list.find((p) => p.code === 'tip.route')?.basis[0]).toContain('本平台自定')
    expect(await loadDefaultDeadlines(ctx)).toEqual({ added: [], updated: [], kept: [], unchanged: 7 })
    const set = await currentDeadlinePolicy(ctx.db, ['objection.accept', 'objection.provider_verify'])
    expect(set.version).toBe('objection.accept@1;objection.provider_verify@1')
    expect(set.days).toEqual({ 'objection.accept': 2, 'objection.provider_verify': 10 })
  })

  it('a policy change applies to new cases only: the old case keeps its version and days', async () => {
    const oldCase = await currentDeadlinePolicy(ctx.db, ['objection.accept'])
    const def = { ...(await getDeadlinePolicy(ctx.db, 'objection.accept')), workingDays: 3 }
    const outcome = await updateDeadlinePolicy(ctx, operator, 'objection.accept', def, '本市规定受理审查 3 个工作日', 1)
    expect(outcome).toMatchObject({ version: 2, changed: true, previous: 1 })
    const newCase = await currentDeadlinePolicy(ctx.db, ['objection.accept'])
    expect(newCase.version).toBe('objection.accept@2')
    expect(newCase.days['objection.accept']).toBe(3)
    const again = await deadlinePolicySetOf(ctx.db, oldCase.version)
    expect(again.days['objection.accept']).toBe(2)
    expect(again.terms['objection.accept']).toMatchObject({ version: 1, nameZh: '异议受理审查' })
    const cal = await loadCalendar(ctx.db)
    expect(computeDeadline(cal, '2026-09-30', again.days['objection.accept'] as number).due).toBe('2026-10-09')
    expect(computeDeadline(cal, '2026-09-30', newCase.days['objection.accept'] as number).due).toBe('2026-10-10')
    const events = (await searchAuditEvents(ctx.db, { action: 'deadline.updated' }, 1, 10)).items
    expect(events.map((e) => [e.targetId, e.details.version, e.details.workingDays])).toEqual([
      ['objection.accept', 2, 3],
    ])
    await expect(
      updateDeadlinePolicy(ctx, operator, 'objection.accept', { ...def, workingDays: 4 }, '再次修改', 1),
    ).rejects.toMatchObject({ code: 'deadline.version_conflict' })
    await expect(deadlinePolicySetOf(ctx.db, 'objection.accept')).rejects.toMatchObject({
      code: 'deadline.bad_policy_version',
    })
  })

  it('HTTP: list, one policy, versions, diff, an edit with a reason; Chinese errors naming the field', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/v1/deadlines', headers: consumer })
    expect(list.statusCode).toBe(200)
    expect(list.json().items).toHaveLength(7)
    const one = await app.inject({ method: 'GET', url: '/api/v1/deadlines/repair.notify', headers: consumer })
    expect(one.json()).toMatchObject({ code: 'repair.notify', workingDays: 3, version: 1, nameZh: '修复结果推送' })
    const diff = await app.inject({ method: 'GET', url: '/api/v1/deadlines/objection.accept/diff', headers: consumer })
    expect(diff.json()).toEqual({
      code: 'objection.accept',
      from: 1,
      to: 2,
      changes: [{ property: 'workingDays', before: 2, after: 3 }],
    })
    const versions = await app.inject({
      method: 'GET',
      url: '/api/v1/deadlines/objection.accept/versions',
      headers: consumer,
    })
    expect(versions.json().items.map((v: { version: number; source: string }) => [v.version, v.source])).toEqual([
      [1, 'default'],
      [2, 'operator'],
    ])
    const def = one.json()
    const bad = await app.inject({
      method: 'PUT',
      url: '/api/v1/deadlines/repair.notify',
      headers: op,
      payload: { definition: { ...def, workingDays: 0 }, reason: '测试', baseVersion: 1 },
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().error.message).toContain('workingDays（工作日数）应为 1 到 365 之间的整数')
    const forbidden = await app.inject({
      method: 'PUT',
      url: '/api/v1/deadlines/repair.notify',
      headers: consumer,
      payload: { definition: { ...def, workingDays: 5 }, reason: '测试', baseVersion: 1 },
    })
    expect(forbidden.statusCode).toBe(403)
    const ok = await app.inject({
      method: 'PUT',
      url: '/api/v1/deadlines/repair.notify',
      headers: op,
      payload: { definition: { ...def, workingDays: 5 }, reason: '本市要求 5 个工作日', baseVersion: 1 },
    })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toMatchObject({ code: 'repair.notify', workingDays: 5, version: 2 })
    const listed = (await app.inject({ method: 'GET', url: '/api/v1/deadlines', headers: consumer })).json().items
    expect(listed.find((p: { code: string }) => p.code === 'repair.notify')).toMatchObject({
      version: 2,
      source: 'operator',
    })
    const computed = await app.inject({
      method: 'GET',
      url: '/api/v1/deadlines/compute?start=2026-12-28&workingDays=7',
      headers: consumer,
    })
    expect(computed.json()).toEqual({ due: '2027-01-06', provisional: true })
  })

  it('calendar status: no warning before October, a warning from October 1 while next year is missing', async () => {
    const get = async () => (await app.inject({ method: 'GET', url: '/api/v1/calendar/status' })).json()
    expect(await get()).toEqual({
      today: '2026-06-01',
      lastYear: 2026,
      nextYearMissing: true,
      warn: false,
      message: null,
    })
    ctx.clock.set('2026-09-30T15:59:00Z') // 23:59 in Beijing
    expect((await get()).warn).toBe(false)
    ctx.clock.set('2026-09-30T16:00:00Z') // 2026-10-01 00:00 in Beijing
    const october = await get()
    expect(october).toMatchObject({ today: '2026-10-01', lastYear: 2026, nextYearMissing: true, warn: true })
    expect(october.message).toContain('缺少 2027 年节假日安排')
  })

  it('loading the next year recomputes provisional deadlines in the same transaction, audited', async () => {
    const cal = await loadCalendar(ctx.db)
    const d = computeDeadline(cal, '2026-12-28', 7)
    expect(d).toEqual({ due: '2027-01-06', provisional: true })
    cases.set('case-1', { id: 'case-1', start: '2026-12-28', workingDays: 7, ...d })
    cases.set('case-2', { id: 'case-2', start: '2026-12-30', workingDays: 1, due: '2026-12-31', provisional: false })
    const r = await app.inject({
      method: 'PUT',
      url: '/api/v1/calendar/years/2027',
      headers: op,
      payload: { ...y2027, reason: '国务院办公厅通知已发布' },
    })
    expect(r.statusCode, r.body).toBe(200)
    expect(cases.get('case-1')).toMatchObject({ due: '2027-01-07', provisional: false })
    expect(cases.get('case-2')).toMatchObject({ due: '2026-12-31', provisional: false })
    const events = (await searchAuditEvents(ctx.db, { action: 'deadline.recomputed' }, 1, 10)).items
    expect(events).toHaveLength(1)
    expect(events[0]?.details.counts).toEqual({ [`test-cases-${dialect}`]: 1 })
    const status = (await app.inject({ method: 'GET', url: '/api/v1/calendar/status' })).json()
    expect(status).toMatchObject({ lastYear: 2027, nextYearMissing: false, warn: false })
  })

  it('a year load that fails rolls the recomputation back with it; a new default year recomputes too', async () => {
    ctx.clock.set('2027-12-27T02:00:00Z')
    const d = await enqueueDelivery(ctx, operator, {
      to: { kind: 'dept', code: 'tj-fy' },
      topic: 'repair.approved',
      payload: {},
      workingDays: 7,
    })
    // 12-28 Tue (1) .. 12-31 Fri (4), 2028-01-03 Mon (5), 01-04 (6), 01-05 (7): 2028 is not loaded
    expect(d).toMatchObject({ due: '2028-01-05', dueProvisional: true })
    const y2028 = {
      source: '测试用 2028 年节假日安排（非真实通知）',
      holidays: [{ name: '元旦', dates: ['2028-01-01', '2028-01-02', '2028-01-03'] }],
      workdays: [],
    }
    await expect(
      runCommand(ctx, operator, async (scope) => {
        await putCalendarYear(scope.ctx, operator, 2028, y2028)
        expect(await getDelivery(scope.ctx, d.id)).toMatchObject({ due: '2028-01-06', dueProvisional: false })
        throw new Error('stop')
      }),
    ).rejects.toThrow('stop')
    expect((await loadCalendar(ctx.db)).years.has(2028)).toBe(false)
    expect(await getDelivery(ctx, d.id)).toMatchObject({ due: '2028-01-05', dueProvisional: true })
    // a default calendar file that brings 2028 (an upgrade shipping the new notice) recomputes as well
    const file = join(ctx.testDb.dir, 'holidays.json')
    const shipped = JSON.parse(readFileSync(defaultCalendarFile(), 'utf8')) as { years: Record<string, unknown> }
    writeFileSync(file, JSON.stringify({ years: { ...shipped.years, 2028: y2028 } }))
    expect((await loadDefaultCalendar(ctx, { file })).added).toEqual([2028])
    expect(await getDelivery(ctx, d.id)).toMatchObject({ due: '2028-01-06', dueProvisional: false })
  })
})
