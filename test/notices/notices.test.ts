// Proactive notices (主动提示): a publication that ends within the lead days, a record that may be repaired (now or
// within the lead days), a case whose clock ran out - each sent once, to the right inboxes (read over HTTP), never
// repeated by a rerun the same day or the next, sent again for a new date or a new case; entities without accounts
// get nothing until an account exists; the CLI prints counts; the server's timer runs it.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerNoticeCommands } from '../../src/cli/commands/notices.js'
import { runCommand } from '../../src/core/command.js'
import { defineErrors } from '../../src/core/errors.js'
import { runIngest } from '../../src/flows/ingest/index.js'
import { runNotices, startNoticesTimer } from '../../src/flows/notices/index.js'
import { buildApp } from '../../src/http/app.js'
import { createUser } from '../../src/modules/access/index.js'
import {
  type CaseMachine,
  type DeadlineStart,
  defineCaseMachine,
  moveCase,
  openCase,
} from '../../src/modules/cases/index.js'
import { noticeSentAt } from '../../src/modules/notifications/index.js'
import { repairMachine } from '../../src/modules/repairs/index.js'
import { actor, OTHER_USCC, penaltyRow, rowsOf, seedDepartments } from '../ingest/helpers.js'
import { PASSWORD, signIn } from '../notifications/helpers.js'
import { inProcessCli } from '../support/cli-in-process.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const caseError = defineErrors({
  'notice_cases.bad_transition': { status: 409, message: '当前状态不允许此操作。' },
  'notice_cases.not_found': { status: 404, message: '办件不存在。' },
  'notice_cases.conflict': { status: 409, message: '该办件已被他人办理，请刷新后重试。' },
})
/** A stand-in for the objection kind: cases rows with a running clock are all the notices read. */
const objections = defineCaseMachine({
  kind: 'objection',
  prefix: 'YY',
  initial: 'verifying',
  states: { verifying: '核实中', decided: '已办结' },
  closed: ['decided'],
  actions: { decide: { from: ['verifying'], to: 'decided', label: '作出决定' } },
  badTransition: (d) => caseError('notice_cases.bad_transition', d),
  notFound: (d) => caseError('notice_cases.not_found', d),
  conflict: (d) => caseError('notice_cases.conflict', d),
})

const clock = (code: string, startOn: string, workingDays: number, dueOn: string): DeadlineStart => ({
  code,
  startOn,
  workingDays,
  dueOn,
  provisional: false,
})

interface InboxItem {
  to: { kind: string; id: string }
  topic: string
  title: string
  body: string
  link: string | null
}

describeEachDialect('proactive notices', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let company: string
  let shop: string
  let subjectUser: string
  const rec: Record<string, string> = {}
  const cli = inProcessCli(() => ctx.testDb, registerNoticeCommands)

  const penalties = (rows: Record<string, string>[]) =>
    runIngest(ctx, actor, { classCode: 'admin_penalty', dept: 'tj-scjg', channel: 'api', ...rowsOf(rows) })
  const shopRow = (over: Record<string, string>) =>
    penaltyRow({ CF_XDR_MC: '和平区测试小吃店', CF_XDR_SHXYM: OTHER_USCC, CF_FRDB: '赵六', ...over })

  const openObjection = (entityId: string, recordId: string, deadlines: DeadlineStart[], handlerDept = 'tj-scjg') =>
    runCommand(ctx, actor, (scope) =>
      openCase(scope, objections, {
        entityId,
        recordId,
        applicantKind: 'subject',
        applicantUser: subjectUser,
        handlerDept,
        policyVersion: null,
        deadlines,
      }),
    )

  const inboxOf = async (username: string): Promise<InboxItem[]> => {
    const headers = await signIn(app, username)
    const r = await app.inject({ method: 'GET', url: '/api/v1/me/inbox?pageSize=100', headers })
    expect(r.statusCode, r.body).toBe(200)
    return (r.json().items as InboxItem[]).filter((n) => n.topic.startsWith('record.') || n.topic === 'case.overdue')
  }
  const at = (day: string) => ctx.clock.set(`${day}T02:00:00Z`)

  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z' })
    await seedDepartments(ctx)
    await penalties([
      // 2019 rules (decided before 2026-04-01), general: public 12 months, repairable after 3
      penaltyRow({ CF_WSH: 'END-1', CF_JDRQ: '2025-06-20' }),
      penaltyRow({ CF_WSH: 'SOON-1', CF_JDRQ: '2026-03-10' }),
      // 2026 rules, serious (吊销): repairable after 12 months, public 36
      penaltyRow({ CF_WSH: 'LATER-1', CF_CFLB: '吊销许可证件', CF_JDRQ: '2026-05-06' }),
      shopRow({ CF_WSH: 'SHOP-1', CF_JDRQ: '2025-06-15' }),
    ])
    const rows = await ctx.db.selectFrom('records').select(['id', 'provider_key', 'entity_id']).execute()
    for (const r of rows) rec[r.provider_key] = r.id
    company = rows.find((r) => r.provider_key === 'END-1')?.entity_id as string
    shop = rows.find((r) => r.provider_key === 'SHOP-1')?.entity_id as string
    subjectUser = (
      await createUser(ctx, actor, { username: 'qiye', role: 'subject', entityId: company, password: PASSWORD })
    ).id
    await createUser(ctx, actor, { username: 'scjg', role: 'provider', dept: 'tj-scjg', password: PASSWORD })
    await createUser(ctx, actor, { username: 'swj', role: 'provider', dept: 'tj-sw', password: PASSWORD })
    await createUser(ctx, actor, { username: 'op', role: 'operator', password: PASSWORD })
    app = await buildApp(ctx, { web: false })
  })
  afterAll(async () => {
    await app?.close()
    await ctx?.close()
  })

  let overdue1: { id: string; number: string }

  it('sends each of the three kinds once, to the subject, the handling department and the credit office', async () => {
    // an objection forwarded to the providing department, whose 10 working days ran out on 2026-05-26
    overdue1 = await openObjection(company, rec['LATER-1'] as string, [
      clock('objection.provider_verify', '2026-05-12', 10, '2026-05-26'),
    ])
    // a clock due today is not overdue yet
    await openObjection(
      company,
      rec['LATER-1'] as string,
      [clock('objection.accept', '2026-05-28', 2, '2026-06-01')],
      'tj-sw',
    )

    const run = await runNotices(ctx)
    expect(run).toEqual({
      today: '2026-06-01',
      leadDays: 30,
      sent: { 'record.publication_ends': 1, 'record.repairable': 2, 'case.overdue': 1 },
      inboxNotices: 6,
      alreadySent: 0,
      failed: 0,
      entities: 1,
    })

    const mine = await inboxOf('qiye')
    expect(mine.map((n) => [n.topic, n.title, n.link]).sort()).toEqual(
      [
        ['case.overdue', `您的异议（编号 ${overdue1.number}）已超过办理期限`, '/my/cases'],
        ['record.publication_ends', '您的信用记录「行政处罚信息（END-1）」将于 2026-06-21 停止公示', '/my/file'],
        ['record.repairable', '您的信用记录「行政处罚信息（END-1）」自 2025-09-21 起可申请信用修复', '/my/file'],
        ['record.repairable', '您的信用记录「行政处罚信息（SOON-1）」自 2026-06-11 起可申请信用修复', '/my/file'],
      ].sort(),
    )
    const byTitle = (t: string) => mine.find((n) => n.title.includes(t)) as InboxItem
    expect(byTitle('将于 2026-06-21').body).toBe(
      '该记录的公示期至 2026-06-20（含）届满，自 2026-06-21 起不再在信用门户公示；记录本身仍保存在平台，可在「我的信用」中查看。',
    )
    expect(byTitle('SOON-1').body).toBe(
      '按 2019 年规则（决定作出时适用），该记录的最短公示期至 2026-06-10 届满，自 2026-06-11 起可在「我的信用」中申请信用修复（须作出信用修复承诺并提交相关材料）。',
    )
    expect(byTitle('END-1）」自').body).toBe(
      '按 2019 年规则（决定作出时适用），该记录的最短公示期已届满，现可在「我的信用」中申请信用修复（须作出信用修复承诺并提交相关材料）。',
    )
    expect(byTitle('编号').to).toEqual({ kind: 'entity', id: company })
    expect(byTitle('编号').body).toBe(
      '「异议提供单位核实」应于 2026-05-26 前完成，现已超过办理期限。平台已同时提醒办理部门和信用办督办；您可在「我的信用 → 我的办件」查看进度。',
    )

    // the providing department and the credit office hear of it with a link to the case page; tj-sw does not
    const staff = {
      topic: 'case.overdue',
      title: `异议办件 ${overdue1.number} 已逾期：异议提供单位核实`,
      body: `异议办件 ${overdue1.number} 的「异议提供单位核实」应于 2026-05-26 前完成，已逾期 4 个工作日，请尽快办理。`,
      link: `/console/rights/objections/${overdue1.id}`,
    }
    const dept = await inboxOf('scjg')
    expect(dept).toHaveLength(1)
    expect(dept[0]).toMatchObject({ ...staff, to: { kind: 'dept', id: 'tj-scjg' } })
    const office = await inboxOf('op')
    expect(office).toHaveLength(1)
    expect(office[0]).toMatchObject({ ...staff, to: { kind: 'role', id: 'operator' } })
    expect(await inboxOf('swj')).toEqual([])
    expect(await noticeSentAt(ctx, `case.overdue:${overdue1.id}:objection.provider_verify:2026-05-26`)).toBe(
      '2026-06-01T02:00:00.000Z',
    )
  })

  it('repeats nothing on a rerun the same day or the next day (only the clock that ran out overnight)', async () => {
    const again = await runNotices(ctx)
    expect(again.sent).toEqual({ 'record.publication_ends': 0, 'record.repairable': 0, 'case.overdue': 0 })
    expect(again).toMatchObject({ inboxNotices: 0, alreadySent: 4 })
    at('2026-06-02')
    const next = await runNotices(ctx)
    expect(next).toMatchObject({
      today: '2026-06-02',
      sent: { 'record.publication_ends': 0, 'record.repairable': 0, 'case.overdue': 1 },
      inboxNotices: 3,
      alreadySent: 4,
    })
    expect(await inboxOf('qiye')).toHaveLength(5)
    expect(await inboxOf('op')).toHaveLength(2)
    expect((await inboxOf('swj')).map((n) => n.title)).toEqual([
      expect.stringMatching(/^异议办件 YY2026\d{6} 已逾期：异议受理审查$/),
    ])
    expect((await runNotices(ctx)).inboxNotices).toBe(0)
  })

  it('tells an entity nothing until it has an account, then what is still ahead', async () => {
    expect(await noticeSentAt(ctx, `record.publication_ends:${rec['SHOP-1']}:2026-06-15`)).toBeNull()
    await createUser(ctx, actor, { username: 'xiaochi', role: 'subject', entityId: shop, password: PASSWORD })
    const run = await runNotices(ctx)
    expect(run).toMatchObject({
      entities: 2,
      sent: { 'record.publication_ends': 1, 'record.repairable': 1, 'case.overdue': 0 },
      alreadySent: 5,
    })
    expect((await inboxOf('xiaochi')).map((n) => n.title).sort()).toEqual([
      '您的信用记录「行政处罚信息（SHOP-1）」将于 2026-06-16 停止公示',
      '您的信用记录「行政处罚信息（SHOP-1）」自 2025-09-16 起可申请信用修复',
    ])
    // the company's notices are not the shop's
    expect(await inboxOf('qiye')).toHaveLength(5)
  })

  it('sends again for a new date and a new case, not for a closed case or a date already told', async () => {
    // the provider corrects END-1's decision date: a new window, a new earliest repair date
    await penalties([
      { ...penaltyRow({ CF_WSH: 'END-1', CF_JDRQ: '2025-06-25' }), _op: 'correct', _reason: '决定日期录入错误' },
    ])
    const overdue2 = await openObjection(company, rec['LATER-1'] as string, [
      clock('objection.accept', '2026-06-02', 2, '2026-06-04'),
    ])
    // a case decided before its clock ran out is not overdue
    const closed = await openObjection(company, rec['LATER-1'] as string, [
      clock('objection.accept', '2026-06-02', 2, '2026-06-04'),
    ])
    await runCommand(ctx, actor, (scope) => moveCase(scope, objections, closed.id, 'decide', { outcome: 'upheld' }))
    at('2026-06-08')
    const run = await runNotices(ctx)
    expect(run.sent).toEqual({ 'record.publication_ends': 1, 'record.repairable': 1, 'case.overdue': 1 })
    const titles = (await inboxOf('qiye')).map((n) => n.title)
    expect(titles).toContain('您的信用记录「行政处罚信息（END-1）」将于 2026-06-26 停止公示')
    expect(titles).toContain('您的信用记录「行政处罚信息（END-1）」自 2025-09-26 起可申请信用修复')
    expect(titles).toContain(`您的异议（编号 ${overdue2.number}）已超过办理期限`)
    expect(titles.filter((t) => t.includes(closed.number))).toEqual([])
    expect(titles).toHaveLength(8)
    // the day SOON-1 becomes repairable it was told already (自 2026-06-11)
    at('2026-06-11')
    expect((await runNotices(ctx)).sent).toEqual({
      'record.publication_ends': 0,
      'record.repairable': 0,
      'case.overdue': 0,
    })
  })

  it('gongxin notices run prints counts per topic, as JSON too', async () => {
    await openObjection(company, rec['LATER-1'] as string, [
      clock('objection.platform_check', '2026-06-08', 2, '2026-06-10'),
    ])
    const json = await cli(['notices', 'run', '--today', '2026-06-12', '--json'])
    expect(json.code, json.err).toBe(0)
    expect(JSON.parse(json.out)).toEqual({
      today: '2026-06-12',
      leadDays: 30,
      sent: { 'record.publication_ends': 0, 'record.repairable': 0, 'case.overdue': 1 },
      inboxNotices: 3,
      alreadySent: 8,
      failed: 0,
      entities: 2,
    })
    const text = await cli(['notices', 'run', '--today', '2026-06-12'])
    expect(text.code, text.err).toBe(0)
    expect(text.out).toBe(
      [
        '2026-06-12（提前 30 天；有账号的主体 2 个）：',
        '  公示期届满提示（record.publication_ends）  0',
        '  可申请信用修复提示（record.repairable）  0',
        '  办件逾期提示（case.overdue）  0',
        '共发出 0 条提示（站内通知 0 条）；此前已发过的 9 条不再重复。',
        '',
      ].join('\n'),
    )
    const bad = await cli(['notices', 'run', '--today', '2026-02-30'])
    expect(bad).toMatchObject({ code: 2, err: '用法错误：--today 应为 YYYY-MM-DD 格式的日期（当前为 2026-02-30）\n' })
    const future = await cli(['notices', 'run', '--today', '2999-01-01'])
    expect(future.code).toBe(2)
    expect(future.err).toMatch(/^用法错误：--today 不能晚于今天 \d{4}-\d{2}-\d{2}（提示只在到期时发出）\n$/)
  })

  it('the server runs it at start and on its interval; an interval of 0 runs none', async () => {
    at('2026-06-15')
    const c = await openObjection(company, rec['LATER-1'] as string, [
      clock('objection.accept', '2026-06-10', 2, '2026-06-12'),
    ])
    const key = `case.overdue:${c.id}:objection.accept:2026-06-12`
    const off = startNoticesTimer({ ...ctx, config: { ...ctx.config, noticesIntervalHours: 0 } })
    await new Promise((r) => setTimeout(r, 300))
    await off()
    expect(await noticeSentAt(ctx, key)).toBeNull()
    const stop = startNoticesTimer(ctx)
    try {
      for (let i = 0; i < 100 && (await noticeSentAt(ctx, key)) === null; i++)
        await new Promise((r) => setTimeout(r, 100))
    } finally {
      await stop()
    }
    expect(await noticeSentAt(ctx, key)).toBe('2026-06-15T02:00:00.000Z')
    expect((await inboxOf('qiye')).filter((n) => n.title.includes(c.number))).toHaveLength(1)
  })

  it('does not announce a repair while an objection about the record is open, and does once it is closed', async () => {
    await penalties([penaltyRow({ CF_WSH: 'OBJ-1', CF_JDRQ: '2026-03-20' })])
    const id = (await ctx.db.selectFrom('records').select('id').where('provider_key', '=', 'OBJ-1').executeTakeFirst())
      ?.id as string
    const c = await openObjection(company, id, [clock('objection.accept', '2026-06-15', 2, '2026-06-17')], 'tj-scjg')
    const key = `record.repairable:${id}:2026-06-21`
    expect((await runNotices(ctx)).sent['record.repairable']).toBe(0)
    expect(await noticeSentAt(ctx, key)).toBeNull()
    await runCommand(ctx, actor, (scope) => moveCase(scope, objections, c.id, 'decide', { outcome: 'upheld' }))
    expect((await runNotices(ctx)).sent['record.repairable']).toBe(1)
    expect((await inboxOf('qiye')).map((n) => n.title)).toContain(
      '您的信用记录「行政处罚信息（OBJ-1）」自 2026-06-21 起可申请信用修复',
    )
  })

  it('does not announce a repair the subject has already applied for', async () => {
    await penalties([penaltyRow({ CF_WSH: 'REP-1', CF_JDRQ: '2025-09-01' })])
    const id = (await ctx.db.selectFrom('records').select('id').where('provider_key', '=', 'REP-1').executeTakeFirst())
      ?.id as string
    const application = await runCommand(ctx, actor, (scope) =>
      openCase(scope, repairMachine as unknown as CaseMachine, {
        entityId: company,
        recordId: id,
        applicantKind: 'subject',
        applicantUser: subjectUser,
        handlerDept: 'tj-scjg',
        policyVersion: null,
        deadlines: [clock('repair.decide', '2026-06-15', 10, '2026-06-29')],
      }),
    )
    expect((await runNotices(ctx)).sent['record.repairable']).toBe(0)
    expect(await noticeSentAt(ctx, `record.repairable:${id}:2025-12-02`)).toBeNull()
    // withdrawn: the record may be applied for again, and the subject is told so once
    await runCommand(ctx, actor, (scope) =>
      moveCase(scope, repairMachine as unknown as CaseMachine, application.id, 'withdraw'),
    )
    expect((await runNotices(ctx)).sent['record.repairable']).toBe(1)
    expect((await inboxOf('qiye')).map((n) => n.title)).toContain(
      '您的信用记录「行政处罚信息（REP-1）」自 2025-12-02 起可申请信用修复',
    )
  })
})
