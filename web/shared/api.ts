// The one fetch wrapper both web areas use.
// - same-origin cookies (the session cookie is HttpOnly; JS never sees it)
// - every state-changing request carries `X-CSRF-Token` (token kept in memory only)
// - errors normalised to ApiError from the server shape {"error":{"code","message","details"}}

export interface ApiErrorBody {
  code: string
  message: string
  details?: unknown
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: unknown

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }
}

export type QueryValue = string | number | boolean | null | undefined
export type Query = Readonly<Record<string, QueryValue>>

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  query?: Query
  /** JSON-serialised unless it is FormData (sent as multipart). */
  body?: unknown
  signal?: AbortSignal
  /** When false, a 401 does not notify the unauthorized listeners (used by login and /me). */
  notifyUnauthorized?: boolean
  /** A stated purpose for a personal or authorised read, sent as X-Purpose (URL-encoded UTF-8). */
  purpose?: string
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

let csrfToken: string | null = null
const unauthorizedListeners = new Set<() => void>()

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

export function getCsrfToken(): string | null {
  return csrfToken
}

/** Called whenever an API call answers 401 (session expired or logged out elsewhere). */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener)
  return () => {
    unauthorizedListeners.delete(listener)
  }
}

/** `path` plus the non-empty query parameters, for requests and for plain links (exports). */
export function apiUrl(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    params.set(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path
}

const fallbackMessages: Readonly<Record<number, string>> = {
  400: '请求内容有误，请检查后重试。',
  401: '登录已失效，请重新登录。',
  403: '没有执行此操作的权限。',
  404: '未找到请求的内容。',
  409: '数据已被他人修改，请刷新后重试。',
  413: '上传内容过大。',
  423: '账号已锁定，请稍后再试或联系管理员。',
  429: '请求过于频繁，请稍后再试。',
}

function fallbackMessage(status: number): string {
  return fallbackMessages[status] ?? (status >= 500 ? '服务暂时不可用，请稍后再试。' : `请求失败（${status}）。`)
}

function isErrorBody(value: unknown): value is { error: ApiErrorBody } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false
  const error = (value as { error: unknown }).error
  return typeof error === 'object' && error !== null && typeof (error as ApiErrorBody).message === 'string'
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET'
  const headers: Record<string, string> = { Accept: 'application/json' }
  let body: BodyInit | undefined
  if (options.body instanceof FormData) {
    body = options.body
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken
  if (options.purpose?.trim()) headers['X-Purpose'] = encodeURIComponent(options.purpose.trim())

  let response: Response
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    })
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    throw new ApiError(0, 'network.unavailable', '无法连接服务器，请检查网络后重试。')
  }

  const type = response.headers.get('content-type') ?? ''
  let payload: unknown
  if (response.status !== 204 && type.includes('json')) {
    try {
      payload = await response.json()
    } catch {
      payload = undefined
    }
  }

  if (!response.ok) {
    if (response.status === 401 && options.notifyUnauthorized !== false) {
      for (const listener of unauthorizedListeners) listener()
    }
    if (isErrorBody(payload)) {
      const { code, message, details } = payload.error
      throw new ApiError(response.status, code ?? `http.${response.status}`, message, details)
    }
    throw new ApiError(response.status, `http.${response.status}`, fallbackMessage(response.status))
  }
  return payload as T
}

/** A user-facing message for anything thrown by `api` (or elsewhere). */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  if (error instanceof Error && error.message) return error.message
  return '操作失败，请稍后再试。'
}
