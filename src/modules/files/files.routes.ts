import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor } from '../../http/guards.js'
import { anonymousOnly } from '../../http/plugins/rate-limit.js'
import { typed } from '../../http/typed.js'
import { receiveUpload, UploadBudget } from '../../http/uploads.js'
import { contentDisposition } from './files.content.js'
import { filesError } from './files.errors.js'
import { FileSchema, UploadedFileSchema } from './files.presenter.js'
import { type CaseAccessMap, fileContent, fileMeta, storeUploadedFile } from './files.service.js'

const tags = ['证据文件']
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) })
const Content = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'PDF、JPEG 或 PNG 文件（附件）' })

export interface FileRoutesOptions {
  /** Who handles a case of each kind (may read its evidence), from the case modules; see docs/files.md. */
  caseAccess?: CaseAccessMap
}

/** Anonymous uploads a minute per client address: a twelfth of the public rate limit, at least 1. */
export const anonymousUploadLimit = (ctx: Ctx): number => Math.max(1, Math.floor(ctx.config.publicRateLimit / 12))

export async function fileRoutes(app: FastifyInstance, ctx: Ctx, options: FileRoutesOptions = {}): Promise<void> {
  const r = typed(app)
  const access: CaseAccessMap = { ...(options.caseAccess ?? {}) }
  // evidence files have slots of their own: anonymous uploads never hold up the departments' data uploads
  const budget = new UploadBudget(ctx.config.fileUploadSlots, Math.ceil(ctx.config.fileMaxBytes / (1024 * 1024)))
  const tooLarge = () => filesError('files.too_large', { limitBytes: ctx.config.fileMaxBytes })

  r.post(
    '/api/v1/files',
    {
      schema: {
        tags,
        summary: '上传证据文件（multipart：file；PDF、JPEG、PNG，按内容识别；匿名上传另返回 uploadToken）',
        description:
          '登录用户、API 密钥与匿名举报人均可上传；匿名上传按客户端地址限流，返回的 uploadToken 用于在举报中附上文件（24 小时内有效），' +
          '同一次举报的其他文件上传时在表单字段 uploadToken 中带上它。超过大小上限 413 files.too_large，类型不符 415 files.bad_type。',
        consumes: ['multipart/form-data'],
        response: { 201: UploadedFileSchema },
      },
      config: { rateLimit: anonymousOnly(ctx, anonymousUploadLimit(ctx)) },
    },
    async (req, reply) => {
      const upload = await receiveUpload(req, reply, {
        prefix: 'gongxin-file-',
        budget,
        maxFileBytes: ctx.config.fileMaxBytes,
        tooLarge,
      })
      try {
        const stored = await storeUploadedFile(ctx, requestActor(req), upload.file, upload.fields.uploadToken)
        return reply.code(201).send(stored)
      } finally {
        await upload.done()
      }
    },
  )

  r.get(
    '/api/v1/files/:id',
    {
      schema: {
        tags,
        summary: '下载证据文件（上传人，或办理其所附案件的人员；其他情况 404）',
        params: IdParams,
        response: { 200: Content },
      },
    },
    async (req, reply) => {
      const { file, content } = await fileContent(ctx, req.principal, requestActor(req), req.params.id, access)
      reply.header('content-type', file.mime)
      reply.header('content-disposition', contentDisposition(file.name))
      reply.header('x-content-type-options', 'nosniff')
      reply.header('cache-control', 'private, no-store')
      return reply.send(content)
    },
  )

  r.get(
    '/api/v1/files/:id/meta',
    {
      schema: {
        tags,
        summary: '证据文件的名称、大小、类型与 SHA-256（可读范围同下载）',
        params: IdParams,
        response: { 200: FileSchema },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'private, no-store')
      return fileMeta(ctx, req.principal, requestActor(req), req.params.id, access)
    },
  )
}
