import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import {
  authenticate,
  createUser,
  listUsers,
  login,
  logout,
  SESSION_IDLE_MINUTES,
} from '../../src/modules/access/index.js'
import { createEntity } from '../../src/modules/entities/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { admin, auditEvents, companyUscc, PASSWORD, seedDept } from './helpers.js'

const MINUTE = 60_000

describeEachDialect('access: users', (dialect) => {
  let ctx: TestContext
  let dept: string
  beforeAll(async () => {
    ctx = await testContext(dialect)
    dept = (await seedDept(ctx, { district: '120102' })).code
  })
  afterAll(async () => ctx.close())

  it('creates a department user, hashes the password with scrypt and audits without secrets', async () => {
    const u = await createUser(ctx, admin, {
      username: 'Zhang.San',
      displayName: '张三',
      role: 'provider',
      dept,
      password: PASSWORD,
    })
    expect(u).toMatchObject({
      username: 'zhang.san',
      displayName: '张三',
      role: 'provider',
      dept,
      district: '120102',
      entityId: null,
    })
    expect(Object.keys(u).sort()).toEqual(['dept', 'displayName', 'district', 'entityId', 'id', 'role', 'username'])
    const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', u.id).executeTakeFirstOrThrow()
    expect(row.password_hash).not.toContain(PASSWORD)
    expect(row.password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{40,}$/)
    const events = await auditEvents(ctx, 'access.user_created')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      targetType: 'user',
      targetId: u.id,
      details: { username: 'zhang.san', role: 'provider', dept },
    })
    expect(JSON.stringify(events[0])).not.toContain(PASSWORD)
    expect(JSON.stringify(events[0])).not.toContain('scrypt')
  })

  it('two users with the same password get different hashes (random salt)', async () => {
    await createUser(ctx, admin, { username: 'li.si', role: 'consumer', dept, password: PASSWORD })
    const rows = await ctx.db.selectFrom('users').select(['username', 'password_hash']).execute()
    const hashes = rows.map((r) => r.password_hash)
    expect(new Set(hashes).size).toBe(hashes.length)
  })

  it('refuses an unknown role, a missing department, a missing entity, a short password, a duplicate name', async () => {
    const bad = (input: Partial<Parameters<typeof createUser>[2]>) =>
      createUser(ctx, admin, { username: 'wang.wu', role: 'provider', dept, password: PASSWORD, ...input }).catch(
        (e) => e,
      )
    expect(await bad({ role: 'superuser' })).toMatchObject({ code: 'access.bad_role', status: 400 })
    expect(await bad({ role: 'public' })).toMatchObject({ code: 'access.bad_role' })
    expect(await bad({ role: 'peer' })).toMatchObject({ code: 'access.bad_role' }) // peers are API keys only
    const noDept = await bad({ role: 'consumer', dept: null })
    expect(noDept).toMatchObject({ code: 'access.dept_required', status: 400 })
    expect(noDept.message).toContain('--dept')
    expect(await bad({ dept: 'NOPE' })).toMatchObject({ code: 'access.dept_not_found', status: 404 })
    expect(await bad({ role: 'subject', dept: null })).toMatchObject({ code: 'access.entity_required' })
    expect(await bad({ role: 'subject', dept: null, entityId: '01890000-0000-7000-8000-000000000000' })).toMatchObject({
      code: 'access.entity_not_found',
      status: 404,
    })
    expect(await bad({ password: 'short-pw' })).toMatchObject({ code: 'access.weak_password', status: 400 })
    expect(await bad({ username: 'a' })).toMatchObject({ code: 'access.bad_username' })
    expect(await bad({ username: 'ZHANG.SAN' })).toMatchObject({ code: 'access.user_exists', status: 409 })
    expect((await listUsers(ctx)).map((u) => u.username)).toEqual(['li.si', 'zhang.san'])
    expect(await auditEvents(ctx, 'access.user_created')).toHaveLength(2)
  })

  it('creates a subject account bound to an entity; roles without a department need none', async () => {
    const entity = await createEntity(ctx, systemActor('test'), {
      kind: 'legal_person',
      name: '天津示例科技有限公司',
      uscc: companyUscc(),
    })
    const s = await createUser(ctx, admin, {
      username: 'shili',
      role: 'subject',
      entityId: entity.id,
      password: PASSWORD,
    })
    expect(s).toMatchObject({ role: 'subject', entityId: entity.id, dept: null, district: null })
    const a = await createUser(ctx, admin, { username: 'auditor1', role: 'auditor', password: PASSWORD })
    expect(a.dept).toBeNull()
    const list = await listUsers(ctx)
    expect(list.find((u) => u.username === 'auditor1')).toMatchObject({
      roleLabel: '审计',
      disabled: false,
      lockedUntil: null,
      lastLoginAt: null,
    })
    expect(JSON.stringify(list)).not.toContain('scrypt')
  })
})

describeEachDialect('access: login, lockout, sessions', (dialect) => {
  let ctx: TestContext
  let dept: string
  beforeAll(async () => {
    ctx = await testContext(dialect, {
      env: { GONGXIN_LOGIN_MAX_FAILURES: '3', GONGXIN_LOGIN_LOCK_MINUTES: '15', GONGXIN_SESSION_TTL_MINUTES: '480' },
    })
    dept = (await seedDept(ctx)).code
    await createUser(ctx, admin, { username: 'op', role: 'operator', password: PASSWORD })
    await createUser(ctx, admin, { username: 'user2', role: 'consumer', dept, password: PASSWORD })
  })
  afterAll(async () => ctx.close())

  it('logs in, returns a session and CSRF token, stores only the token hash, audits access.login', async () => {
    const r = await login(ctx, { username: 'OP', password: PASSWORD, ip: '10.0.0.1', requestId: 'req-1' })
    expect(r.user).toMatchObject({ username: 'op', role: 'operator' })
    expect(r.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(r.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(r.expiresAt).toBe(new Date(ctx.clock.now().getTime() + 480 * MINUTE).toISOString())
    const sessions = await ctx.db.selectFrom('sessions').selectAll().execute()
    expect(sessions).toHaveLength(1)
    expect(JSON.stringify(sessions)).not.toContain(r.sessionToken)
    expect(sessions[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/)
    const p = await authenticate(ctx, { cookieToken: r.sessionToken })
    expect(p).toMatchObject({
      kind: 'user',
      id: r.user.id,
      username: 'op',
      role: 'operator',
      csrfToken: r.csrfToken,
      sessionId: sessions[0]?.id,
    })
    expect(p.permissions.has('dept.write')).toBe(true)
    const events = await auditEvents(ctx, 'access.login')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      actor: r.user.id,
      actorKind: 'user',
      actorRole: 'operator',
      requestId: 'req-1',
      targetType: 'session',
      details: { ip: '10.0.0.1' },
    })
  })

  it('wrong password and unknown user give the same 401 and are audited', async () => {
    const wrong = await login(ctx, { username: 'user2', password: 'not the password', ip: '10.0.0.2' }).catch((e) => e)
    const unknown = await login(ctx, { username: 'nobody', password: 'whatever-pass', ip: '10.0.0.2' }).catch((e) => e)
    expect(wrong).toMatchObject({ code: 'access.bad_credentials', status: 401 })
    expect(unknown).toMatchObject({ code: 'access.bad_credentials', status: 401 })
    expect(wrong.message).toBe(unknown.message)
    const failed = await auditEvents(ctx, 'access.login_failed')
    expect(failed.map((e) => e.details.reason).sort()).toEqual(['bad_password', 'unknown_user'])
    expect(JSON.stringify(failed)).not.toContain('not the password')
    await login(ctx, { username: 'user2', password: PASSWORD, ip: '10.0.0.2' })
    const row = await ctx.db
      .selectFrom('users')
      .select(['last_login_at'])
      .where('username', '=', 'user2')
      .executeTakeFirstOrThrow()
    expect(row.last_login_at).toBe(ctx.clock.now().toISOString())
  })

  it('after N failures the next attempt waits (429 with the time), even with the right password', async () => {
    const attempt = (password: string) => login(ctx, { username: 'user2', password, ip: '10.0.0.3' }).catch((e) => e)
    expect(await attempt('wrong-1-xxxx')).toMatchObject({ code: 'access.bad_credentials' })
    expect(await attempt('wrong-2-xxxx')).toMatchObject({ code: 'access.bad_credentials' })
    expect(await attempt('wrong-3-xxxx')).toMatchObject({ code: 'access.bad_credentials' })
    const retryAt = new Date(ctx.clock.now().getTime() + 1000).toISOString()
    const waiting = await attempt(PASSWORD)
    expect(waiting).toMatchObject({ code: 'access.throttled', status: 429, details: { retryAfter: 1, retryAt } })
    expect(waiting.message).toContain(retryAt)
    const event = (await auditEvents(ctx, 'access.login_failed')).find((e) => e.details.reason === 'throttled')
    expect(event?.details).toMatchObject({ username: 'user2', ip: '10.0.0.3', retryAt, scopes: ['pair'] })
    ctx.clock.advance(1000)
    const ok = await login(ctx, { username: 'user2', password: PASSWORD, ip: '10.0.0.3' })
    expect(ok.user.username).toBe('user2')
  })

  it('a session ends after the idle time without activity', async () => {
    const r = await login(ctx, { username: 'op', password: PASSWORD, ip: '10.0.0.4' })
    ctx.clock.advance((SESSION_IDLE_MINUTES - 1) * MINUTE)
    expect((await authenticate(ctx, { cookieToken: r.sessionToken })).kind).toBe('user')
    ctx.clock.advance((SESSION_IDLE_MINUTES - 1) * MINUTE) // activity above moved last_seen_at
    expect((await authenticate(ctx, { cookieToken: r.sessionToken })).kind).toBe('user')
    ctx.clock.advance(SESSION_IDLE_MINUTES * MINUTE + 1)
    expect((await authenticate(ctx, { cookieToken: r.sessionToken })).kind).toBe('public')
  })

  it('a session ends at its maximum lifetime even when active', async () => {
    const r = await login(ctx, { username: 'op', password: PASSWORD, ip: '10.0.0.5' })
    for (let t = 0; t < 480 - 40; t += 40) {
      ctx.clock.advance(40 * MINUTE)
      expect((await authenticate(ctx, { cookieToken: r.sessionToken })).kind, `after ${t + 40} minutes`).toBe('user')
    }
    ctx.clock.set(r.expiresAt)
    expect((await authenticate(ctx, { cookieToken: r.sessionToken })).kind).toBe('public')
  })

  it('logout revokes the session and is audited; unknown tokens are public', async () => {
    const r = await login(ctx, { username: 'op', password: PASSWORD, ip: '10.0.0.6' })
    const p = await authenticate(ctx, { cookieToken: r.sessionToken })
    await logout(ctx, p, 'req-logout')
    expect((await authenticate(ctx, { cookieToken: r.sessionToken })).kind).toBe('public')
    const events = await auditEvents(ctx, 'access.logout')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ targetId: p.sessionId, requestId: 'req-logout', actor: p.id })
    await logout(ctx, p) // twice: nothing more happens
    expect(await auditEvents(ctx, 'access.logout')).toHaveLength(1)
    expect((await authenticate(ctx, { cookieToken: 'x'.repeat(43) })).kind).toBe('public')
    expect((await authenticate(ctx, {})).kind).toBe('public')
  })

  it('a disabled user cannot log in and loses its sessions', async () => {
    const r = await login(ctx, { username: 'user2', password: PASSWORD, ip: '10.0.0.7' })
    await ctx.db.updateTable('users').set({ disabled: 1 }).where('username', '=', 'user2').execute()
    expect((await authenticate(ctx, { cookieToken: r.sessionToken })).kind).toBe('public')
    await expect(login(ctx, { username: 'user2', password: PASSWORD, ip: '10.0.0.7' })).rejects.toMatchObject({
      code: 'access.disabled',
      status: 403,
    })
  })
})

describe('access: throttling from config', () => {
  it('uses loginMaxFailures for the allowance and loginLockMinutes as the longest wait', async () => {
    const ctx = await testContext('sqlite', {
      env: { GONGXIN_LOGIN_MAX_FAILURES: '1', GONGXIN_LOGIN_LOCK_MINUTES: '2' },
    })
    try {
      await createUser(ctx, admin, { username: 'solo', role: 'auditor', password: PASSWORD })
      const waits: number[] = []
      for (let i = 0; i < 10; i++) {
        expect(
          await login(ctx, { username: 'solo', password: 'bad-password-1', ip: '::1' }).catch((x) => x),
        ).toMatchObject({
          code: 'access.bad_credentials',
        })
        const e = await login(ctx, { username: 'solo', password: 'bad-password-1', ip: '::1' }).catch((x) => x)
        expect(e).toMatchObject({ code: 'access.throttled' })
        waits.push(e.details.retryAfter)
        ctx.clock.advance(e.details.retryAfter * 1000)
      }
      // doubling up to the cap of 2 minutes; one failure leaks away every 2 minutes, so an attacker who keeps
      // trying gets one attempt per 2 minutes
      expect(waits.slice(0, 7)).toEqual([1, 2, 4, 8, 16, 32, 64])
      expect(Math.max(...waits)).toBe(120)
      expect(waits.slice(-2)).toEqual([120, 120])
    } finally {
      await ctx.close()
    }
  })
})
