import { connect } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../src/core/errors.js'
import { buildApp } from '../../src/http/app.js'
import { type TestContext, testContext } from '../support/context.js'
import { httpRequest, parseRawResponse, type RawResponse, rawHttp } from '../support/raw-http.js'

const CHINESE = /[\u4e00-\u9fff]/

/** The project's error shape, exactly: {"error":{"code","message","details"}} with a Chinese message. */
function expectShape(
  r: RawResponse,
  status: number,
  code: string,
): { code: string; message: string; details: Record<string, unknown> } {
  expect([r.status, r.headers['content-type']]).toEqual([status, 'application/json; charset=utf-8'])
  const json = JSON.parse(r.body) as { error: { code: string; message: string; details: Record<string, unknown> } }
  expect(Object.keys(json)).toEqual(['error'])
  expect(Object.keys(json.error).sort()).toEqual(['code', 'details', 'message'])
  expect(json.error.code).toBe(code)
  expect(json.error.message).toMatch(CHINESE)
  expect(json.error.message).not.toMatch(/Bad Request|Client Error|Unsupported|Payload|exceeding|not valid/i)
  expect(typeof json.error.details).toBe('object')
  return json.error
}

describe('HTTP errors over a real socket: every error in the project shape', () => {
  let ctx: TestContext
  let app: FastifyInstance
  let port: number
  const send = (method: string, target: string, headers: Record<string, string> = {}, body = '') =>
    rawHttp(port, httpRequest(method, target, headers, body))

  beforeAll(async () => {
    ctx = await testContext('sqlite', { env: { GONGXIN_BODY_LIMIT_BYTES: '2048' } })
    app = await buildApp(ctx, { web: false })
    app.get('/api/v1/test/crash', async () => {
      throw new Error('relation "secret_table" does not exist at /srv/gongxin/db.ts:42')
    })
    app.get('/api/v1/test/coded-crash', async () => {
      throw new AppError('keys.unreadable', 500, '无法读取密钥文件 /srv/secret/keys.json：EACCES', {
        path: '/srv/secret/keys.json',
      })
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    port = (app.server.address() as { port: number }).port
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  it('431: headers over Node’s limit, refused by its parser before fastify', async () => {
    const r = await send('GET', '/healthz', { 'X-Big': 'a'.repeat(20_000) })
    expectShape(r, 431, 'core.headers_too_large')
  })

  it('414: a request target over 8192 characters, whether Node or the app sees it first', async () => {
    // under Node's header limit: refused by the app
    const mid = await send('GET', `/api/v1/public/search?q=${'a'.repeat(10_000)}`)
    expect(expectShape(mid, 414, 'core.uri_too_long').details).toEqual({ maxLength: 8192 })
    // over it: Node's parser overflows on the request line itself
    const long = await send('GET', `/api/v1/public/search?q=${'a'.repeat(20_000)}`)
    expect(expectShape(long, 414, 'core.uri_too_long').details).toEqual({ maxLength: 8192 })
    // a path parameter over the router's limit
    expectShape(await send('GET', `/api/v1/entities/${'a'.repeat(300)}`), 414, 'core.uri_too_long')
  })

  it('413: a body over the configured limit names the limit', async () => {
    const body = JSON.stringify({ username: 'x'.repeat(5000), password: 'y' })
    const r = await send('POST', '/api/v1/auth/login', { 'Content-Type': 'application/json' }, body)
    const e = expectShape(r, 413, 'core.body_too_large')
    expect(e.details).toEqual({ limitBytes: 2048 })
    expect(e.message).toContain('2 KB')
  })

  it('400: malformed and empty JSON bodies', async () => {
    const bad = await send('POST', '/api/v1/auth/login', { 'Content-Type': 'application/json' }, '{"username":')
    expect(expectShape(bad, 400, 'core.validation').message).toContain('JSON')
    const empty = await send('POST', '/api/v1/auth/login', { 'Content-Type': 'application/json' }, '')
    expect(expectShape(empty, 400, 'core.validation').message).toContain('请求体为空')
  })

  it('400: schema problems are listed in Chinese, field by field', async () => {
    const r = await send(
      'POST',
      '/api/v1/auth/login',
      { 'Content-Type': 'application/json' },
      JSON.stringify({ username: { name: 'x' }, password: '', extra: true }),
    )
    const e = expectShape(r, 400, 'core.validation')
    expect(e.details.problems).toEqual(
      expect.arrayContaining([
        'body.username：类型应为文本',
        'body.password：长度至少为 1',
        'body：不支持的字段「extra」',
      ]),
    )
    expect(e.message).not.toMatch(/[A-Za-z]{4,} (must|should)/)
  })

  it('415: an unsupported or missing media type', async () => {
    const xml = await send('POST', '/api/v1/auth/login', { 'Content-Type': 'application/xml; charset=utf-8' }, '<a/>')
    expect(expectShape(xml, 415, 'core.unsupported_media_type').details).toEqual({ contentType: 'application/xml' })
    const none = await send('POST', '/api/v1/auth/login', {}, '{}')
    expectShape(none, 415, 'core.unsupported_media_type')
  })

  it('404: no such route; 405: the path exists for other methods (with Allow)', async () => {
    const missing = await send('GET', '/api/v1/nothing-here?x=1')
    expect(expectShape(missing, 404, 'core.not_found').details).toEqual({ path: '/api/v1/nothing-here' })
    const del = await send('DELETE', '/healthz')
    expect(expectShape(del, 405, 'core.method_not_allowed').details).toEqual({
      method: 'DELETE',
      allow: ['GET', 'HEAD'],
    })
    expect(del.headers.allow).toBe('GET, HEAD')
    const put = await send('PUT', '/api/v1/auth/login', { 'Content-Type': 'application/json' }, '{}')
    expect(expectShape(put, 405, 'core.method_not_allowed').details).toMatchObject({ allow: ['POST'] })
  })

  it('400: a malformed request line or a path that is not valid percent-encoding', async () => {
    expectShape(await rawHttp(port, 'garbage\r\n\r\n'), 400, 'core.bad_request')
    expectShape(await rawHttp(port, 'FROB /healthz HTTP/1.1\r\nHost: x\r\n\r\n'), 400, 'core.bad_request')
    expectShape(await send('GET', '/api/v1/entities/%E0%A4%A'), 400, 'core.bad_request')
  })

  it('5xx hide internals: the message is generic, the details only the request id', async () => {
    const crash = await send('GET', '/api/v1/test/crash', { 'X-Request-Id': 'req-crash-0001' })
    const e = expectShape(crash, 500, 'core.internal')
    expect(e.details).toEqual({ requestId: 'req-crash-0001' })
    expect(crash.body).not.toMatch(/secret|relation|srv/)
    const coded = await send('GET', '/api/v1/test/coded-crash', { 'X-Request-Id': 'req-crash-0002' })
    const c = expectShape(coded, 500, 'keys.unreadable')
    expect(c.details).toEqual({ requestId: 'req-crash-0002' })
    expect(coded.body).not.toMatch(/secret|srv|EACCES/)
  })

  it('a request arriving while the server stops answers 503 core.unavailable', async () => {
    const other = await buildApp(ctx, { web: false })
    await other.listen({ port: 0, host: '127.0.0.1' })
    const otherPort = (other.server.address() as { port: number }).port
    // the request's first line is sent before close() starts, its end after: the request arrives while closing
    const chunks: Buffer[] = []
    const socket = connect(otherPort, '127.0.0.1')
    await new Promise((r) => socket.once('connect', r))
    socket.on('data', (d) => chunks.push(d))
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n')
    await new Promise((r) => setTimeout(r, 50))
    const closed = other.close()
    await new Promise((r) => setTimeout(r, 20))
    socket.write('\r\n')
    await new Promise((r) => socket.once('close', r))
    await closed
    const r = parseRawResponse(Buffer.concat(chunks))
    expectShape(r, 503, 'core.unavailable')
    expect(r.headers['retry-after']).toBe('5')
  })
})
