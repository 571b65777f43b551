import { afterAll, beforeAll, expect, it } from 'vitest'
import { authenticate, createApiKey, listApiKeys, revokeApiKey } from '../../src/modules/access/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'
import { admin, auditEvents, seedDept } from './helpers.js'

describeEachDialect('access: API keys', (dialect) => {
  let ctx: TestContext
  let dept: string
  beforeAll(async () => {
    ctx = await testContext(dialect, { now: '2026-06-01T02:00:00.000Z' })
    dept = (await seedDept(ctx, { district: '120104' })).code
  })
  afterAll(async () => ctx.close())

  it('creates a key shown once, stores only its SHA-256 and audits without the secret', async () => {
    const k = await createApiKey(ctx, admin, { role: 'provider', dept, name: '市场监管报送接口' })
    expect(k).toMatchObject({ role: 'provider', dept, expiresAt: null })
    expect(k.key).toMatch(/^gx_[0-9A-Za-z]{40,}$/)
    const rows = await ctx.db.selectFrom('api_keys').selectAll().execute()
    expect(rows).toHaveLength(1)
    expect(JSON.stringify(rows)).not.toContain(k.key)
    expect(rows[0]?.key_hash).toMatch(/^[0-9a-f]{64}$/)
    const events = await auditEvents(ctx, 'access.key_created')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      targetType: 'api_key',
      targetId: k.id,
      actor: 'test-admin',
      details: { role: 'provider', dept, name: '市场监管报送接口' },
    })
    expect(JSON.stringify(events)).not.toContain(k.key)
    const list = await listApiKeys(ctx)
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({
      id: k.id,
      name: '市场监管报送接口',
      prefix: k.key.slice(0, 11),
      status: 'active',
      createdBy: 'test-admin',
    })
    expect(JSON.stringify(list)).not.toContain(k.key)
  })

  it('authenticates a key as its role and department, and records its use', async () => {
    const k = await createApiKey(ctx, admin, { role: 'consumer', dept })
    const p = await authenticate(ctx, { bearer: k.key })
    expect(p).toMatchObject({
      kind: 'api_key',
      id: k.id,
      role: 'consumer',
      dept,
      district: '120104',
      entityId: null,
      displayName: `consumer-${dept}`,
    })
    expect(p.permissions.has('check.run')).toBe(true)
    expect(p.permissions.has('batch.submit')).toBe(false)
    const row = await ctx.db
      .selectFrom('api_keys')
      .select('last_used_at')
      .where('id', '=', k.id)
      .executeTakeFirstOrThrow()
    expect(row.last_used_at).toBe(ctx.clock.now().toISOString())
    // a bearer key wins over a cookie
    expect((await authenticate(ctx, { bearer: k.key, cookieToken: 'whatever-cookie-value-123' })).kind).toBe('api_key')
  })

  it('rejects malformed, unknown, revoked and expired keys with 401 access.key_invalid', async () => {
    await expect(authenticate(ctx, { bearer: 'not-a-key' })).rejects.toMatchObject({
      code: 'access.key_invalid',
      status: 401,
    })
    await expect(authenticate(ctx, { bearer: `gx_${'A'.repeat(44)}` })).rejects.toMatchObject({
      code: 'access.key_invalid',
    })

    const k = await createApiKey(ctx, admin, { role: 'peer', name: '国家平台' })
    expect((await authenticate(ctx, { bearer: k.key })).role).toBe('peer')
    const revoked = await revokeApiKey(ctx, admin, k.id)
    expect(revoked).toMatchObject({ id: k.id, status: 'revoked', revokedAt: ctx.clock.now().toISOString() })
    await expect(authenticate(ctx, { bearer: k.key })).rejects.toMatchObject({ code: 'access.key_invalid' })
    const again = await revokeApiKey(ctx, admin, k.id) // idempotent, no second event
    expect(again.status).toBe('revoked')
    const events = await auditEvents(ctx, 'access.key_revoked')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ targetId: k.id, details: { name: '国家平台', role: 'peer' } })

    // a date means "through that day" in Asia/Shanghai
    const e = await createApiKey(ctx, admin, { role: 'agency', expiresAt: '2026-06-30' })
    expect(e.expiresAt).toBe('2026-06-30T16:00:00.000Z')
    expect((await authenticate(ctx, { bearer: e.key })).kind).toBe('api_key')
    ctx.clock.set('2026-06-30T15:59:59.999Z')
    expect((await authenticate(ctx, { bearer: e.key })).kind).toBe('api_key')
    ctx.clock.set('2026-06-30T16:00:00.000Z')
    await expect(authenticate(ctx, { bearer: e.key })).rejects.toMatchObject({ code: 'access.key_invalid' })
    expect((await listApiKeys(ctx)).find((x) => x.id === e.id)?.status).toBe('expired')
    ctx.clock.set('2026-06-01T02:00:00.000Z')
  })

  it('validates role, department, expiry and scopes', async () => {
    const bad = (input: Partial<Parameters<typeof createApiKey>[2]>) =>
      createApiKey(ctx, admin, { role: 'provider', dept, ...input }).catch((e) => e)
    expect(await bad({ role: 'provider', dept: null })).toMatchObject({ code: 'access.dept_required', status: 400 })
    expect(await bad({ role: 'consumer', dept: 'NOPE' })).toMatchObject({ code: 'access.dept_not_found', status: 404 })
    expect(await bad({ role: 'subject' })).toMatchObject({ code: 'access.bad_role' })
    expect(await bad({ role: 'public' })).toMatchObject({ code: 'access.bad_role' })
    expect(await bad({ role: 'wizard' })).toMatchObject({ code: 'access.bad_role' })
    expect(await bad({ expiresAt: '2026-05-31' })).toMatchObject({ code: 'access.bad_expiry', status: 400 })
    expect(await bad({ expiresAt: '2026-02-30' })).toMatchObject({ code: 'access.bad_expiry' })
    expect(await bad({ expiresAt: 'next week' })).toMatchObject({ code: 'access.bad_expiry' })
    expect(await bad({ scopes: ['dept.write'] })).toMatchObject({ code: 'access.bad_scope', status: 400 })
    expect(
      (await createApiKey(ctx, admin, { role: 'provider', dept, expiresAt: '2027-01-01T00:00:00Z' })).expiresAt,
    ).toBe('2027-01-01T00:00:00.000Z')
  })

  it('scopes narrow a key to some of its role permissions', async () => {
    const k = await createApiKey(ctx, admin, { role: 'provider', dept, scopes: ['batch.submit', 'batch.read'] })
    const p = await authenticate(ctx, { bearer: k.key })
    expect([...p.permissions].sort()).toEqual(['batch.read', 'batch.submit'])
    expect((await listApiKeys(ctx)).find((x) => x.id === k.id)?.scopes).toEqual(['batch.read', 'batch.submit'])
  })

  it('revoking an unknown key is 404 access.key_not_found', async () => {
    await expect(revokeApiKey(ctx, admin, '01890000-0000-7000-8000-000000000000')).rejects.toMatchObject({
      code: 'access.key_not_found',
      status: 404,
    })
    await expect(revokeApiKey(ctx, admin, 'garbage')).rejects.toMatchObject({ code: 'access.key_not_found' })
  })
})
