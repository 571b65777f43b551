import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { isTrue } from '../../http/flag.js'
import { requireAnyPermission, requirePermission } from '../../http/guards.js'
import { receiveUpload } from '../../http/uploads.js'
import { can, principalActor, statedPurpose } from '../access/index.js'
import { xlsxLimitsMb } from '../ingest/parse/index.js'
import { batchWorkbook, getBatchResult, readBatchFile } from './checks.batches.js'
import { checkError } from './checks.errors.js'
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
  type CheckInput,
  checkScenarios,
  checkStats,
  type FeedbackInput,
  getCheck,
  pendingFeedback,
  requireScenario,
  runCheck,
  runCheckBatch,
  type SubjectInput,
  submitFeedback,
} from './checks.service.js'
import { checkBreakdown } from './checks.stats.js'

const tags = ['联合奖惩核查']
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max }) as const
const subjectBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    uscc: text(18 + 8),
    entityId: text(64),
    name: text(200),
    code: text(40),
    idNumber: text(30),
  },
} as const
const scenario = { type: 'string', pattern: '^[a-z][a-z0-9_]{1,63}$' } as const
const purpose = { type: 'string', maxLength: 200 } as const
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const
const DATE = '^\\d{4}-\\d{2}-\\d{2}$'
const SCENARIO_RE = /^[a-z][a-z0-9_]{1,63}$/
const batchIdParams = {
  type: 'object',
  required: ['batchId'],
  properties: { batchId: { type: 'string', maxLength: 64 } },
} as const

/** Civil dates (Asia/Shanghai) -> instants: from 00:00 of `from` to 00:00 after `to`. */
function instantRange(q: { from?: string; to?: string }): { from?: string; to?: string } {
  if (q.from && q.to && q.from > q.to) throw checkError('checks.stats_range_invalid')
  const from = q.from ? new Date(`${q.from}T00:00:00+08:00`).toISOString() : undefined
  const to = q.to ? new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000).toISOString() : undefined
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) }
}

/**
 * Joint reward and punishment checks (联合奖惩核查) by departments before they approve, the receipt, feedback on the
 * measures applied, the reminder list and feedback statistics.
 */
export async function checkRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.post<{ Body: CheckInput }>(
    '/api/v1/checks',
    {
      schema: {
        tags,
        summary: '核查主体适用的奖惩措施（默认仅本部门实施的措施；allMeasures 为 true 时返回全部措施）',
        body: {
          type: 'object',
          required: ['subject', 'scenario'],
          additionalProperties: false,
          properties: { subject: subjectBody, scenario, purpose, allMeasures: { type: 'boolean' } },
        },
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

  app.post<{ Body: { subjects: SubjectInput[]; scenario: string; purpose?: string; allMeasures?: boolean } }>(
    '/api/v1/checks/batch',
    {
      schema: {
        tags,
        summary: '批量核查（最多 1000 个主体；单个主体无法确定时在对应条目中返回错误，不影响其他主体）',
        body: {
          type: 'object',
          required: ['subjects', 'scenario'],
          additionalProperties: false,
          properties: {
            subjects: { type: 'array', minItems: 1, maxItems: 1000, items: subjectBody },
            scenario,
            purpose,
            allMeasures: { type: 'boolean' },
          },
        },
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

  app.post(
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
        const scenario = fields.scenario?.trim() ?? ''
        if (!file || !scenario) throw checkError('checks.batch_file_missing')
        if (!SCENARIO_RE.test(scenario))
          throw checkError('checks.batch_file_invalid', { reason: `应用场景代码「${scenario}」格式有误` })
        await requireScenario(ctx, scenario)
        const batchFile = await readBatchFile(file.path, file.fileName, xlsxLimitsMb(ctx.config))
        const actor = principalActor(req.principal, req.id)
        const purpose = statedPurpose(req.headers, fields)
        const { batchId } = await runCheckBatch(
          ctx,
          actor,
          {
            subjects: batchFile.subjects,
            scenario,
            purpose,
            allMeasures: isTrue(fields.allMeasures),
          },
          { source: 'upload', fileName: file.fileName, inputs: batchFile.inputs, rejected: batchFile.rejected },
        )
        return getBatchResult(ctx, actor, batchId)
      } finally {
        await upload.done()
      }
    },
  )

  app.get(
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

  app.get<{ Params: { batchId: string } }>(
    '/api/v1/checks/batch/:batchId',
    {
      schema: {
        tags,
        summary: '批量比对结果（每个主体一行：核查结果、命中措施，或错误说明；本部门可查）',
        params: batchIdParams,
        response: { 200: batchResultSchema },
      },
      preHandler: requireAnyPermission('check.run', 'audit.read'),
    },
    async (req) =>
      getBatchResult(ctx, principalActor(req.principal, req.id), req.params.batchId, {
        all: can(req.principal, 'audit.read'),
      }),
  )

  app.get<{ Params: { batchId: string } }>(
    '/api/v1/checks/batch/:batchId/result.xlsx',
    {
      schema: {
        tags,
        summary:
          '下载批量比对结果（XLSX：输入代码、名称、匹配主体、核查结果、命中措施、触发文书、核查编号，错误逐行说明）',
        params: batchIdParams,
      },
      preHandler: requireAnyPermission('check.run', 'audit.read'),
    },
    async (req, reply) => {
      const result = await getBatchResult(ctx, principalActor(req.principal, req.id), req.params.batchId, {
        all: can(req.principal, 'audit.read'),
      })
      const name = encodeURIComponent(`批量比对结果-${result.at.slice(0, 10)}.xlsx`)
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      reply.header(
        'content-disposition',
        `attachment; filename="batch-${result.batchId}.xlsx"; filename*=UTF-8''${name}`,
      )
      return batchWorkbook(result)
    },
  )

  app.get<{ Querystring: { from?: string; to?: string; dept?: string } }>(
    '/api/v1/checks/stats/by-scenario',
    {
      schema: {
        tags,
        summary:
          '核查统计图表数据：按应用场景、按部门的核查数、命中率（有命中的核查/核查数）和反馈率（有统计权限可看全部部门）',
        querystring: {
          type: 'object',
          properties: {
            from: { type: 'string', pattern: DATE },
            to: { type: 'string', pattern: DATE },
            dept: { type: 'string', maxLength: 64 },
          },
        },
        response: { 200: breakdownSchema },
      },
      preHandler: requireAnyPermission('check.run', 'stats.read'),
    },
    async (req) => {
      const all = can(req.principal, 'stats.read')
      const dept = all ? req.query.dept : (req.principal.dept ?? '\u0000')
      const range = instantRange(req.query)
      return {
        from: req.query.from ?? null,
        to: req.query.to ?? null,
        dept: all ? (req.query.dept ?? null) : req.principal.dept,
        ...(await checkBreakdown(ctx, { dept, ...range })),
      }
    },
  )

  app.get<{ Querystring: { days?: number } }>(
    '/api/v1/checks/feedback/pending',
    {
      schema: {
        tags,
        summary: '待反馈提醒：本部门命中措施但超过 N 个工作日仍未反馈的核查',
        querystring: {
          type: 'object',
          properties: { days: { type: 'integer', minimum: 0, maximum: 365, default: 5 } },
        },
        response: {
          200: {
            type: 'object',
            properties: { days: { type: 'integer' }, items: { type: 'array', items: pendingSchema } },
          },
        },
      },
      preHandler: requirePermission('check.feedback'),
    },
    async (req) => {
      const days = req.query.days ?? 5
      return { days, items: await pendingFeedback(ctx, req.principal.dept, days) }
    },
  )

  app.get<{ Querystring: { from?: string; to?: string; dept?: string } }>(
    '/api/v1/checks/stats',
    {
      schema: {
        tags,
        summary: '各部门核查与反馈统计（反馈率、平均反馈用时；有统计权限可查看全部部门，否则仅本部门）',
        querystring: {
          type: 'object',
          properties: {
            from: { type: 'string', pattern: DATE },
            to: { type: 'string', pattern: DATE },
            dept: { type: 'string', maxLength: 64 },
          },
        },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: statsSchema } } } },
      },
      preHandler: requireAnyPermission('check.run', 'stats.read'),
    },
    async (req) => {
      const all = can(req.principal, 'stats.read')
      const dept = all ? req.query.dept : (req.principal.dept ?? '\u0000')
      return { items: await checkStats(ctx, { dept, ...instantRange(req.query) }) }
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/v1/checks/:id',
    {
      schema: {
        tags,
        summary: '核查回执（核查编号、时间、主体、命中措施及依据、反馈情况），可附入审批档案',
        params: idParams,
        response: { 200: receiptSchema },
      },
      preHandler: requireAnyPermission('check.run', 'check.feedback', 'audit.read'),
    },
    async (req) =>
      getCheck(ctx, principalActor(req.principal, req.id), req.params.id, { all: can(req.principal, 'audit.read') }),
  )

  app.post<{ Params: { id: string }; Body: FeedbackInput }>(
    '/api/v1/checks/:id/feedback',
    {
      schema: {
        tags,
        summary: '反馈措施实施情况（每次核查每项措施一条；再次提交生成新版本，保留历史）',
        params: idParams,
        body: {
          type: 'object',
          required: ['measure', 'action'],
          additionalProperties: false,
          properties: {
            measure: { type: 'string', pattern: '^[a-z][a-z0-9_]{1,63}$' },
            action: { type: 'string', enum: ['applied', 'not_applied', 'partial'] },
            reason: { type: 'string', maxLength: 500 },
            effect: { type: 'string', maxLength: 2000 },
            startedOn: { type: 'string', pattern: DATE },
            endedOn: { type: 'string', pattern: DATE },
          },
        },
        response: { 200: feedbackSchema },
      },
      preHandler: requirePermission('check.feedback'),
    },
    async (req) => submitFeedback(ctx, principalActor(req.principal, req.id), req.params.id, req.body),
  )
}
