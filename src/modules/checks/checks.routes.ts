import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { isTrue } from '../../http/flag.js'
import { requireAnyPermission, requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { receiveUpload } from '../../http/uploads.js'
import { can, principalActor, statedPurpose } from '../access/index.js'
import { xlsxLimitsMb } from '../ingest/parse/index.js'
import { batchResultFile, checkUploadedList, getBatchResult } from './checks.batches.js'
import {
  batchItemSchema,
  batchResultSchema,
  breakdownSchema,
  checkResultSchema,
  feedbackSchema,
  pendingSchema,
  receiptSchema,
  scenariosSchema,
  statsSchema,
} from './checks.presenter.js'
import {
  checkBreakdownView,
  checkScenarios,
  checkStatsView,
  getCheck,
  pendingFeedbackView,
  runCheck,
  runCheckBatch,
  submitFeedback,
} from './checks.service.js'

const tags = ['联合奖惩核查']

/** The audit actor of a read of stored results, with the purpose it stated (such reads are audited). */
const readerOf = (req: FastifyRequest) => principalActor(req.principal, req.id, statedPurpose(req.headers, undefined))
const text = (max: number) => Type.String({ minLength: 1, maxLength: max })
const SubjectBody = Type.Object(
  {
    uscc: Type.Optional(text(18 + 8)),
    entityId: Type.Optional(text(64)),
    name: Type.Optional(text(200)),
    code: Type.Optional(text(40)),
    idNumber: Type.Optional(text(30)),
  },
  { additionalProperties: false, minProperties: 1 },
)
const Scenario = Type.String({ pattern: '^[a-z][a-z0-9_]{1,63}$' })
const Purpose = Type.String({ maxLength: 200 })
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) })
const DATE = '^\\d{4}-\\d{2}-\\d{2}$'
const BatchIdParams = Type.Object({ batchId: Type.String({ maxLength: 64 }) })
const StatsQuery = Type.Object({
  from: Type.Optional(Type.String({ pattern: DATE })),
  to: Type.Optional(Type.String({ pattern: DATE })),
  dept: Type.Optional(Type.String({ maxLength: 64 })),
})
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/**
 * Joint reward and punishment checks (联合奖惩核查) by departments before they approve, the receipt, feedback on the
 * measures applied, the reminder list and feedback statistics.
 */
export async function checkRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const r = typed(app)
  r.post(
    '/api/v1/checks',
    {
      schema: {
        tags,
        summary: '核查主体适用的奖惩措施（默认仅本部门实施的措施；allMeasures 为 true 时返回全部措施）',
        body: Type.Object(
          {
            subject: SubjectBody,
            scenario: Scenario,
            purpose: Type.Optional(Purpose),
            allMeasures: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: checkResultSchema },
      },
      preHandler: requirePermission('check.run'),
    },
    async (req) =>
      runCheck(ctx, principalActor(req.principal, req.id), {
        ...req.body,
        purpose: statedPurpose(req.headers, req.body),
      }),
  )

  r.post(
    '/api/v1/checks/batch',
    {
      schema: {
        tags,
        summary: '批量核查（最多 1000 个主体；单个主体无法确定时在对应条目中返回错误，不影响其他主体）',
        body: Type.Object(
          {
            subjects: Type.Array(SubjectBody, { minItems: 1, maxItems: 1000 }),
            scenario: Scenario,
            purpose: Type.Optional(Purpose),
            allMeasures: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: {
          200: {
            type: 'object',
            properties: { batchId: { type: 'string' }, items: { type: 'array', items: batchItemSchema } },
          },
        },
      },
      preHandler: requirePermission('check.run'),
    },
    async (req) =>
      runCheckBatch(ctx, principalActor(req.principal, req.id), {
        ...req.body,
        purpose: statedPurpose(req.headers, req.body),
      }),
  )

  r.post(
    '/api/v1/checks/batch/upload',
    {
      schema: {
        tags,
        summary:
          '上传主体名单批量比对（multipart：file 为 CSV 或 XLSX，一列代码、可另有一列名称，最多 1000 行；scenario；purpose；allMeasures）',
        consumes: ['multipart/form-data'],
        response: { 200: batchResultSchema },
      },
      preHandler: requirePermission('check.run'),
    },
    async (req, reply) => {
      const upload = await receiveUpload(req, reply, { prefix: 'gongxin-check-batch-' })
      try {
        const { fields, file } = upload
        return await checkUploadedList(ctx, principalActor(req.principal, req.id), {
          file: file ? { path: file.path, fileName: file.fileName } : null,
          scenario: fields.scenario,
          purpose: statedPurpose(req.headers, fields),
          allMeasures: isTrue(fields.allMeasures),
          xlsxLimits: xlsxLimitsMb(ctx.config),
        })
      } finally {
        await upload.done()
      }
    },
  )

  r.get(
    '/api/v1/checks/scenarios',
    {
      schema: {
        tags,
        summary:
          '可核查的应用场景：现行奖惩措施清单中有效措施所列的场景（核查其他场景返回 422 checks.scenario_unknown）',
        response: { 200: scenariosSchema },
      },
      preHandler: requireAnyPermission('check.run', 'measure.read'),
    },
    async () => ({ items: await checkScenarios(ctx) }),
  )

  r.get(
    '/api/v1/checks/batch/:batchId',
    {
      schema: {
        tags,
        summary: '批量比对结果（每个主体一行：核查结果、命中措施，或错误说明；本部门可查）',
        params: BatchIdParams,
        response: { 200: batchResultSchema },
      },
      preHandler: requireAnyPermission('check.run', 'audit.read'),
    },
    async (req) =>
      getBatchResult(ctx, readerOf(req), req.params.batchId, {
        all: can(req.principal, 'audit.read'),
      }),
  )

  r.get(
    '/api/v1/checks/batch/:batchId/result.xlsx',
    {
      schema: {
        tags,
        summary:
          '下载批量比对结果（XLSX：输入代码、名称、匹配主体、核查结果、命中措施、触发文书、核查编号，错误逐行说明）',
        params: BatchIdParams,
        response: {
          200: {
            description: '结果工作簿（XLSX）',
            content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
          },
        },
      },
      preHandler: requireAnyPermission('check.run', 'audit.read'),
    },
    async (req, reply) => {
      const file = await batchResultFile(ctx, readerOf(req), req.params.batchId, {
        all: can(req.principal, 'audit.read'),
      })
      reply.header('content-type', XLSX)
      reply.header(
        'content-disposition',
        `attachment; filename="${file.fileName}"; filename*=UTF-8''${encodeURIComponent(file.displayName)}`,
      )
      return file.body
    },
  )

  r.get(
    '/api/v1/checks/stats/by-scenario',
    {
      schema: {
        tags,
        summary:
          '核查统计图表数据：按应用场景、按部门的核查数、命中率（有命中的核查/核查数）和反馈率（有统计权限可看全部部门）',
        querystring: StatsQuery,
        response: { 200: breakdownSchema },
      },
      preHandler: requireAnyPermission('check.run', 'stats.read'),
    },
    async (req) =>
      checkBreakdownView(ctx, { all: can(req.principal, 'stats.read'), dept: req.principal.dept }, req.query),
  )

  r.get(
    '/api/v1/checks/feedback/pending',
    {
      schema: {
        tags,
        summary: '待反馈提醒：本部门命中措施但超过 N 个工作日仍未反馈的核查',
        querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 0, maximum: 365, default: 5 })) }),
        response: {
          200: {
            type: 'object',
            properties: { days: { type: 'integer' }, items: { type: 'array', items: pendingSchema } },
          },
        },
      },
      preHandler: requirePermission('check.feedback'),
    },
    async (req) => pendingFeedbackView(ctx, req.principal.dept, req.query.days ?? 5),
  )

  r.get(
    '/api/v1/checks/stats',
    {
      schema: {
        tags,
        summary: '各部门核查与反馈统计（反馈率、平均反馈用时；有统计权限可查看全部部门，否则仅本部门）',
        querystring: StatsQuery,
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: statsSchema } } } },
      },
      preHandler: requireAnyPermission('check.run', 'stats.read'),
    },
    async (req) => checkStatsView(ctx, { all: can(req.principal, 'stats.read'), dept: req.principal.dept }, req.query),
  )

  r.get(
    '/api/v1/checks/:id',
    {
      schema: {
        tags,
        summary: '核查回执（核查编号、时间、主体、命中措施及依据、反馈情况），可附入审批档案',
        params: IdParams,
        response: { 200: receiptSchema },
      },
      preHandler: requireAnyPermission('check.run', 'check.feedback', 'audit.read'),
    },
    async (req) => getCheck(ctx, readerOf(req), req.params.id, { all: can(req.principal, 'audit.read') }),
  )

  r.post(
    '/api/v1/checks/:id/feedback',
    {
      schema: {
        tags,
        summary: '反馈措施实施情况（每次核查每项措施一条；再次提交生成新版本，保留历史）',
        params: IdParams,
        body: Type.Object(
          {
            measure: Type.String({ pattern: '^[a-z][a-z0-9_]{1,63}$' }),
            action: Type.Unsafe<'applied' | 'not_applied' | 'partial'>({
              type: 'string',
              enum: ['applied', 'not_applied', 'partial'],
            }),
            reason: Type.Optional(Type.String({ maxLength: 500 })),
            effect: Type.Optional(Type.String({ maxLength: 2000 })),
            startedOn: Type.Optional(Type.String({ pattern: DATE })),
            endedOn: Type.Optional(Type.String({ pattern: DATE })),
          },
          { additionalProperties: false },
        ),
        response: { 200: feedbackSchema },
      },
      preHandler: requirePermission('check.feedback'),
    },
    async (req) => submitFeedback(ctx, principalActor(req.principal, req.id), req.params.id, req.body),
  )
}
