import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/core/config.js'
import { buildApp } from '../../src/http/app.js'
import { type TestContext, testContext } from '../support/context.js'

let ctx: TestContext | undefined
let app: FastifyInstance | undefined
async function closeApp(): Promise<void> {
  await app?.close()
  await ctx?.close()
  app = undefined
  ctx = undefined
}
/** The real app with these settings (the previous one is closed). */
async function appWith(env: Record<string, string>): Promise<FastifyInstance> {
  await closeApp()
  ctx = await testContext('sqlite', { env })
  app = await buildApp(ctx, { web: false })
  return app
}
afterEach(closeApp)

describe('HSTS and upgrade-insecure-requests only over HTTPS', () => {
  it('a plain-HTTP install (the default) sends neither, and plain cookies', async () => {
    const a = await appWith({})
    const r = await a.inject('/healthz')
    expect(r.headers['strict-transport-security']).toBeUndefined()
    const csp = String(r.headers['content-security-policy'])
    expect(csp).toContain("default-src 'self'")
    expect(csp).not.toContain('upgrade-insecure-requests')
    expect(ctx?.config.secureCookies).toBe(false)
    const plain = await appWith({ GONGXIN_PUBLIC_URL: 'http://credit.intranet.local' })
    expect((await plain.inject('/healthz')).headers['strict-transport-security']).toBeUndefined()
  })

  it('a site served over HTTPS (GONGXIN_PUBLIC_URL https:// or GONGXIN_HTTPS) sends both and secure cookies', async () => {
    for (const env of [{ GONGXIN_PUBLIC_URL: 'https://credit.example.gov.cn/' }, { GONGXIN_HTTPS: 'true' }]) {
      const a = await appWith(env)
      const r = await a.inject('/healthz')
      expect(r.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
      expect(String(r.headers['content-security-policy'])).toContain('upgrade-insecure-requests')
      expect(ctx?.config.secureCookies).toBe(true)
    }
    expect(loadConfig({ GONGXIN_PUBLIC_URL: 'https://credit.example.gov.cn/' }).publicUrl).toBe(
      'https://credit.example.gov.cn',
    )
    // an explicit flag wins over the address (TLS ends at a proxy that also serves http)
    expect(loadConfig({ GONGXIN_PUBLIC_URL: 'https://x.gov.cn', GONGXIN_HTTPS: 'false' }).https).toBe(false)
    expect(() => loadConfig({ GONGXIN_PUBLIC_URL: 'credit.example.gov.cn' })).toThrow(/GONGXIN_PUBLIC_URL/)
  })
})

describe('/metrics needs a token or a trusted address', () => {
  const metrics = (a: FastifyInstance, remoteAddress: string, headers: Record<string, string> = {}) =>
    a.inject({ url: '/metrics', remoteAddress, headers })

  it('by default: loopback only; others get 403 core.metrics_forbidden in the error shape', async () => {
    const a = await appWith({})
    for (const ip of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const ok = await metrics(a, ip)
      expect([ip, ok.statusCode]).toEqual([ip, 200])
      expect(ok.body).toContain('gongxin_http_request_duration_seconds')
    }
    const other = await metrics(a, '10.1.2.3')
    expect(other.statusCode).toBe(403)
    expect(other.json().error).toMatchObject({
      code: 'core.metrics_forbidden',
      message: expect.stringContaining('GONGXIN_METRICS_TOKEN'),
    })
    expect(other.body).not.toContain('gongxin_')
    // a request relayed by a proxy on the same host is not taken for a local one
    expect((await metrics(a, '127.0.0.1', { 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(403)
    expect((await metrics(a, '127.0.0.1', { forwarded: 'for=203.0.113.9' })).statusCode).toBe(403)
  })

  it('a configured token opens it from anywhere; trusted addresses and ranges are configurable', async () => {
    const token = 'm3tr1cs-t0ken-for-prometheus'
    const a = await appWith({ GONGXIN_METRICS_TOKEN: token, GONGXIN_METRICS_CLIENTS: '10.8.0.0/16,192.0.2.7' })
    expect((await metrics(a, '203.0.113.9', { authorization: `Bearer ${token}` })).statusCode).toBe(200)
    expect((await metrics(a, '203.0.113.9', { authorization: `Bearer ${token}x` })).statusCode).toBe(403)
    expect((await metrics(a, '203.0.113.9')).statusCode).toBe(403)
    expect((await metrics(a, '10.8.44.1')).statusCode).toBe(200)
    expect((await metrics(a, '192.0.2.7')).statusCode).toBe(200)
    expect((await metrics(a, '127.0.0.1')).statusCode).toBe(403) // the list replaces the default
    const none = await appWith({ GONGXIN_METRICS_CLIENTS: 'none' })
    expect((await metrics(none, '127.0.0.1')).statusCode).toBe(403)
    expect(() => loadConfig({ GONGXIN_METRICS_TOKEN: 'short' })).toThrow(/GONGXIN_METRICS_TOKEN/)
    expect(() => loadConfig({ GONGXIN_METRICS_CLIENTS: '10.0.0.0/99' })).toThrow(/GONGXIN_METRICS_CLIENTS/)
  })

  it('behind a trusted reverse proxy the client address comes from X-Forwarded-For', async () => {
    const a = await appWith({ GONGXIN_TRUST_PROXY: '127.0.0.1', GONGXIN_METRICS_CLIENTS: '10.8.0.0/16' })
    expect((await metrics(a, '127.0.0.1', { 'x-forwarded-for': '10.8.1.1' })).statusCode).toBe(200)
    expect((await metrics(a, '127.0.0.1', { 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(403)
    // an untrusted peer cannot claim an address
    expect((await metrics(a, '203.0.113.9', { 'x-forwarded-for': '10.8.1.1' })).statusCode).toBe(403)
  })
})
