/**
 * Coded errors. Every module declares its closed set of codes with one table
 * (HTTP status + Chinese message); the HTTP error handler and the CLI read the
 * status and message from the error itself, so the mapping lives in one place per code.
 */
import { maskPersonalText, maskPersonalTextDeep } from '../identifiers/index.js'

export type ErrorDetails = Record<string, unknown>

export interface ErrorSpec {
  status: number
  /** Chinese message for users; may use details to say what to fix. */
  message: string | ((details: ErrorDetails) => string)
}

export class AppError extends Error {
  readonly code: string
  readonly status: number
  readonly details: ErrorDetails

  constructor(
    code: string,
    status: number,
    message: string,
    details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    // an error echoes what it was given (a path, a code, a name, a row's text): any resident ID number in its message
    // or details is masked here, once, whoever shows the error (HTTP answer, CLI, log)
    super(maskPersonalText(message), options)
    this.name = 'AppError'
    this.code = code
    this.status = status
    this.details = maskPersonalTextDeep(details)
  }

  toJSON(): { error: { code: string; message: string; details: ErrorDetails } } {
    return { error: { code: this.code, message: this.message, details: this.details } }
  }
}

const registry = new Map<string, ErrorSpec>()

/**
 * Declares a module's error codes and returns a typed factory:
 *   export const accessError = defineErrors({ 'access.denied': { status: 403, message: '无权访问' } })
 *   throw accessError('access.denied')
 */
export function defineErrors<T extends Record<string, ErrorSpec>>(table: T) {
  for (const [code, spec] of Object.entries(table)) {
    if (registry.has(code) && registry.get(code) !== spec) throw new Error(`duplicate error code ${code}`)
    registry.set(code, spec)
  }
  return (code: keyof T & string, details: ErrorDetails = {}, options?: { cause?: unknown }): AppError => {
    const spec = table[code] as ErrorSpec
    const message = typeof spec.message === 'function' ? spec.message(details) : spec.message
    return new AppError(code, spec.status, message, details, options)
  }
}

/** Every declared code with its status, for documentation and tests. */
export function errorCatalog(): Array<{ code: string; status: number }> {
  return [...registry.entries()]
    .map(([code, spec]) => ({ code, status: spec.status }))
    .sort((a, b) => a.code.localeCompare(b.code))
}

const seconds = (d: ErrorDetails): string =>
  typeof d.retryAfter === 'number' && d.retryAfter > 0 ? `请 ${d.retryAfter} 秒后再试` : '请稍后再试'

export const coreError = defineErrors({
  'core.validation': {
    status: 400,
    message: (d) => `请求参数不正确：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : '请检查输入'}`,
  },
  'core.bad_request': {
    status: 400,
    message: '请求格式不正确，服务器无法处理：请检查请求行、请求头和地址中的百分号编码。',
  },
  'core.metrics_forbidden': {
    status: 403,
    message:
      '运行指标只对受信任的地址开放：请从 GONGXIN_METRICS_CLIENTS 所列地址访问，或在 Authorization 请求头中提供 GONGXIN_METRICS_TOKEN（Bearer）。',
  },
  'core.not_found': { status: 404, message: '请求的资源不存在。' },
  'core.method_not_allowed': {
    status: 405,
    message: (d) =>
      `该地址不支持 ${String(d.method ?? '')} 请求${Array.isArray(d.allow) && d.allow.length ? `，可用的请求方法：${(d.allow as string[]).join('、')}` : ''}。`,
  },
  'core.request_timeout': { status: 408, message: '请求未在规定时间内发送完毕，连接已关闭，请重试。' },
  'core.body_too_large': {
    status: 413,
    message: (d) =>
      `请求体过大${typeof d.limitBytes === 'number' ? `（最多 ${formatBytes(d.limitBytes)}）` : ''}：请减少一次提交的内容，大批数据请分批提交或使用文件上传。`,
  },
  'core.uri_too_long': {
    status: 414,
    message: (d) =>
      `请求地址过长${typeof d.maxLength === 'number' ? `（最多 ${d.maxLength} 个字符）` : ''}：请缩短查询条件或路径参数。`,
  },
  'core.unsupported_media_type': {
    status: 415,
    message: (d) =>
      `不支持的请求体格式${d.contentType ? `「${String(d.contentType)}」` : '（缺少 Content-Type）'}：请以 application/json 提交，文件上传请用 multipart/form-data。`,
  },
  'core.rate_limited': { status: 429, message: (d) => `请求过于频繁，${seconds(d)}。` },
  'core.headers_too_large': {
    status: 431,
    message: '请求头过大：请清除浏览器中本站的 Cookie 后重试，或减少自定义请求头。',
  },
  'core.internal': { status: 500, message: '服务器内部错误，请稍后重试；如持续出现请联系运维人员并提供请求编号。' },
  'core.unavailable': { status: 503, message: '服务暂时不可用（正在停止或重启），请稍后重试。' },
  'config.invalid': {
    status: 500,
    message: (d) => `配置有误，无法启动：\n${((d.problems as string[]) ?? []).map((p) => `  - ${p}`).join('\n')}`,
  },
})

/** 1536 -> "1.5 KB", 20971520 -> "20 MB". */
export function formatBytes(n: number): string {
  const units = ['字节', 'KB', 'MB', 'GB']
  let v = n
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return i === 0 ? `${v} 字节` : `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError
}
