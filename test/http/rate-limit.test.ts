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
  for (let i = 0; i < 6; i++)
    expect((await app.inject({ url: '/api/v1/public/site', remoteAddress: '10.9.9.9' })).statusCode).toBe(200)
  expect((await app.inject({ url: '/api/v1/public/site', remoteAddress: '10.2.2.2' })).json()).toEqual({
    name: '信用天津',
    city: '天津市',
    contact: null,
  })
})

it('one budget per client over all public routes: alternating routes does not escape the limit', async () => {
  const urls = ['/api/v1/public/site', '/api/v1/catalog/classes', '/api/v1/calendar/years', '/api/v1/public/stats']
  const codes: number[] = []
  for (const url of urls) codes.push((await app.inject({ url, remoteAddress: '10.5.5.5' })).statusCode)
  expect(codes).toEqual([200, 200, 200, 429])
  const last = await app.inject({
    url: '/api/v1/calendar/working-days?from=2026-06-01&add=3',
    remoteAddress: '10.5.5.5',
  })
  expect(last.statusCode).toBe(429)
  expect(Number(last.headers['retry-after'])).toBeGreaterThan(0)
  expect(last.json().error).toEqual({
    code: 'core.rate_limited',
    message: `请求过于频繁，请 ${last.headers['retry-after']} 秒后再试。`,
    details: { retryAfter: Number(last.headers['retry-after']) },
  })
  // login counts too; another client has its own budget
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'a', password: 'b' },
    remoteAddress: '10.5.5.5',
  })
  expect(login.statusCode).toBe(429)
  expect((await app.inject({ url: '/api/v1/public/stats', remoteAddress: '10.6.6.6' })).statusCode).toBe(200)
})
