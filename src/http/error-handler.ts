import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify'
import { AppError, coreError } from '../core/errors.js'

/** Longer request targets (path and query) are refused with 414 core.uri_too_long. */
export const MAX_URL_LENGTH = 8192

const TYPE_ZH: Record<string, string> = {
  string: '文本',
  integer: '整数',
  number: '数字',
  boolean: '布尔值（true/false）',
  object: '对象',
  array: '数组',
  null: '空值（null）',
}
const typeZh = (t: unknown): string =>
  String(t)
    .split(',')
    .map((x) => TYPE_ZH[x] ?? x)
    .join('或')

const AJV_ZH: Record<string, (p: Record<string, unknown>) => string> = {
  required: (p) => `缺少必填字段「${String(p.missingProperty)}」`,
  type: (p) => `类型应为${typeZh(p.type)}`,
  minLength: (p) => `长度至少为 ${String(p.limit)}`,
  maxLength: (p) => `长度最多为 ${String(p.limit)}`,
  pattern: () => '格式不正确',
  format: (p) => `格式应为 ${String(p.format)}`,
  enum: (p) => `取值应为 ${(p.allowedValues as unknown[]).join('/')} 之一`,
  const: (p) => `取值应为 ${JSON.stringify(p.allowedValue)}`,
  additionalProperties: (p) => `不支持的字段「${String(p.additionalProperty)}」`,
  minimum: (p) => `不能小于 ${String(p.limit)}`,
  maximum: (p) => `不能大于 ${String(p.limit)}`,
  exclusiveMinimum: (p) => `应大于 ${String(p.limit)}`,
  exclusiveMaximum: (p) => `应小于 ${String(p.limit)}`,
  multipleOf: (p) => `应为 ${String(p.multipleOf)} 的整数倍`,
  maxItems: (p) => `最多 ${String(p.limit)} 项`,
  minItems: (p) => `至少 ${String(p.limit)} 项`,
  uniqueItems: () => '不能有重复项',
  minProperties: (p) => `至少 ${String(p.limit)} 个字段`,
  maxProperties: (p) => `最多 ${String(p.limit)} 个字段`,
  anyOf: () => '不符合任何一种允许的格式',
  oneOf: () => '应恰好符合一种允许的格式',
}

/** fastify's own request-body errors: answered as 400 core.validation with a Chinese problem. */
const BODY_PROBLEMS: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: '请求体不是合法的 JSON，请检查括号、引号和逗号',
  FST_ERR_CTP_EMPTY_JSON_BODY:
    '请求体为空，但 Content-Type 声明为 application/json：请提交 JSON 对象，或不带 Content-Type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: '请求体的长度与 Content-Length 请求头不符',
}

/** Any other client error by HTTP status; statuses without their own code are core.bad_request with the status. */
const BY_STATUS: Record<number, Parameters<typeof coreError>[0]> = {
  400: 'core.bad_request',
  404: 'core.not_found',
  405: 'core.method_not_allowed',
  408: 'core.request_timeout',
  413: 'core.body_too_large',
  414: 'core.uri_too_long',
  415: 'core.unsupported_media_type',
  429: 'core.rate_limited',
  431: 'core.headers_too_large',
}

/** The coded error for anything thrown while answering a request; 5xx keep their code but no internals. */
export function toAppError(err: unknown, req: FastifyRequest, reply?: FastifyReply): AppError {
  let e: AppError
  const fe = err as Partial<FastifyError> & { status?: number }
  if (err instanceof AppError) e = err
  else if (fe.validation) {
    const problems = fe.validation.map((v) => {
      const field = `${fe.validationContext ?? ''}${v.instancePath ? v.instancePath.replace(/\//g, '.') : ''}`
      const zh = AJV_ZH[v.keyword]?.(v.params as Record<string, unknown>) ?? `不符合要求（${v.keyword}）`
      return `${field || '请求'}：${zh}`
    })
    e = coreError('core.validation', { problems })
  } else if (fe.code && BODY_PROBLEMS[fe.code]) e = coreError('core.validation', { problems: [BODY_PROBLEMS[fe.code]] })
  else if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    e = coreError('core.body_too_large', { limitBytes: req.routeOptions.bodyLimit })
  else if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    e = coreError('core.unsupported_media_type', { contentType: mediaType(req.headers['content-type']) })
  else if (fe.code === 'FST_ERR_MAX_PARAM_LENGTH') e = coreError('core.uri_too_long')
  else {
    const status = Number(fe.statusCode ?? fe.status)
    if (Number.isInteger(status) && status >= 400 && status < 500) {
      const code = BY_STATUS[status]
      if (code === 'core.rate_limited') {
        const retryAfter = Number(reply?.getHeader('retry-after'))
        e = coreError(code, Number.isFinite(retryAfter) ? { retryAfter } : {})
      } else if (code === 'core.method_not_allowed') e = coreError(code, { method: req.method })
      else if (code) e = coreError(code)
      else {
        const generic = coreError('core.bad_request', { status })
        e = new AppError(generic.code, status, generic.message, generic.details)
      }
    } else e = coreError('core.internal')
  }
  // A coded 503 is a designed answer (server busy or stopping: try again later), whose message and details say when;
  // any other 5xx is a failure whose internals stay in the log.
  if (e.status === 503 && err instanceof AppError) return e
  if (e.status >= 500) {
    const generic = e.status === 503 ? coreError('core.unavailable') : coreError('core.internal')
    const retryAfter = typeof e.details.retryAfter === 'number' ? { retryAfter: e.details.retryAfter } : {}
    return new AppError(e.code, e.status, generic.message, { requestId: req.id, ...retryAfter }, { cause: err })
  }
  return e
}

/** The media type of a Content-Type header, without parameters, for messages. */
function mediaType(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined
  const t = header.split(';')[0]?.trim()
  return t ? t.slice(0, 100) : undefined
}

/** Sends the error in the project's shape, with Allow and Retry-After when its details carry them. */
export function sendError(reply: FastifyReply, e: AppError): FastifyReply {
  if (Array.isArray(e.details.allow)) reply.header('allow', (e.details.allow as string[]).join(', '))
  const retryAfter = e.details.retryAfter
  if ((e.status === 429 || e.status === 503) && typeof retryAfter === 'number' && retryAfter > 0)
    reply.header('retry-after', String(Math.ceil(retryAfter)))
  return reply.code(e.status).type('application/json; charset=utf-8').send(e.toJSON())
}

/** One place turns every error into `{"error":{"code","message","details"}}`; 5xx never show internals. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    const e = toAppError(err, req, reply)
    if (e.status >= 500) req.log.error({ err, requestId: req.id }, 'request failed')
    return sendError(reply, e)
  })
}

/**
 * Errors fastify raises before a route is found (`frameworkErrors`): a path that is not valid percent-encoding
 * (400 core.bad_request), a path parameter over the router's length limit (414 core.uri_too_long).
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const e = err.code === 'FST_ERR_BAD_URL' ? coreError('core.bad_request') : toAppError(err, req, reply)
  reply.header('x-request-id', req.id).header('x-content-type-options', 'nosniff')
  sendError(reply, e)
}

const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/** No route: 405 core.method_not_allowed (with Allow) when the path exists for other methods, else 404. */
export function notFoundError(app: FastifyInstance, req: FastifyRequest): AppError {
  const path = req.url.split('?')[0] ?? req.url
  const allow = METHODS.filter((m) => m !== req.method && app.findRoute({ method: m, url: path }) !== null)
  if (allow.length > 0) return coreError('core.method_not_allowed', { method: req.method, allow })
  return coreError('core.not_found', { path })
}

/**
 * Node's HTTP parser refuses some requests before fastify sees them (`clientErrorHandler`): headers over the
 * size limit (431 core.headers_too_large, or 414 core.uri_too_long when the request line alone is too long),
 * a request not sent in time (408), anything unparsable (400). Answered in the project's shape, then closed.
 */
export function clientErrorHandler(err: ConnectionError, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  let e: AppError
  if (err.code === 'HPE_HEADER_OVERFLOW')
    e = requestLineTooLong(err.rawPacket)
      ? coreError('core.uri_too_long', { maxLength: MAX_URL_LENGTH })
      : coreError('core.headers_too_large')
  else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') e = coreError('core.request_timeout')
  else e = coreError('core.bad_request')
  const body = JSON.stringify(e.toJSON())
  if (socket.writable)
    socket.end(
      `HTTP/1.1 ${e.status} ${STATUS_CODES[e.status] ?? ''}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n' +
        body,
    )
  else socket.destroy()
}

/** The request line (method, target, version) does not end within MAX_URL_LENGTH bytes. */
function requestLineTooLong(packet: unknown): boolean {
  // typed as a Buffer's JSON form, a Buffer at run time
  const raw = Buffer.isBuffer(packet) ? packet : undefined
  if (!raw || raw.length === 0) return false
  const end = raw.indexOf('\r\n')
  return end < 0 ? raw.length > MAX_URL_LENGTH : end > MAX_URL_LENGTH
}
