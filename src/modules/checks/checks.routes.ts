import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Ctx } from '../../container.js'
import { requireAnyPermission, requirePermission } from '../../http/plugins/auth.js'
import { can, principalActor } from '../access/index.js'
import {
  batchItemSchema,
  checkResultSchema,
  feedbackSchema,
  pendingSchema,
  receiptSchema,
  statsSchema,
} from './checks.presenter.js'
import {
  type CheckInput,
  checkStats,
  type FeedbackInput,
  getCheck,
  pendingFeedback,
  runCheck,
  runCheckBatch,
  type SubjectInput,
  submitFeedback,
} from './checks.service.js'

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

/** The purpose from the body, else the X-Purpose header (UTF-8 or percent-encoded). */
function purposeOf(req: FastifyRequest, body: { purpose?: string }): string | undefined {
  if (body.purpose?.trim()) return body.purpose
  const h = req.headers['x-purpose']
  const raw = Array.isArray(h) ? h[0] : h
  if (!raw) return undefined
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
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
      runCheck(ctx, principalActor(req.principal, req.id), { ...req.body, purpose: purposeOf(req, req.body) }),
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
      runCheckBatch(ctx, principalActor(req.principal, req.id), { ...req.body, purpose: purposeOf(req, req.body) }),
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
      // civil dates (Asia/Shanghai) -> instants: from 00:00 of `from` to 00:00 after `to`
      const from = req.query.from ? new Date(`${req.query.from}T00:00:00+08:00`).toISOString() : undefined
      const to = req.query.to
        ? new Date(new Date(`${req.query.to}T00:00:00+08:00`).getTime() + 86_400_000).toISOString()
        : undefined
      return { items: await checkStats(ctx, { dept, ...(from ? { from } : {}), ...(to ? { to } : {}) }) }
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
