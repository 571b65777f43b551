import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { CodeVersionInfo, ItemsOf, policyRoutes } from '../policies/index.js'
import { deadlinePolicy } from './deadlines.policy.js'
import {
  ComputeQuery,
  DeadlineAnswer,
  DeadlineCodeParams,
  DeadlineDiff,
  DeadlinePolicySchema,
  DeadlineSummarySchema,
  PublicDeadlineSchema,
  presentPublicDeadline,
} from './deadlines.presenter.js'
import { deadlineFrom, listDeadlinePolicies } from './deadlines.service.js'

const tags = ['办理期限']

/**
 * Deadline policies (办理期限, working days per case step). Reading needs catalog.read, an edit catalog.write (policy
 * data run by the credit office, like the catalog and the calendar). An edit applies to cases started after it.
 * The current working days are public (GET /api/v1/public/deadlines).
 */
export async function deadlineRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const api = typed(app)
  const read = { preHandler: requirePermission('catalog.read') }
  const publicRate = { rateLimit: { max: ctx.config.publicRateLimit, timeWindow: '1 minute' } }

  // The portal's 异议申诉 and 信用修复 pages tell the public how long each step takes: the current terms only, without
  // who changed them or on what basis (that stays with catalog.read).
  api.get(
    '/api/v1/public/deadlines',
    {
      schema: {
        tags,
        summary: '办理期限（公开）：异议、信用修复、举报各环节当前的工作日数',
        response: { 200: ItemsOf(PublicDeadlineSchema) },
      },
      config: publicRate,
    },
    async (_req, reply) => {
      const items = await listDeadlinePolicies(ctx.db)
      reply.header('cache-control', 'public, max-age=60')
      return { items: items.map(presentPublicDeadline) }
    },
  )

  api.get(
    '/api/v1/deadlines',
    {
      schema: {
        tags,
        summary: '办理期限（各案件环节的工作日数，当前版本）',
        response: { 200: ItemsOf(DeadlineSummarySchema) },
      },
      ...read,
    },
    async () => ({ items: await listDeadlinePolicies(ctx.db) }),
  )

  api.get(
    '/api/v1/deadlines/compute',
    {
      schema: {
        tags,
        summary: '按工作日历推算期限：start 之后第 workingDays 个工作日；超出已导入年份时按周末推算并标注 provisional',
        querystring: ComputeQuery,
        response: { 200: DeadlineAnswer },
      },
      ...read,
    },
    async (req) => deadlineFrom(ctx.db, req.query.start, req.query.workingDays),
  )

  policyRoutes(app, ctx, deadlinePolicy, {
    path: '/api/v1/deadlines/:code',
    params: DeadlineCodeParams,
    tags,
    summaries: {
      get: '办理期限定义（默认当前版本，?version= 指定历史版本）',
      versions: '办理期限的全部版本（来源、修改人、修改原因）',
      diff: '两个版本之间的逐项差异（默认：当前版本与上一版本）',
      edit: '修改办理期限（生成新版本并记入审计；只适用于修改后新开始的案件）',
    },
    read,
    write: 'catalog.write',
    schemas: { served: DeadlinePolicySchema, version: CodeVersionInfo, diff: DeadlineDiff },
    edit: { field: 'definition', baseVersion: true, reply: 'served' },
  })
}
