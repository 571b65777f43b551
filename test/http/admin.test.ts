// Running the platform from the console (issue 18): users (edit, disable and enable, reset the password, unlock),
// departments (rename, district) and the audit log as people read it (action and target labels, the actor's user
// name and department, details as fields), over the real app on both databases.
import { parse } from 'csv-parse/sync'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildApp } from '../../src/http/app.js'
import { createRng } from '../../src/identifiers/index.js'
import { createUser } from '../../src/modules/access/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { admin, loginAs, PASSWORD, seedDepartments } from '../support/people.js'

describeEachDialect('http: console administration', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  let op: Record<string, string>
  let wangId: string
  beforeAll(async () => {
    // the account's own bucket (addresses it has not logged in from) fills after 3 failures
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00Z', env: { GONGXIN_LOGIN_ACCOUNT_FAILURES: '3' } })
    await seedDepartments(ctx, { 'tj-scjg': '天津市市场监督管理委员会', 'tj-swj': '天津市税务局' }, createRng(18))
    await createUser(ctx, admin, { username: 'op.li', displayName: '李运维', role: 'operator', password: PASSWORD })
    await createUser(ctx, admin, { username: 'aud', role: 'auditor', password: PASSWORD })
    wangId = (
      await createUser(ctx, admin, { username: 'prov.wang', role: 'provider', dept: 'tj-scjg', password: PASSWORD })
    ).id
    app = await buildApp(ctx, { web: false })
    op = await loginAs(app, 'op.li')
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers = op) =>
    app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) })

  it('edits a user: department, role and district; the role must have its department', async () => {
    const moved = await call('PATCH', `/api/v1/users/${wangId}`, { dept: 'tj-swj', displayName: '王提供' })
    expect(moved.statusCode, moved.body).toBe(200)
    expect(moved.json()).toMatchObject({
      username: 'prov.wang',
      displayName: '王提供',
      role: 'provider',
      dept: 'tj-swj',
    })
    const noDept = await call('PATCH', `/api/v1/users/${wangId}`, { role: 'consumer', dept: null })
    expect(noDept.statusCode).toBe(400)
    expect(noDept.json().error.code).toBe('access.dept_required')
    const unknown = await call('PATCH', `/api/v1/users/${wangId}`, { dept: 'nope' })
    expect(unknown.json().error.code).toBe('access.dept_not_found')
    const self = await call('PATCH', `/api/v1/users/${(await me()).id}`, { role: 'auditor' })
    expect([self.statusCode, self.json().error.code]).toEqual([409, 'access.self_role'])
    const listed = (await call('GET', '/api/v1/users')).json().items.find((u: { id: string }) => u.id === wangId)
    expect(listed).toMatchObject({ dept: 'tj-swj', district: '120000', roleLabel: '数据提供', disabled: false })
  })

  async function me() {
    return (await call('GET', '/api/v1/auth/me')).json().user as { id: string }
  }

  it('disables and enables a user: a disabled user cannot sign in and its session ends; nobody disables themselves', async () => {
    const wang = await loginAs(app, 'prov.wang', '10.9.9.9')
    expect((await call('GET', '/api/v1/auth/me', undefined, wang)).statusCode).toBe(200)
    const off = await call('POST', `/api/v1/users/${wangId}/disable`, { reason: '调离岗位' })
    expect(off.statusCode, off.body).toBe(200)
    expect(off.json()).toMatchObject({ username: 'prov.wang', disabled: true })
    expect((await call('GET', '/api/v1/auth/me', undefined, wang)).statusCode).toBe(401)
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'prov.wang', password: PASSWORD },
      remoteAddress: '10.9.9.9',
    })
    expect(refused.json().error.code).toBe('access.disabled')
    // no body at all: the reason is optional (a body with a required field is still refused when missing)
    const on = await call('POST', `/api/v1/users/${wangId}/enable`)
    expect(on.statusCode, on.body).toBe(200)
    expect(on.json()).toMatchObject({ disabled: false })
    const bare = await call('POST', '/api/v1/users')
    expect([bare.statusCode, bare.json().error.code]).toEqual([400, 'core.validation'])
    const selfOff = await call('POST', `/api/v1/users/${(await me()).id}/disable`, {})
    expect([selfOff.statusCode, selfOff.json().error.code]).toEqual([409, 'access.self_disable'])
  })

  it('resets a password: a generated one is shown once and works, the old one and the open sessions stop', async () => {
    const before = await loginAs(app, 'prov.wang', '10.9.9.8')
    const r = await call('POST', `/api/v1/users/${wangId}/password`, {})
    expect(r.statusCode, r.body).toBe(200)
    expect(r.headers['cache-control']).toBe('no-store')
    const { password, sessionsEnded } = r.json()
    expect(password).toMatch(/^[2-9A-Za-z]{4}(-[2-9A-Za-z]{4}){3}$/)
    expect(sessionsEnded).toBeGreaterThanOrEqual(1)
    expect((await call('GET', '/api/v1/auth/me', undefined, before)).statusCode).toBe(401)
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'prov.wang', password },
      remoteAddress: '10.9.9.8',
    })
    expect(ok.statusCode).toBe(200)
    const chosen = await call('POST', `/api/v1/users/${wangId}/password`, { password: PASSWORD })
    expect(chosen.json()).toMatchObject({ username: 'prov.wang', password: null })
    const short = await call('POST', `/api/v1/users/${wangId}/password`, { password: 'short' })
    expect(short.json().error.code).toBe('access.weak_password')
  })

  it('unlocks a user after failed logins', async () => {
    for (let i = 0; i < 4; i++)
      await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'aud', password: 'wrong password!' },
        remoteAddress: `10.8.0.${i + 1}`,
      })
    const locked = (await call('GET', '/api/v1/users'))
      .json()
      .items.find((u: { username: string }) => u.username === 'aud')
    expect(locked.lockedUntil).not.toBeNull()
    const r = await call('POST', `/api/v1/users/${locked.id}/unlock`, {})
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({ username: 'aud', lockedUntil: null })
  })

  it('renames a department and changes its district; the code and USCC stay', async () => {
    const r = await call('PATCH', '/api/v1/departments/tj-swj', {
      name: '国家税务总局天津市税务局',
      district: '120101',
    })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({ code: 'tj-swj', name: '国家税务总局天津市税务局', district: '120101' })
    const bad = await call('PATCH', '/api/v1/departments/tj-swj', { district: '12' })
    expect(bad.json().error.code).toBe('access.bad_district')
    const none = await call('PATCH', '/api/v1/departments/nope', { name: '无' })
    expect(none.statusCode).toBe(404)
  })

  it('a provider may not administer users', async () => {
    const wang = await loginAs(app, 'prov.wang', '10.9.9.7')
    const r = await call('POST', `/api/v1/users/${wangId}/disable`, {}, wang)
    expect(r.statusCode).toBe(403)
  })

  it('the audit log reads in Chinese: action and target labels, user name, department name, details as fields', async () => {
    const aud = await loginAs(app, 'aud', '10.9.9.6')
    const r = await call('GET', '/api/v1/audit/events?action=access.user_updated&pageSize=10', undefined, aud)
    expect(r.statusCode, r.body).toBe(200)
    const event = r.json().items[0]
    expect(event).toMatchObject({
      action: 'access.user_updated',
      actionLabel: '修改用户',
      targetLabel: '用户',
      actorName: 'op.li',
      actorRole: 'operator',
    })
    expect(event.detailItems).toEqual([
      { key: 'username', label: '用户名', value: 'prov.wang' },
      {
        key: 'changes',
        label: '修改内容',
        value:
          '显示名称：prov.wang → 王提供；部门：天津市市场监督管理委员会（tj-scjg） → 国家税务总局天津市税务局（tj-swj）',
      },
    ])
    const dept = await call('GET', '/api/v1/audit/events?action=access.dept_updated&pageSize=10', undefined, aud)
    expect(dept.json().items[0].detailItems[0]).toEqual({
      key: 'changes',
      label: '修改内容',
      value: '名称：天津市税务局 → 国家税务总局天津市税务局；区县：120000 → 120101',
    })
    // a provider's login (after the move): the actor's department at the time, by its name
    const login = (await call('GET', '/api/v1/audit/events?action=access.login&pageSize=200', undefined, aud))
      .json()
      .items.find((e: { actorRole: string }) => e.actorRole === 'provider')
    expect(login).toMatchObject({
      actionLabel: '登录',
      actorName: 'prov.wang',
      actorDeptName: '国家税务总局天津市税务局',
    })
    const actions = (await call('GET', '/api/v1/audit/actions', undefined, aud)).json().items
    expect(actions).toContainEqual({ code: 'batch.start', label: '提交批次' })
    const csv = await call('GET', '/api/v1/audit/events.csv?action=access.password_reset', undefined, aud)
    const [header, ...rows] = parse(csv.body.replace(/^\uFEFF/, '')) as string[][]
    const readable = (header as string[]).indexOf('详情（可读）')
    const row = rows.find((x) => x[readable]?.includes('生成临时密码：是'))
    const col = (name: string) => row?.[(header as string[]).indexOf(name)]
    expect([col('操作'), col('操作名称'), col('操作人'), col('对象')]).toEqual([
      'access.password_reset',
      '重置密码',
      'op.li',
      '用户',
    ])
    expect(col('详情（可读）')).toBe('用户名：prov.wang；生成临时密码：是；结束会话数：2')
  })
})
