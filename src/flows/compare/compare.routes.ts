import { PassThrough } from 'node:stream'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { isTrue } from '../../http/flag.js'
import { requestActor, requireAnyPermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { receiveUpload } from '../../http/uploads.js'
import { can, statedPurpose } from '../../modules/access/index.js'
import {
  ComparisonListSchema,
  ComparisonSchema,
  type CompareViewer,
  comparisonDownload,
  createComparison,
  listVisibleComparisons,
  presentComparison,
  visibleComparison,
} from '../../modules/compare/index.js'
import { xlsxLimitsMb } from '../../modules/ingest/index.js'
import { ComparisonRuns, comparisonInterrupted } from './compare.runner.js'

const tags = ['批量比对']
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) })

/**
 * Batch comparison is one feature with the batch check: `compare.run` and `check.run` each grant it (the batch check
 * upload, POST /api/v1/checks/batch/upload, is the small synchronous form; see docs/decisions.md).
 */
const COMPARE_PERMISSIONS = ['compare.run', 'check.run'] as const
/** Auditors and operators (audit.read) see every department's comparisons. */
const viewerOf = (req: FastifyRequest): CompareViewer => ({
  dept: req.principal.dept,
  all: can(req.principal, 'audit.read'),
})

/** Batch comparison (批量比对): upload a list, follow its progress, download the result workbook. */
export async function compareRoutes(
  app: FastifyInstance,
  ctx: Ctx,
  options: { runs?: ComparisonRuns } = {},
): Promise<void> {
  const r = typed(app)
  // comparisons started by this app run in the background; closing the app lets them go between two chunks
  const runs = options.runs ?? new ComparisonRuns(ctx)
  app.addHook('onClose', () => runs.stop())

  r.post(
    '/api/v1/compare',
    {
      schema: {
        tags,
        summary:
          '上传主体名单批量比对（multipart：file 为 CSV 或 XLSX，一列代码、可另有一列名称，最多 100,000 行；purpose 必填；scenario 可选；allMeasures）',
        description:
          '名单读入后立即返回 202 和比对任务（status 为 queued），在后台逐段比对：每行匹配主体（匹配、多个候选、未匹配），' +
          '匹配的主体再比对红黑名单、严重失信记录和所选应用场景的奖惩措施。用 GET /api/v1/compare/:id 查看进度，完成后下载 result.xlsx。',
        consumes: ['multipart/form-data'],
        response: { 202: ComparisonSchema },
      },
      preHandler: requireAnyPermission(...COMPARE_PERMISSIONS),
    },
    async (req, reply) => {
      const upload = await receiveUpload(req, reply, { prefix: 'gongxin-compare-' })
      try {
        const { fields, file } = upload
        const comparison = await createComparison(ctx, requestActor(req), {
          file: file ? { path: file.path, fileName: file.fileName } : null,
          scenario: fields.scenario,
          purpose: statedPurpose(req.headers, fields),
          allMeasures: isTrue(fields.allMeasures),
          xlsxLimits: xlsxLimitsMb(ctx.config),
        })
        void runs.start(comparison.id)
        return reply.code(202).send(comparison)
      } finally {
        await upload.done()
      }
    },
  )

  r.get(
    '/api/v1/compare',
    {
      schema: {
        tags,
        summary: '批量比对任务列表（本部门；审计、运维可看全部），最新的在前',
        querystring: Type.Object({
          page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
          pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
        }),
        response: { 200: ComparisonListSchema },
      },
      preHandler: requireAnyPermission(...COMPARE_PERMISSIONS, 'audit.read'),
    },
    async (req) => {
      const { total, rows } = await listVisibleComparisons(
        ctx,
        viewerOf(req),
        req.query.page ?? 1,
        req.query.pageSize ?? 20,
      )
      const now = ctx.clock.now()
      return { total, items: rows.map((c) => presentComparison(c, comparisonInterrupted(c, now))) }
    },
  )

  r.get(
    '/api/v1/compare/:id',
    {
      schema: {
        tags,
        summary: '比对任务的状态与进度（总行数、已处理行数、各结果的行数）',
        params: IdParams,
        response: { 200: ComparisonSchema },
      },
      preHandler: requireAnyPermission(...COMPARE_PERMISSIONS, 'audit.read'),
    },
    async (req) => {
      const c = await visibleComparison(ctx, viewerOf(req), req.params.id)
      return presentComparison(c, comparisonInterrupted(c, ctx.clock.now()))
    },
  )

  r.get(
    '/api/v1/compare/:id/result.xlsx',
    {
      schema: {
        tags,
        summary:
          '下载比对结果（XLSX：匹配命中、匹配无命中、多个候选、未匹配各一个工作表，另有比对信息；任务完成后可下载，记入被比对主体的查询记录）',
        params: IdParams,
        response: {
          200: {
            description: '结果工作簿（XLSX）',
            content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
          },
        },
      },
      preHandler: requireAnyPermission(...COMPARE_PERMISSIONS, 'audit.read'),
    },
    async (req, reply) => {
      const actor = requestActor(req, statedPurpose(req.headers, undefined))
      const file = await comparisonDownload(ctx, actor, viewerOf(req), req.params.id)
      const body = new PassThrough()
      void file.write(body).catch((e: unknown) => body.destroy(e as Error))
      reply.header('content-type', XLSX)
      reply.header(
        'content-disposition',
        `attachment; filename="${file.fileName}"; filename*=UTF-8''${encodeURIComponent(file.displayName)}`,
      )
      return reply.send(body)
    },
  )
}
