import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { CaseSummarySchema } from '../../modules/cases/index.js'
import { requireAnyPermission } from '../../http/guards.js'
import { Nullable, typed } from '../../http/typed.js'
import { caseQueue, myCases } from './cases.queue.js'

const QueueItemSchema = Type.Composite([
  CaseSummarySchema,
  Type.Object({ kindLabel: Type.String(), entityName: Nullable(Type.String()) }),
])

const PageFields = {
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
}

const QueueSchema = Type.Object({
  items: Type.Array(QueueItemSchema),
  ...PageFields,
  counts: Type.Array(
    Type.Object({
      kind: Type.String(),
      state: Type.String(),
      stateLabel: Type.String(),
      dept: Nullable(Type.String()),
      count: Type.Integer(),
    }),
  ),
})

/** The shared case queue (console) and 「我的办件」 (subjects). */
export async function caseQueueRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  typed(app).get(
    '/api/v1/cases',
    {
      schema: {
        tags: ['cases'],
        summary: '办件队列：异议、信用修复、举报等（信用办看全部，部门看本部门承办的）',
        querystring: Type.Object({
          kind: Type.Optional(Type.String()),
          state: Type.Optional(Type.String()),
          dept: Type.Optional(Type.String()),
          overdue: Type.Optional(Type.Boolean()),
          page: Type.Optional(Type.Integer({ minimum: 1 })),
          pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        }),
        response: { 200: QueueSchema },
      },
      // the credit office (review permissions) and department users; an auditor without a department lists nothing
      preHandler: requireAnyPermission('objection.review', 'repair.review', 'tip.review', 'dept.read'),
    },
    async (req) => caseQueue(ctx, req.principal, req.query),
  )

  typed(app).get(
    '/api/v1/me/cases',
    {
      schema: {
        tags: ['cases'],
        summary: '我的办件：本主体的异议、修复申请和本人提交的举报，含办理状态与期限',
        querystring: Type.Object({
          page: Type.Optional(Type.Integer({ minimum: 1 })),
          pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(QueueItemSchema), ...PageFields }) },
      },
      preHandler: requireAnyPermission('self.read'),
    },
    async (req) => myCases(ctx, req.principal, req.query),
  )
}
