import type { FastifyError, FastifyInstance } from 'fastify'
import { AppError, coreError } from '../core/errors.js'

const AJV_ZH: Record<string, (p: Record<string, unknown>) => string> = {
  required: (p) => `缺少必填字段「${String(p.missingProperty)}」`,
  type: (p) => `类型应为 ${String(p.type)}`,
  minLength: (p) => `长度至少为 ${String(p.limit)}`,
  maxLength: (p) => `长度最多为 ${String(p.limit)}`,
  pattern: () => '格式不正确',
  format: (p) => `格式应为 ${String(p.format)}`,
  enum: (p) => `取值应为 ${(p.allowedValues as unknown[]).join('/')} 之一`,
  additionalProperties: (p) => `不支持的字段「${String(p.additionalProperty)}」`,
  minimum: (p) => `不能小于 ${String(p.limit)}`,
  maximum: (p) => `不能大于 ${String(p.limit)}`,
  maxItems: (p) => `最多 ${String(p.limit)} 项`,
  minItems: (p) => `至少 ${String(p.limit)} 项`,
}

/** One place turns every error into `{"error":{"code","message","details"}}`; 5xx never show internals. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    let e: AppError
    if (err instanceof AppError) e = err
    else if ((err as FastifyError).validation) {
      const fe = err as FastifyError
      const problems = (fe.validation ?? []).map((v) => {
        const field = `${fe.validationContext ?? ''}${v.instancePath ? v.instancePath.replace(/\//g, '.') : ''}`
        const zh = AJV_ZH[v.keyword]?.(v.params as Record<string, unknown>) ?? v.message ?? '不正确'
        return `${field || '请求'}：${zh}`
      })
      e = coreError('core.validation', { problems })
    } else if ((err as FastifyError).statusCode === 429) e = coreError('core.rate_limited', { retryAfter: reply.getHeader('retry-after') })
    else if ((err as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE') e = coreError('core.body_too_large')
    else if ((err as FastifyError).statusCode && (err as FastifyError).statusCode! < 500) {
      e = coreError('core.validation', { problems: [err.message] })
      e = new AppError(e.code, (err as FastifyError).statusCode!, e.message, e.details)
    } else e = coreError('core.internal', { requestId: req.id })
    if (e.status >= 500) req.log.error({ err, requestId: req.id }, 'request failed')
    reply.code(e.status).type('application/json; charset=utf-8').send(e.toJSON())
  })
}
