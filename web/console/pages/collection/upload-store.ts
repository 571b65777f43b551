// The upload in progress lives outside the page: leaving 上传数据 does not cancel it, and coming back
// shows its progress or its result. XMLHttpRequest (not fetch) because it reports upload progress.
import { useSyncExternalStore } from 'react'
import { ApiError, api, getCsrfToken } from '../../../shared/api.js'
import type { Batch, UploadSummary } from './types.js'

export interface UploadJob {
  /** uploading: bytes on the way; checking: the server validates and stores row by row. */
  phase: 'uploading' | 'checking' | 'done' | 'failed'
  fileName: string
  classCode: string
  className: string
  dryRun: boolean
  /** 0..100 while uploading. */
  percent: number
  /** While checking a stored upload: its batch and the rows processed so far. */
  batchId?: string
  processed?: number
  startedAt: number
  result?: UploadSummary
  error?: string
}

let job: UploadJob | null = null
const listeners = new Set<() => void>()

function set(next: UploadJob | null): void {
  job = next
  for (const l of listeners) l()
}

function patch(update: Partial<UploadJob>): void {
  if (job) set({ ...job, ...update })
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

export function useUploadJob(): UploadJob | null {
  return useSyncExternalStore(
    subscribe,
    () => job,
    () => job,
  )
}

export function clearUploadJob(): void {
  if (job && (job.phase === 'uploading' || job.phase === 'checking')) return
  set(null)
}

function errorFrom(xhr: XMLHttpRequest): ApiError {
  let body: unknown
  try {
    body = JSON.parse(xhr.responseText)
  } catch {
    body = undefined
  }
  const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error
  if (error?.message) return new ApiError(xhr.status, error.code ?? `http.${xhr.status}`, error.message, error.details)
  const fallback: Record<number, string> = {
    401: '登录已失效，请重新登录。',
    403: '没有报送该类信息的权限。',
    413: '文件过大，请拆分后分批上传。',
  }
  return new ApiError(
    xhr.status,
    `http.${xhr.status}`,
    fallback[xhr.status] ?? (xhr.status >= 500 ? '服务暂时不可用，请稍后再试。' : `上传失败（${xhr.status}）。`),
  )
}

/** POST multipart with progress; resolves with the JSON body of a 2xx answer. */
function postMultipart<T>(url: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    xhr.setRequestHeader('Accept', 'application/json')
    const token = getCsrfToken()
    if (token) xhr.setRequestHeader('X-CSRF-Token', token)
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total)
    }
    xhr.upload.onload = () => onProgress(1)
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as T)
        } catch {
          reject(new ApiError(xhr.status, 'http.bad_json', '服务器返回的内容无法识别，请到「批次记录」查看结果。'))
        }
        return
      }
      reject(errorFrom(xhr))
    }
    xhr.onerror = () => reject(new ApiError(0, 'network.unavailable', '上传中断：无法连接服务器。请检查网络后重试。'))
    xhr.send(form)
  })
}

/** Starts an upload unless one is running. */
export function startUpload(input: {
  file: File
  classCode: string
  className: string
  dryRun: boolean
  /** The encoding the user declares for a text file; omitted = detected from the bytes. */
  encoding?: 'utf-8' | 'gbk' | undefined
}): void {
  if (job && (job.phase === 'uploading' || job.phase === 'checking')) return
  set({
    phase: 'uploading',
    fileName: input.file.name,
    classCode: input.classCode,
    className: input.className,
    dryRun: input.dryRun,
    percent: 0,
    startedAt: Date.now(),
  })
  const form = new FormData()
  // Fields before the file: the server reads the parts in order. A stored upload is answered as soon as its batch
  // exists (async) and followed here; a dry run stores nothing and is answered when done.
  form.append('class', input.classCode)
  form.append('dryRun', input.dryRun ? 'true' : 'false')
  if (!input.dryRun) form.append('async', 'true')
  if (input.encoding) form.append('encoding', input.encoding)
  form.append('file', input.file, input.file.name)
  postMultipart<UploadSummary | Batch>('/api/v1/batches/upload', form, (fraction) => {
    if (fraction >= 1) patch({ phase: 'checking', percent: 100 })
    else patch({ percent: Math.floor(fraction * 100) })
  })
    .then((answer) => ('rowsDone' in answer ? follow(answer) : patch({ phase: 'done', percent: 100, result: answer })))
    .catch(fail)
}

const POLL_MS = 1000

/** Follows a batch the server goes on processing until it is no longer running. */
async function follow(batch: Batch): Promise<void> {
  let current = batch
  while (current.status === 'running' && !current.interrupted) {
    patch({ phase: 'checking', percent: 100, batchId: current.batchId, processed: current.total })
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    current = await api<Batch>(`/api/v1/batches/${encodeURIComponent(current.batchId)}`)
  }
  if (current.status === 'failed' || current.interrupted)
    patch({
      phase: 'failed',
      batchId: current.batchId,
      processed: current.total,
      error: `处理中断（已处理 ${current.total} 行，已入库的行不会重复）：${current.error ?? '处理它的服务进程已结束'}。重新上传同一文件会从中断处继续。`,
    })
  else patch({ phase: 'done', percent: 100, batchId: current.batchId, processed: current.total, result: current })
}

function fail(cause: unknown): void {
  const message = cause instanceof Error ? cause.message : '上传失败，请稍后再试。'
  patch({ phase: 'failed', error: message })
  // Let the console notice an expired session (api() tells the auth provider about a 401).
  if (cause instanceof ApiError && cause.status === 401) void api('/api/v1/auth/me').catch(() => undefined)
}
