import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requireAnyPermission, requirePermission } from '../../http/guards.js'
import { principalActor } from '../access/index.js'
import { markEvents, presentMark } from './marks.presenter.js'
import { closeMark, MARK_KINDS, markHistory, openMark } from './marks.service.js'

const tags = ['信用记录']
const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const
const reason = { type: 'string', minLength: 2, maxLength: 500 } as const
const kind = { type: 'string', enum: [...MARK_KINDS] } as const

/** Operators open and close 「异议处理中」 marks on records (until the objection workflow does it). */
export async function markRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.post<{ Params: { id: string }; Body: { kind?: string; reason: string } }>(
    '/api/v1/records/:id/marks',
    {
      schema: {
        tags,
        summary: '添加「异议处理中」标注（运维）',
        params: idParams,
        body: { type: 'object', required: ['reason'], additionalProperties: false, properties: { kind, reason } },
      },
      preHandler: requirePermission('objection.review'),
    },
    async (req, reply) => {
      const mark = await openMark(ctx, principalActor(req.principal, req.id), req.params.id, req.body)
      reply.code(201)
      return presentMark(mark)
    },
  )

  app.post<{ Params: { id: string }; Body: { kind?: string; reason: string } }>(
    '/api/v1/records/:id/marks/close',
    {
      schema: {
        tags,
        summary: '解除「异议处理中」标注（运维）',
        params: idParams,
        body: { type: 'object', required: ['reason'], additionalProperties: false, properties: { kind, reason } },
      },
      preHandler: requirePermission('objection.review'),
    },
    async (req) => presentMark(await closeMark(ctx, principalActor(req.principal, req.id), req.params.id, req.body)),
  )

  app.get<{ Params: { id: string } }>(
    '/api/v1/records/:id/marks',
    {
      schema: { tags, summary: '记录的标注及其历史', params: idParams },
      preHandler: requireAnyPermission('record.read', 'objection.review'),
    },
    async (req) => {
      const marks = await markHistory(ctx.db, req.params.id)
      return {
        recordId: req.params.id,
        open: marks.filter((m) => m.closed_at === null).map((m) => m.kind),
        marks: marks.map(presentMark),
        events: markEvents(marks),
      }
    },
  )
}
