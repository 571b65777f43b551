import { afterAll, beforeAll, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import { type TestContext, testContext } from '../support/context.js'

let ctx: TestContext
let app: FastifyInstance
beforeAll(async () => {
  ctx = await testContext('sqlite', { env: { GONGXIN_PUBLIC_RATE_LIMIT: '3', GONGXIN_TRUSTED_CLIENTS: '10.9.9.9' } })
  app = await buildApp(ctx, { web: false })
})
afterAll(async () => {
  await app.close()
  await ctx.close()
})

it('public routes answer 429 with Retry-After over the limit; trusted clients are exempt', async () => {
  const codes: number[] = []
  let last = await app.inject({ url: '/api/v1/public/site', remoteAddress: '10.1.1.1' })
  codes.push(last.statusCode)
  for (let i = 0; i < 3; i++) {
    last = await app.inject({ url: '/api/v1/public/site', remoteAddress: '10.1.1.1' })
    codes.push(last.statusCode)
  }
  expect(codes).toEqual([200, 200, 200, 429])
  expect(Number(last.headers['retry-after'])).toBeGreaterThan(0)
  expect(last.json().error.code).toBe('core.rate_limited')
  expect(last.json().error.message).toMatch(/请求过于频繁/)
  for (let i = 0; i < 6; i++) expect((await app.inject({ url: '/api/v1/public/site', remoteAddress: '10.9.9.9' })).statusCode).toBe(200)
  expect((await app.inject({ url: '/api/v1/public/site', remoteAddress: '10.2.2.2' })).json()).toEqual({ name: '信用天津', city: '天津市' })
})
