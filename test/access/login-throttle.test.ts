import { performance } from 'node:perf_hooks'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { closeContext, openContext } from '../../src/container.js'
import { buildApp } from '../../src/http/app.js'
import { createUser, listUsers, login, unlockUser } from '../../src/modules/access/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { admin, auditEvents, PASSWORD } from './helpers.js'

/** pair allowance 3, account 6, address 10; waits double from 1 s up to 15 minutes */
const ENV = {
  GONGXIN_LOGIN_MAX_FAILURES: '3',
  GONGXIN_LOGIN_ACCOUNT_FAILURES: '6',
  GONGXIN_LOGIN_ADDRESS_FAILURES: '10',
  GONGXIN_LOGIN_LOCK_MINUTES: '15',
}

describeEachDialect('access: login throttling', (dialect) => {
  let ctx: TestContext
  let app: FastifyInstance
  beforeAll(async () => {
    ctx = await testContext(dialect, { env: ENV })
    for (const username of ['op', 'owner', 'member', 'par', 'twin', 'proc'])
      await createUser(ctx, admin, { username, role: 'operator', password: PASSWORD })
    app = await buildApp(ctx, { web: false })
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  const attempt = (username: string, password: string, ip: string) =>
    login(ctx, { username, password, ip }).then(
      () => 'ok',
      (e) => e,
    )

  /** Everything a client sees of an answer, except what differs between any two requests. */
  function seen(r: LightMyRequestResponse) {
    const headers = { ...r.headers }
    delete headers['x-request-id'] // random per request
    delete headers.date // the wall clock
    delete headers['x-ratelimit-reset'] // the per-address request limiter's own clock (seconds left)
    return { status: r.statusCode, headers, body: r.body }
  }

  it('an unknown name is answered exactly like a known one over repeated failures', async () => {
    const post = (username: string, ip: string, i: number) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: `wrong-password-${i}` },
        remoteAddress: ip,
      })
    const statuses: number[] = []
    for (let i = 0; i < 16; i++) {
      const known = await post('op', '10.1.0.1', i)
      const unknown = await post('ghost.user', '10.1.0.2', i)
      expect(seen(unknown), `attempt ${i + 1}`).toEqual(seen(known))
      statuses.push(known.statusCode)
      // wait out every other wait, so that the sequence mixes checked attempts and refused ones
      if (known.statusCode === 429 && i % 2 === 1) ctx.clock.advance(Number(known.headers['retry-after']) * 1000)
    }
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 429])
    expect(statuses).toContain(401)
    await post('op', '10.1.0.1', 98) // checked, if the last wait was waited out
    const last = await post('op', '10.1.0.1', 99)
    expect(last.statusCode).toBe(429)
    expect(last.json().error).toMatchObject({
      code: 'access.throttled',
      details: { retryAfter: Number(last.headers['retry-after']) },
    })
    expect(last.json().error.message).toMatch(/登录失败次数过多/)
    // the audit log, which only operators read, knows the difference
    const reasons = new Set((await auditEvents(ctx, 'access.login_failed')).map((e) => e.details.reason))
    expect([...reasons].sort()).toEqual(['bad_password', 'throttled', 'unknown_user'])
  })

  it('an unknown name costs the same password-hashing time as a known one', async () => {
    const time = async (username: string, ip: string) => {
      const t = performance.now()
      expect(await attempt(username, 'not-the-password', ip)).toMatchObject({ code: 'access.bad_credentials' })
      return performance.now() - t
    }
    const known: number[] = []
    const unknown: number[] = []
    for (let i = 0; i < 5; i++) {
      known.push(await time('twin', `10.2.0.${i}`))
      unknown.push(await time('nobody.here', `10.2.1.${i}`))
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2] as number
    const ratio = median(unknown) / median(known)
    expect(ratio).toBeGreaterThan(0.25)
    expect(ratio).toBeLessThan(4)
  })

  it('the wait grows with each failure and starts again after a success', async () => {
    const ip = '10.3.0.1'
    const waits: number[] = []
    for (let i = 0; i < 3; i++) expect(await attempt('member', 'wrong-password', ip)).toMatchObject({ status: 401 })
    for (let i = 0; i < 4; i++) {
      const e = await attempt('member', 'wrong-password', ip)
      expect(e).toMatchObject({ code: 'access.throttled', status: 429 })
      waits.push(e.details.retryAfter)
      // half-way through the wait it is still refused, without looking at the password
      ctx.clock.advance((e.details.retryAfter * 1000) / 2)
      expect(await attempt('member', PASSWORD, ip)).toMatchObject({ code: 'access.throttled' })
      ctx.clock.advance((e.details.retryAfter * 1000) / 2)
      expect(await attempt('member', 'wrong-password', ip)).toMatchObject({ code: 'access.bad_credentials' })
    }
    expect(waits).toEqual([1, 2, 4, 8])
    ctx.clock.advance(16_000)
    expect(await attempt('member', PASSWORD, ip)).toBe('ok')
    // a fresh allowance after the success
    for (let i = 0; i < 3; i++) expect(await attempt('member', 'wrong-password', ip)).toMatchObject({ status: 401 })
    expect(await attempt('member', 'wrong-password', ip)).toMatchObject({ details: { retryAfter: 1 } })
  })

  it('an attacker elsewhere cannot keep the owner out of the account from the owner’s address', async () => {
    const home = '10.4.0.1'
    expect(await attempt('owner', PASSWORD, home)).toBe('ok') // the owner's address
    // one address hammering, honouring every wait
    for (let i = 0; i < 25; i++) {
      const e = await attempt('owner', `guess-${i}`, '10.66.0.1')
      if (e.code === 'access.throttled') ctx.clock.advance(e.details.retryAfter * 1000)
    }
    // and many addresses, a few guesses each
    for (let n = 0; n < 12; n++)
      for (let i = 0; i < 2; i++) await attempt('owner', `guess-${n}-${i}`, `10.67.0.${n + 1}`)
    await attempt('owner', 'guess-again', '10.66.0.1')
    expect(await attempt('owner', 'guess-again', '10.66.0.1')).toMatchObject({ code: 'access.throttled' })
    // the owner gets in from home at once
    expect(await attempt('owner', PASSWORD, home)).toBe('ok')
    // from an address the account has not used, the account-wide wait applies; operators see it
    const away = await attempt('owner', 'guess-away', '10.4.0.2')
    expect(away).toMatchObject({ code: 'access.throttled' })
    const waiting = (await listUsers(ctx)).find((u) => u.username === 'owner')
    expect(waiting?.lockedUntil).toBe(away.details.retryAt)
    const events = await auditEvents(ctx, 'access.login_failed')
    expect(events.find((e) => e.details.ip === '10.4.0.2')?.details.scopes).toEqual(['account'])
    // an operator lifts it
    expect(await unlockUser(ctx, admin, 'OWNER')).toMatchObject({ username: 'owner' })
    expect(await attempt('owner', PASSWORD, '10.4.0.2')).toBe('ok')
    expect((await listUsers(ctx)).find((u) => u.username === 'owner')?.lockedUntil).toBeNull()
    const unlocked = await auditEvents(ctx, 'access.user_unlocked')
    expect(unlocked.map((e) => e.details.username)).toEqual(['owner'])
    await expect(unlockUser(ctx, admin, 'no.such.user')).rejects.toMatchObject({ code: 'access.user_not_found' })
  })

  it('one address trying many accounts is throttled across accounts', async () => {
    const ip = '10.5.0.1'
    const answers: string[] = []
    for (let i = 0; i < 12; i++) answers.push((await attempt(`spray.${i}`, 'Summer2026!', ip)).code)
    expect(answers.slice(0, 10)).toEqual(Array(10).fill('access.bad_credentials'))
    expect(answers.slice(10)).toEqual(['access.throttled', 'access.throttled'])
    // another address is not concerned
    expect(await attempt('spray.0', 'Summer2026!', '10.5.0.2')).toMatchObject({ code: 'access.bad_credentials' })
  })

  it('parallel attempts cannot slip through while the first ones are being checked', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => attempt('par', `parallel-${i}`, '10.6.0.1').then((e) => e.code)),
    )
    expect(answers.filter((c) => c === 'access.bad_credentials')).toHaveLength(3)
    expect(answers.filter((c) => c === 'access.throttled')).toHaveLength(9)
  })

  it('several server processes on one database share the state', async () => {
    const other = await openContext(ctx.testDb.config, { clock: ctx.clock })
    try {
      for (let i = 0; i < 3; i++)
        expect(await attempt('proc', 'wrong-password', '10.7.0.1')).toMatchObject({ status: 401 })
      const e = await login(other, { username: 'proc', password: PASSWORD, ip: '10.7.0.1' }).catch((x) => x)
      expect(e).toMatchObject({ code: 'access.throttled', details: { retryAfter: 1 } })
      ctx.clock.advance(1000)
      expect((await login(other, { username: 'proc', password: PASSWORD, ip: '10.7.0.1' })).user.username).toBe('proc')
    } finally {
      await closeContext(other)
    }
  })

  it('buckets with nothing left to remember are deleted', async () => {
    const count = async () =>
      Number(
        (
          await ctx.db
            .selectFrom('login_throttle')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    for (let i = 0; i < 4; i++) await attempt(`early.${i}`, 'wrong-password', `10.8.1.${i}`)
    expect(await count()).toBeGreaterThanOrEqual(12)
    ctx.clock.advance(30 * 24 * 3600_000) // every failure above has leaked away, every wait is over
    expect(await attempt('late.comer', 'wrong-password', '10.8.0.1')).toMatchObject({ code: 'access.bad_credentials' })
    expect(await count()).toBe(3) // the pair, account and address buckets of this attempt only
  })
})
