import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor, requirePermission } from '../../http/guards.js'
import { Nullable, typed } from '../../http/typed.js'
import { receiveUpload } from '../../http/uploads.js'
import {
  BackgroundImports,
  batchErrorReport,
  batchTemplate,
  type Download,
  revokeBatch,
  submitRows,
  submitUpload,
  visibleBatch,
  visibleBatches,
} from './batches.js'

const tags = ['数据归集']

/** A type that may also be null, written as the JSON schema type list the summary has always shown. */
const OrNull = <T extends 'string'>(type: T) => Type.Unsafe<string | null>({ type: [type, 'null'] })

/** The batch summary (no field required: a dry run has no batch, only a dry run has issues). */
const Summary = Type.Object({
  batchId: Type.Optional(OrNull('string')),
  total: Type.Optional(Type.Integer()),
  accepted: Type.Optional(Type.Integer()),
  rejected: Type.Optional(Type.Integer()),
  duplicates: Type.Optional(Type.Integer()),
  corrected: Type.Optional(Type.Integer()),
  revoked: Type.Optional(Type.Integer()),
  warnings: Type.Optional(Type.Integer()),
  late: Type.Optional(Type.Integer()),
  status: Type.Optional(Type.String()),
  issues: Type.Optional(
    Type.Array(
      Type.Object({
        rowNo: Type.Optional(Type.Integer()),
        level: Type.Optional(Type.String()),
        field: Type.Optional(OrNull('string')),
        code: Type.Optional(Type.String()),
        message: Type.Optional(Type.String()),
        value: Type.Optional(OrNull('string')),
      }),
      { description: '试运行时返回前 200 条问题（正式提交请下载错误报告）' },
    ),
  ),
})

/** A batch as presentBatch shows it (src/modules/records/records.presenter.ts). */
const Batch = Type.Object({
  batchId: Type.String(),
  class: Type.String(),
  classVersion: Type.Integer(),
  dept: Nullable(Type.String()),
  channel: Type.String(),
  fileName: Nullable(Type.String()),
  status: Type.String(),
  interrupted: Type.Boolean(),
  dryRun: Type.Boolean(),
  total: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  duplicates: Type.Integer(),
  corrected: Type.Integer(),
  revoked: Type.Integer(),
  warnings: Type.Integer(),
  late: Type.Integer(),
  unresolved: Type.Integer(),
  rowsDone: Type.Integer(),
  error: Nullable(Type.String()),
  createdAt: Type.String(),
  finishedAt: Nullable(Type.String()),
})

const IdParams = Type.Object({ id: Type.String() })
const Format = (fallback: 'csv' | 'xlsx') =>
  Type.Object({
    format: Type.Optional(Type.Unsafe<'csv' | 'xlsx'>({ type: 'string', enum: ['csv', 'xlsx'], default: fallback })),
  })
/** A download (CSV text, an XLSX buffer or a stream): fastify sends it as it is, under its own content type. */
const FileAnswer = Type.Unsafe<Download['body']>({ type: 'string', description: 'CSV 或 XLSX 文件（附件）' })

function sendFile(reply: { header(name: string, value: string): unknown }, d: Download) {
  reply.header('content-disposition', d.disposition)
  reply.header('content-type', d.contentType)
  return d.body
}

export async function ingestRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const r = typed(app)
  r.post(
    '/api/v1/batches',
    {
      schema: {
        tags,
        summary: '报送一批信用信息（最多 10,000 行，按字段代码、中文名称或别名）',
        body: Type.Object({
          class: Type.String({ minLength: 1, maxLength: 64 }),
          dept: Type.Optional(Type.String({ maxLength: 32 })),
          dryRun: Type.Optional(Type.Boolean()),
          rows: Type.Array(Type.Unsafe<Record<string, unknown>>({ type: 'object' })),
        }),
        response: { 200: Summary },
      },
      preHandler: requirePermission('batch.submit'),
    },
    async (req) => submitRows(ctx, req.principal, requestActor(req), req.body),
  )

  // imports of uploads left running after answering (field async): the app closes only once they end
  const background = new BackgroundImports()
  app.addHook('onClose', () => background.settle())

  r.post(
    '/api/v1/batches/upload',
    {
      schema: {
        tags,
        summary: '上传数据文件（multipart：class, dept, dryRun, encoding, async, file）',
        description:
          '默认处理完毕后返回批次摘要。async=true 时，批次建立后立即返回 202 和批次（status 为 running），' +
          '文件在后台继续处理，用 GET /api/v1/batches/:id 查看进度（total 为已处理的行数）与结果；试运行总是处理完毕后返回。',
        consumes: ['multipart/form-data'],
        response: { 200: Summary, 202: Batch },
      },
      preHandler: requirePermission('batch.submit'),
    },
    async (req, reply) => {
      const spool = () => receiveUpload(req, reply, { prefix: 'gongxin-upload-' })
      const answer = await submitUpload(ctx, req.principal, requestActor(req), spool, background, req.log)
      return answer.status === 202 ? reply.code(202).send(answer.batch) : answer.summary
    },
  )

  r.get(
    '/api/v1/batches',
    {
      schema: {
        tags,
        summary: '报送批次列表（本部门；运维与审计可看全部）',
        querystring: Type.Object({
          page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
          pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
        }),
        response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(Batch) }) },
      },
      preHandler: requirePermission('batch.read'),
    },
    async (req) => visibleBatches(ctx, req.principal, req.query.page ?? 1, req.query.pageSize ?? 20),
  )

  r.get(
    '/api/v1/batches/:id',
    {
      schema: { tags, summary: '批次状态与计数', params: IdParams, response: { 200: Batch } },
      preHandler: requirePermission('batch.read'),
    },
    async (req) => visibleBatch(ctx, req.principal, req.params.id),
  )

  r.get(
    '/api/v1/batches/:id/errors',
    {
      schema: {
        tags,
        summary: '下载批次错误报告（CSV 或 XLSX：行号、字段、错误代码、说明、原始值）',
        params: IdParams,
        querystring: Format('csv'),
        response: { 200: FileAnswer },
      },
      preHandler: requirePermission('batch.read'),
    },
    async (req, reply) =>
      reply.send(sendFile(reply, await batchErrorReport(ctx, req.principal, req.params.id, req.query.format ?? 'csv'))),
  )

  r.post(
    '/api/v1/batches/:id/revoke',
    {
      schema: {
        tags,
        summary: '撤销整个批次',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500 }) }),
        response: {
          200: Type.Object({ batchId: Type.String(), revoked: Type.Integer(), withdrawn: Type.Integer() }),
        },
      },
      preHandler: requirePermission('record.correct'),
    },
    async (req) => revokeBatch(ctx, req.principal, requestActor(req), req.params.id, req.body.reason),
  )

  r.get(
    '/api/v1/batches/templates/:class',
    {
      schema: {
        tags,
        summary: '下载报送模板（中文表头）',
        params: Type.Object({ class: Type.String() }),
        querystring: Format('xlsx'),
        response: { 200: FileAnswer },
      },
      preHandler: requirePermission('batch.submit'),
    },
    async (req, reply) =>
      reply.send(sendFile(reply, await batchTemplate(ctx, req.params.class, req.query.format ?? 'xlsx'))),
  )
}
