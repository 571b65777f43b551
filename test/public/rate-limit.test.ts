import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Fixture, seedFixture } from '../disclosure/fixtures.js'
import { type TestContext, testContext } from '../support/context.js'
import { appWithPublic } from './helpers.js'

let ctx: TestContext
let app: FastifyInstance
let f: Fixture
beforeAll(async () => {
  // 8 requests per minute per client on public routes, so 2 entity files (a quarter); 10.9.9.9 is trusted
  ctx = await testContext('sqlite', { env: { GONGXIN_PUBLIC_RATE_LIMIT: '8', GONGXIN_TRUSTED_CLIENTS: '10.9.9.9' } })
  f = await seedFixture(ctx)
  app = await appWithPublic(ctx)
})
afterAll(async () => {
  await app.close()
  await ctx.close()
})

it('every public route answers 429 with Retry-After over the general limit', async () => {
  for (const [n, url] of [
    '/api/v1/public/stats',
    `/api/v1/public/records/${f.rec['PUB-GEN']}`,
    '/api/v1/public/lists/court_defaulter',
  ].entries()) {
    // one client per route: the limit counts a client's requests over all public routes together
    const remoteAddress = `10.1.1.${n + 1}`
    const codes: number[] = []
    let last = await app.inject({ url, remoteAddress })
    codes.push(last.statusCode)
    for (let i = 0; i < 8; i++) {
      last = await app.inject({ url, remoteAddress })
      codes.push(last.statusCode)
    }
    expect([url, codes]).toEqual([url, [200, 200, 200, 200, 200, 200, 200, 200, 429]])
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0)
    expect(Number(last.headers['retry-after'])).toBeLessThanOrEqual(60)
    expect(last.json().error).toMatchObject({
      code: 'core.rate_limited',
      message: expect.stringMatching(/请求过于频繁/),
    })
  }
})

it('a client reading many entity files in sequence is throttled sooner; other clients and trusted ones are not', async () => {
  const files = [f.ent.company, f.ent.shop, f.ent.defaulter, f.ent.company]
  const codes = []
  for (const id of files)
    codes.push((await app.inject({ url: `/api/v1/public/entities/${id}`, remoteAddress: '10.3.3.3' })).statusCode)
  expect(codes).toEqual([200, 200, 429, 429])
  const last = await app.inject({ url: `/api/v1/public/entities/${f.ent.shop}`, remoteAddress: '10.3.3.3' })
  expect(Number(last.headers['retry-after'])).toBeGreaterThan(0)
  // the same client may still use the other public routes (within the general limit)
  expect((await app.inject({ url: '/api/v1/public/lists/honor', remoteAddress: '10.3.3.3' })).statusCode).toBe(200)
  expect(
    (await app.inject({ url: `/api/v1/public/entities/${f.ent.shop}`, remoteAddress: '10.4.4.4' })).statusCode,
  ).toBe(200)
  for (let i = 0; i < 20; i++)
    expect(
      (await app.inject({ url: `/api/v1/public/entities/${f.ent.shop}`, remoteAddress: '10.9.9.9' })).statusCode,
    ).toBe(200)
})

it('the entity-file budget is a setting (GONGXIN_PUBLIC_ENTITY_FILE_LIMIT)', async () => {
  const c = await testContext('sqlite', {
    env: { GONGXIN_PUBLIC_RATE_LIMIT: '8', GONGXIN_PUBLIC_ENTITY_FILE_LIMIT: '1' },
  })
  const fx = await seedFixture(c)
  const a = await appWithPublic(c)
  try {
    expect(c.config).toMatchObject({ publicEntityFileLimit: 1, publicFileCacheSeconds: 30 })
    const codes = []
    for (const id of [fx.ent.company, fx.ent.shop])
      codes.push((await a.inject({ url: `/api/v1/public/entities/${id}`, remoteAddress: '10.5.5.5' })).statusCode)
    expect(codes).toEqual([200, 429])
  } finally {
    await a.close()
    await c.close()
  }
})
