import { Readable, Writable } from 'node:stream'
import { Command } from 'commander'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { registerDeptCommands } from '../../src/cli/commands/dept.js'
import { registerKeyCommands } from '../../src/cli/commands/key.js'
import { registerUserCommands } from '../../src/cli/commands/user.js'
import type { CliIo } from '../../src/cli/runtime.js'
import { type Ctx, closeContext, openContext } from '../../src/container.js'
import { openMigratedContext } from '../../src/setup.js'
import { type Clock, fixedClock } from '../../src/core/clock.js'
import { authenticate, login } from '../../src/modules/access/index.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import { describeEachDialect, freshDatabase, type TestDb } from '../support/context.js'
import { govUscc, PASSWORD } from './helpers.js'

class Sink extends Writable {
  text = ''
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString()
    cb()
  }
}

describeEachDialect('cli: dept, user, key', (dialect) => {
  let testDb: TestDb
  beforeAll(async () => {
    testDb = await freshDatabase(dialect)
    const ctx = await openMigratedContext(testDb.config)
    await closeContext(ctx)
  })
  afterAll(async () => testDb.cleanup())

  async function run(args: string[], stdin = ''): Promise<{ out: string; err: string }> {
    const out = new Sink()
    const err = new Sink()
    const io: CliIo = {
      out,
      err,
      stdin: Readable.from([stdin]),
      env: { GONGXIN_DB: testDb.config.db, GONGXIN_LOG_LEVEL: 'silent', GONGXIN_DATA_DIR: testDb.dir },
    }
    const program = new Command('gongxin')
      .exitOverride()
      .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => err.write(s) })
    registerDeptCommands(program, io)
    registerUserCommands(program, io)
    registerKeyCommands(program, io)
    for (const c of program.commands) for (const sub of c.commands) sub.exitOverride()
    await program.parseAsync(['node', 'gongxin', ...args])
    return { out: out.text, err: err.text }
  }

  async function withCtx<T>(fn: (ctx: Ctx) => Promise<T>, clock?: Clock): Promise<T> {
    const ctx = await openContext(testDb.config, clock ? { clock } : {})
    try {
      return await fn(ctx)
    } finally {
      await closeContext(ctx)
    }
  }

  it('dept add, then dept list --json prints one JSON array sorted by code', async () => {
    const u1 = govUscc()
    const u2 = govUscc()
    const added = await run([
      'dept',
      'add',
      '--code',
      'SWJ',
      '--name',
      '市税务局',
      '--uscc',
      u1,
      '--district',
      '120101',
    ])
    expect(added.out).toContain('已登记部门 SWJ')
    await run(['dept', 'add', '--code', 'FGW', '--name', '市发展和改革委员会', '--uscc', u2, '--db', testDb.config.db])
    const { out } = await run(['dept', 'list', '--json'])
    expect(JSON.parse(out)).toEqual([
      { code: 'FGW', name: '市发展和改革委员会', uscc: u2, district: null },
      { code: 'SWJ', name: '市税务局', uscc: u1, district: '120101' },
    ])
    const table = await run(['dept', 'list'])
    expect(table.out.split('\n')[0]).toMatch(/^代码\s+名称\s+统一社会信用代码\s+行政区划$/)
    expect(table.out).toContain('市税务局')
    const events = await withCtx((ctx) => searchAuditEvents(ctx.db, { action: 'access.dept_created' }, 1, 10))
    expect(events.total).toBe(2)
    expect(events.items[0]?.actor).toMatch(/^cli:/)
  })

  it('dept add with a bad USCC throws the coded error', async () => {
    await expect(run(['dept', 'add', '--code', 'BAD', '--name', '某局', '--uscc', '123'])).rejects.toMatchObject({
      code: 'access.bad_uscc',
    })
  })

  it('user add reads the password from stdin (first line) and the user can log in', async () => {
    const r = await run(
      ['user', 'add', '--username', 'tax.clerk', '--role', 'provider', '--dept', 'SWJ', '--password-stdin', '--json'],
      `${PASSWORD}\nignored\n`,
    )
    expect(JSON.parse(r.out)).toMatchObject({
      username: 'tax.clerk',
      role: 'provider',
      dept: 'SWJ',
      district: '120101',
    })
    const logged = await withCtx((ctx) => login(ctx, { username: 'tax.clerk', password: PASSWORD, ip: '127.0.0.1' }))
    expect(logged.user.username).toBe('tax.clerk')
    await expect(run(['user', 'add', '--username', 'x1', '--role', 'auditor'])).rejects.toThrow(/--password-stdin/)
    await expect(
      run(['user', 'add', '--username', 'x2', '--role', 'consumer', '--password-stdin'], `${PASSWORD}\n`),
    ).rejects.toMatchObject({
      code: 'access.dept_required',
    })
    const list = await run(['user', 'list', '--json'])
    expect(JSON.parse(list.out).map((u: { username: string }) => u.username)).toEqual(['tax.clerk'])
  })

  it('user unlock lifts the login throttling of an account and is audited', async () => {
    // at one instant (ahead of the real clock the CLI reads), failures from many addresses put the account over its
    // account-wide allowance (20 by default)
    const clock = fixedClock('2030-01-01T00:00:00.000Z')
    const refused = await withCtx(async (ctx) => {
      for (let n = 0; n < 20; n++)
        await login(ctx, { username: 'tax.clerk', password: 'not-the-password', ip: `10.9.${n}.1` }).catch((e) => e)
      return login(ctx, { username: 'tax.clerk', password: PASSWORD, ip: '10.9.99.1' }).catch((e) => e)
    }, clock)
    expect(refused).toMatchObject({ code: 'access.throttled', details: { retryAt: '2030-01-01T00:00:01.000Z' } })
    const table = await run(['user', 'list'])
    expect(table.out).toContain(`登录受限至 ${refused.details.retryAt}`)
    const r = await run(['user', 'unlock', 'TAX.CLERK', '--json'])
    expect(JSON.parse(r.out)).toEqual({ username: 'tax.clerk', cleared: expect.any(Number) })
    expect((await run(['user', 'unlock', 'tax.clerk'])).out).toContain('当前没有登录限制')
    const logged = await withCtx(
      (ctx) => login(ctx, { username: 'tax.clerk', password: PASSWORD, ip: '10.9.99.1' }),
      clock,
    )
    expect(logged.user.username).toBe('tax.clerk')
    const events = await withCtx((ctx) => searchAuditEvents(ctx.db, { action: 'access.user_unlocked' }, 1, 10))
    expect(events.items.map((e) => [e.actor?.startsWith('cli:'), e.details.username])).toEqual([
      [true, 'tax.clerk'],
      [true, 'tax.clerk'],
    ])
    await expect(run(['user', 'unlock', 'nobody'])).rejects.toMatchObject({ code: 'access.user_not_found' })
  })

  it('key create --json prints the key once; key list hides it; key revoke ends it', async () => {
    const { out } = await run([
      'key',
      'create',
      '--role',
      'consumer',
      '--dept',
      'FGW',
      '--expires',
      '2099-12-31',
      '--name',
      '发改委核查接口',
      '--json',
    ])
    const k = JSON.parse(out)
    expect(Object.keys(k).sort()).toEqual(['dept', 'expiresAt', 'id', 'key', 'role'])
    expect(k).toMatchObject({ role: 'consumer', dept: 'FGW', expiresAt: '2099-12-31T16:00:00.000Z' })
    expect(k.key).toMatch(/^gx_[0-9A-Za-z]{40,}$/)
    expect((await withCtx((ctx) => authenticate(ctx, { bearer: k.key }))).dept).toBe('FGW')

    const plain = await run(['key', 'create', '--role', 'peer'])
    expect(plain.out.trim()).toMatch(/^gx_[0-9A-Za-z]{40,}$/)
    expect(plain.err).toContain('只显示这一次')

    const list = await run(['key', 'list', '--json'])
    const items = JSON.parse(list.out)
    expect(items).toHaveLength(2)
    expect(list.out).not.toContain(k.key)
    expect(items.find((x: { id: string }) => x.id === k.id)).toMatchObject({ name: '发改委核查接口', status: 'active' })
    const table = await run(['key', 'list'])
    expect(table.out).toContain('发改委核查接口')

    const revoked = await run(['key', 'revoke', k.id])
    expect(revoked.out).toContain('已吊销')
    await expect(withCtx((ctx) => authenticate(ctx, { bearer: k.key }))).rejects.toMatchObject({
      code: 'access.key_invalid',
    })
    await expect(run(['key', 'create', '--role', 'provider'])).rejects.toMatchObject({ code: 'access.dept_required' })
  })

  it('a fresh, unmigrated database gives db.not_migrated', async () => {
    const empty = await freshDatabase(dialect)
    try {
      const io: CliIo = {
        out: new Sink(),
        err: new Sink(),
        stdin: Readable.from(['']),
        env: { GONGXIN_DB: empty.config.db, GONGXIN_LOG_LEVEL: 'silent', GONGXIN_DATA_DIR: empty.dir },
      }
      const program = new Command('gongxin').exitOverride()
      registerDeptCommands(program, io)
      await expect(program.parseAsync(['node', 'gongxin', 'dept', 'list', '--json'])).rejects.toMatchObject({
        code: 'db.not_migrated',
      })
    } finally {
      await empty.cleanup()
    }
  })

  it('every command has --help and --db', async () => {
    const program = new Command('gongxin')
    const io: CliIo = { out: new Sink(), err: new Sink(), stdin: Readable.from(['']), env: {} }
    registerDeptCommands(program, io)
    registerUserCommands(program, io)
    registerKeyCommands(program, io)
    const leaves = program.commands.flatMap((c) => c.commands.map((s) => `${c.name()} ${s.name()}`))
    expect(leaves.sort()).toEqual([
      'dept add',
      'dept list',
      'key create',
      'key list',
      'key revoke',
      'user add',
      'user list',
      'user unlock',
    ])
    for (const c of program.commands)
      for (const s of c.commands)
        expect(
          s.options.some((o) => o.long === '--db'),
          `${c.name()} ${s.name()}`,
        ).toBe(true)
    const help =
      program.commands
        .find((c) => c.name() === 'key')
        ?.commands.find((c) => c.name() === 'create')
        ?.helpInformation() ?? ''
    expect(help).toContain('--expires <date>')
  })
})
