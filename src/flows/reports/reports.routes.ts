import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { anonymousOnly } from '../../http/plugins/rate-limit.js'
import { Nullable, typed } from '../../http/typed.js'
import { requirePermission } from '../../http/guards.js'
import { receiveUpload } from '../../http/uploads.js'
import { xlsxLimitsMb } from '../../modules/ingest/parse/index.js'
import { statedPurpose } from '../../modules/access/index.js'
import { IssuedSchema, REPORT_KINDS } from '../../modules/reports/index.js'
import { MAX_REPORT_BATCH, ReportBatches } from './batch.js'
import { issueReport } from './issue.js'

const tags = ['信用报告']
const Str = (maxLength: number, description?: string) => Type.Optional(Type.String({ maxLength, description }))

const IssueBody = Type.Object(
  {
    subject: Type.Object(
      {
        uscc: Str(40, '统一社会信用代码'),
        entityId: Str(64, '主体编号'),
        name: Str(200, '组织名称（只找组织）'),
        code: Str(40, '其他代码：组织机构代码、工商注册号'),
        idNumber: Str(40, '身份证号码（自然人；须说明用途，只有部门和信用服务机构可以使用）'),
      },
      { additionalProperties: false },
    ),
    kind: Type.Unsafe<string>({ type: 'string', enum: [...REPORT_KINDS], description: '报告种类' }),
    scenario: Str(64, '场景报告的应用场景（可不填，由种类决定）'),
    purpose: Str(400, '用途：部门和信用服务机构出具非公开报告时必填'),
    authorization: Str(64, '信用服务机构使用的授权编号（可不填：自动使用主体给本机构的有效授权）'),
    from: Type.Optional(
      Type.String({
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
        description: '专项信用报告：查询期间的开始日期（最多追溯 5 年）',
      }),
    ),
    fields: Type.Optional(
      Type.Array(Type.String({ maxLength: 32 }), { maxItems: 40, description: '专项信用报告：查询的领域代码' }),
    ),
  },
  { additionalProperties: false },
)

const BatchSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  kindLabel: Type.String(),
  purpose: Nullable(Type.String()),
  fileName: Type.String(),
  createdAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  state: Type.String({ description: 'running 处理中 / finished 已完成' }),
  total: Type.Integer(),
  done: Type.Integer(),
  issued: Type.Integer(),
  failed: Type.Integer(),
  items: Type.Array(
    Type.Object({
      index: Type.Integer(),
      row: Nullable(Type.Integer()),
      code: Nullable(Type.String()),
      name: Nullable(Type.String()),
      state: Type.String({ description: 'pending 待出具 / issued 已出具 / failed 未出具' }),
      number: Nullable(Type.String()),
      verifyCode: Nullable(Type.String()),
      error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
    }),
  ),
})
const BatchParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })

/** POST /api/v1/reports: issue a credit report (who may get which: src/flows/reports/issue.ts, docs/reports.md). */
export async function reportFlowRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  typed(app).post(
    '/api/v1/reports',
    {
      schema: {
        tags,
        summary:
          '出具信用报告：公共信用信息概况任何人可以出具（组织）；完整、专项、个人和场景报告只出具给主体本身、说明用途的部门或持有主体授权的机构',
        body: IssueBody,
        response: { 201: IssuedSchema },
      },
      // anonymous issues count in the public budget (an overview per request renders a PDF): a quarter of it
      config: { rateLimit: anonymousOnly(ctx, ctx.config.publicEntityFileLimit) },
    },
    async (req, reply) => {
      const purpose = statedPurpose(req.headers, req.body)
      const { issued } = await issueReport(ctx, req.principal, { ...req.body, purpose }, { requestId: req.id })
      return reply.code(201).send(issued)
    },
  )

  // 批量出具: a list of up to 500 subjects, issued in the background; progress polled; the PDFs as one zip
  const batches = new ReportBatches(ctx)
  app.addHook('onClose', () => batches.settle())
  const api = typed(app)
  api.post(
    '/api/v1/reports/batch',
    {
      schema: {
        tags,
        summary: `批量出具信用报告（multipart：file 为 CSV 或 XLSX，一列统一社会信用代码、可另有一列主体名称，最多 ${MAX_REPORT_BATCH} 行；kind；purpose）：后台逐个出具，→ 202 任务及进度`,
        consumes: ['multipart/form-data'],
        response: { 202: BatchSchema },
      },
      preHandler: requirePermission('report.issue'),
    },
    async (req, reply) => {
      const upload = await receiveUpload(req, reply, { prefix: 'gongxin-report-batch-' })
      try {
        const { fields, file } = upload
        const batch = await batches.start(
          req.principal,
          {
            file: file ? { path: file.path, fileName: file.fileName } : null,
            kind: fields.kind,
            purpose: statedPurpose(req.headers, fields),
            xlsxLimits: xlsxLimitsMb(ctx.config),
          },
          req.id,
        )
        return reply.code(202).send(batch)
      } finally {
        await upload.done()
      }
    },
  )

  api.get(
    '/api/v1/reports/batch/:id',
    {
      schema: {
        tags,
        summary: '批量出具任务的进度和逐行结果（只对提交者）',
        params: BatchParams,
        response: { 200: BatchSchema },
      },
      preHandler: requirePermission('report.issue'),
    },
    async (req) => batches.get(req.principal, req.params.id),
  )

  api.get(
    '/api/v1/reports/batch/:id/zip',
    {
      schema: {
        tags,
        summary: '下载批量出具的报告（zip：各报告 PDF 和逐行结果 result.csv）',
        params: BatchParams,
        response: {
          200: {
            description: 'zip：各报告 PDF 和 result.csv',
            content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
          },
        },
      },
      preHandler: requirePermission('report.issue'),
    },
    async (req, reply) => {
      const { fileName, zip } = await batches.zip(req.principal, req.params.id)
      reply.header('content-type', 'application/zip')
      reply.header('content-disposition', `attachment; filename="${fileName}"`)
      reply.header('cache-control', 'private, no-store')
      return reply.send(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength))
    },
  )
}
