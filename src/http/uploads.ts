// Multipart uploads, received in one place for every multipart route: within the server's upload budget (a fixed
// number of slots, so that concurrent uploads cannot take the process past its memory), into a temporary folder,
// with every way a form can be wrong answered by a coded 400 (413 for a file over the size limit), never a 500.
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import fastifyMultipart, { type MultipartFile, type MultipartValue } from '@fastify/multipart'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../core/config.js'
import { AppError, defineErrors } from '../core/errors.js'

/** Seconds a client is told to wait (Retry-After) when every upload slot is taken. */
export const UPLOAD_RETRY_AFTER_SECONDS = 30
/** Text fields of a form: at most this many, each at most this many bytes (codes, flags and a purpose). */
export const MAX_FORM_FIELDS = 20
export const MAX_FIELD_BYTES = 16 * 1024

export const uploadError = defineErrors({
  'upload.busy': {
    status: 503,
    message: (d) =>
      `服务器正在处理其他上传的文件（同时最多 ${String(d.slots)} 个）：请 ${String(d.retryAfter)} 秒后重新上传。`,
  },
  'upload.not_multipart': {
    status: 400,
    message: '请求应为 multipart/form-data 表单：数据文件放在字段 file 中，其余为文本字段。',
  },
  'upload.malformed': {
    status: 400,
    message: (d) =>
      `上传的表单（multipart/form-data）格式不正确：${String(d.reason ?? '无法解析')}。请重新上传；通过接口提交时，请检查 Content-Type 中的 boundary 与请求体是否一致、完整。`,
  },
  'upload.field_type': {
    status: 400,
    message: (d) =>
      d.expected === 'file'
        ? `表单字段「${String(d.field)}」应为文件：请选择要上传的数据文件。`
        : `表单字段「${String(d.field)}」应为文本，不能是文件：数据文件请放在字段 file 中。`,
  },
  'upload.too_many_parts': {
    status: 400,
    message: (d) =>
      `表单的字段或文件过多（最多 ${String(d.maxFields)} 个文本字段和 1 个文件）：请只提交接口说明中的字段，每次上传一个文件。`,
  },
  'upload.field_too_long': {
    status: 400,
    message: (d) => `表单字段「${String(d.field)}」过长（最多 ${String(d.maxBytes)} 个字节）：请检查该字段的内容。`,
  },
  'upload.file_too_large': {
    status: 413,
    message: (d) =>
      `上传的文件超过 ${String(d.limitMb)} MB 的上限：请按行把数据拆分为多个较小的文件（每个文件保留表头行）分别上传。`,
  },
})

/**
 * The upload budget of one server: `slots` uploads at once (a slot is taken when a form starts to arrive and given
 * back when its file has been read), each file at most `maxFileMb`.
 */
export class UploadBudget {
  private inUse = 0
  constructor(
    readonly slots: number,
    readonly maxFileMb: number,
  ) {}

  /** A release function, or null when every slot is taken. */
  tryTake(): (() => void) | null {
    if (this.inUse >= this.slots) return null
    this.inUse++
    let released = false
    return () => {
      if (released) return
      released = true
      this.inUse--
    }
  }

  get taken(): number {
    return this.inUse
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    uploads: UploadBudget
  }
}

/** The multipart parser and the upload budget, from the configuration. Register before the routes. */
export async function installUploads(app: FastifyInstance, config: Readonly<Config>): Promise<void> {
  await app.register(fastifyMultipart, {
    limits: {
      fileSize: config.uploadMaxMb * 1024 * 1024,
      files: 1,
      fields: MAX_FORM_FIELDS,
      parts: MAX_FORM_FIELDS + 1,
      fieldSize: MAX_FIELD_BYTES,
    },
  })
  app.decorate('uploads', new UploadBudget(config.uploadSlots, config.uploadMaxMb))
}

export interface ReceivedUpload {
  /** Text fields by name (the last one wins when a name repeats). */
  fields: Record<string, string>
  /** The file (the form's field `file`), written into the upload's folder; null when the form had none. */
  file: { path: string; fileName: string } | null
  /** Removes the folder and gives the slot back; call it once the file has been read (idempotent). */
  done(): Promise<void>
}

/** A busboy or multipart-plugin failure as the coded error it means; anything else (a full disk) is left as is. */
function formError(e: unknown, req: FastifyRequest, tooLarge?: () => AppError): unknown {
  if (e instanceof AppError) return e
  const code = (e as { code?: string }).code ?? ''
  const message = e instanceof Error ? e.message : String(e)
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return uploadError('upload.not_multipart')
  if (code === 'FST_REQ_FILE_TOO_LARGE')
    return tooLarge ? tooLarge() : uploadError('upload.file_too_large', { limitMb: req.server.uploads.maxFileMb })
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT')
    return uploadError('upload.too_many_parts', { maxFields: MAX_FORM_FIELDS })
  const reason = /boundary/i.test(message)
    ? '缺少或无法识别分隔符（boundary）'
    : /terminated early|unexpected end/i.test(message)
      ? '请求体不完整（上传中断或被截断）'
      : code === 'FST_PROTO_VIOLATION'
        ? '字段名不合法'
        : /header/i.test(message)
          ? '某个部分的头部格式不正确'
          : null
  if (reason !== null || code.startsWith('FST_'))
    return uploadError('upload.malformed', { reason: reason ?? '无法解析', cause: message }, { cause: e })
  return e
}

/**
 * Receives a multipart form: takes an upload slot first (none free: upload.busy, 503 with Retry-After), writes the
 * file part `file` into a new temporary folder as `upload<ext>` (the extension of its name, which the readers use),
 * collects the text fields. Every malformed form is a coded 400 (file over the limit: 413). The caller must call
 * `done()` once it has read the file, also when it hands the work to the background.
 * A route with files of its own kind passes its own slots (`budget`), a smaller size limit (`maxFileBytes`) and the
 * error a file over it is (`tooLarge`, instead of upload.file_too_large).
 */
export async function receiveUpload(
  req: FastifyRequest,
  reply: FastifyReply,
  o: { prefix: string; fileField?: string; budget?: UploadBudget; maxFileBytes?: number; tooLarge?: () => AppError },
): Promise<ReceivedUpload> {
  const fileField = o.fileField ?? 'file'
  const budget = o.budget ?? req.server.uploads
  const release = budget.tryTake()
  if (!release) {
    reply.header('retry-after', String(UPLOAD_RETRY_AFTER_SECONDS))
    throw uploadError('upload.busy', { slots: budget.slots, retryAfter: UPLOAD_RETRY_AFTER_SECONDS })
  }
  let dir: string | null = null
  const done = async () => {
    release()
    if (dir) await rm(dir, { recursive: true, force: true })
  }
  try {
    dir = await mkdtemp(join(tmpdir(), o.prefix))
    const fields: Record<string, string> = {}
    let file: ReceivedUpload['file'] = null
    const parts = o.maxFileBytes === undefined ? req.parts() : req.parts({ limits: { fileSize: o.maxFileBytes } })
    for await (const part of parts as AsyncIterable<MultipartFile | MultipartValue>) {
      if (part.type === 'file') {
        if (part.fieldname !== fileField) {
          part.file.resume()
          throw uploadError('upload.field_type', { field: part.fieldname, expected: 'text' })
        }
        const fileName = part.filename || 'upload'
        const path = join(dir, `upload${extname(fileName).toLowerCase()}`)
        await pipeline(part.file, createWriteStream(path))
        if (part.file.truncated) throw Object.assign(new Error('file too large'), { code: 'FST_REQ_FILE_TOO_LARGE' })
        file = { path, fileName }
      } else {
        if (part.fieldname === fileField) throw uploadError('upload.field_type', { field: fileField, expected: 'file' })
        if (part.valueTruncated)
          throw uploadError('upload.field_too_long', { field: part.fieldname, maxBytes: MAX_FIELD_BYTES })
        fields[part.fieldname] = String(part.value)
      }
    }
    return { fields, file, done }
  } catch (e) {
    await done()
    throw formError(e, req, o.tooLarge)
  }
}
