/**
 * Coded errors. Every module declares its closed set of codes with one table
 * (HTTP status + Chinese message); the HTTP error handler and the CLI read the
 * status and message from the error itself, so the mapping lives in one place per code.
 */
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
    super(message, options)
    this.name = 'AppError'
    this.code = code
    this.status = status
    this.details = details
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

export const coreError = defineErrors({
  'core.validation': {
    status: 400,
    message: (d) => `请求参数不正确：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : '请检查输入'}`,
  },
  'core.not_found': { status: 404, message: '请求的资源不存在。' },
  'core.internal': { status: 500, message: '服务器内部错误，请稍后重试；如持续出现请联系运维人员并提供请求编号。' },
  'core.rate_limited': { status: 429, message: '请求过于频繁，请稍后再试。' },
  'core.body_too_large': { status: 413, message: '请求体过大。' },
  'config.invalid': {
    status: 500,
    message: (d) => `配置有误，无法启动：\n${((d.problems as string[]) ?? []).map((p) => `  - ${p}`).join('\n')}`,
  },
})

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError
}
