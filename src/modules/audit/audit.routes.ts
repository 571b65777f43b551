import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { safeCsv } from '../../core/csv.js'
import { requirePermission } from '../../http/guards.js'
import { principalActor } from '../access/index.js'
import type { AuditFilter } from './audit.repository.js'
import { recordAudit, searchAuditEvents, verifyAuditChain } from './audit.service.js'

const filterSchema = {
  type: 'object',
  properties: {
    action: { type: 'string', maxLength: 100 },
    actor: { type: 'string', maxLength: 100 },
    targetType: { type: 'string', maxLength: 50 },
    targetId: { type: 'string', maxLength: 100 },
    from: { type: 'string', maxLength: 30 },
    to: { type: 'string', maxLength: 30 },
    page: { type: 'integer', minimum: 1, default: 1 },
    pageSize: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  },
} as const

type Query = AuditFilter & { page: number; pageSize: number }
const tags = ['审计']
const EXPORT_MAX = 50_000

export async function auditRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get<{ Querystring: Query }>(
    '/api/v1/audit/events',
    { schema: { tags, summary: '查询审计日志', querystring: filterSchema }, preHandler: requirePermission('audit.read') },
    async (req) => searchAuditEvents(ctx.db, req.query, req.query.page, req.query.pageSize),
  )

  app.get<{ Querystring: Query }>(
    '/api/v1/audit/events.csv',
    { schema: { tags, summary: '导出审计日志（CSV，最多 50,000 条）', querystring: filterSchema }, preHandler: requirePermission('audit.read') },
    async (req, reply) => {
      const { items, total } = await searchAuditEvents(ctx.db, req.query, 1, EXPORT_MAX)
      await ctx.db.transaction().execute((trx) =>
        recordAudit(trx, ctx.clock, principalActor(req.principal, req.id), { action: 'audit.export', details: { filter: req.query, rows: items.length } }),
      )
      const csv = safeCsv(
        ['序号', '事件编号', '时间', '主体类型', '操作者', '角色', '部门', '操作', '对象类型', '对象编号', '请求编号', '用途', '详情'],
        items.map((e) => [e.seq, e.id, e.at, e.actorKind, e.actor, e.actorRole, e.actorDept, e.action, e.targetType, e.targetId, e.requestId, e.purpose, JSON.stringify(e.details)])
      )
      reply.header('content-type', 'text/csv; charset=utf-8')
      reply.header('content-disposition', 'attachment; filename="audit-events.csv"')
      reply.header('x-total-count', String(total))
      return csv
    },
  )

  app.post(
    '/api/v1/audit/verify',
    { schema: { tags, summary: '校验审计日志哈希链完整性' }, preHandler: requirePermission('audit.verify') },
    async () => verifyAuditChain(ctx.db, ctx.keys),
  )
}
