import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor, requireAnyPermission, requirePermission } from '../../http/guards.js'
import { StringEnum, typed } from '../../http/typed.js'
import {
  MARK_KINDS,
  MarkHistorySchema,
  MarkSchema,
  presentMark,
  presentMarkHistory,
} from '../../modules/marks/index.js'
import { statedPurpose } from '../../modules/access/index.js'
import { closeMark, openMark, readMarkHistory } from './record-marks.flow.js'

const tags = ['信用记录']
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
const MarkBody = Type.Object(
  { kind: Type.Optional(StringEnum(MARK_KINDS)), reason: Type.String({ minLength: 2, maxLength: 500 }) },
  { additionalProperties: false },
)

/** Operators open and close 「异议处理中」 marks on records (until the objection workflow does it). */
export async function markRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const r = typed(app)
  r.post(
    '/api/v1/records/:id/marks',
    {
      schema: {
        tags,
        summary: '添加「异议处理中」标注（运维）',
        params: IdParams,
        body: MarkBody,
        response: { 201: MarkSchema },
      },
      preHandler: requirePermission('objection.review'),
    },
    async (req, reply) => {
      const mark = await openMark(ctx, requestActor(req), req.params.id, req.body)
      reply.code(201)
      return presentMark(mark)
    },
  )

  r.post(
    '/api/v1/records/:id/marks/close',
    {
      schema: {
        tags,
        summary: '解除「异议处理中」标注（运维）',
        params: IdParams,
        body: MarkBody,
        response: { 200: MarkSchema },
      },
      preHandler: requirePermission('objection.review'),
    },
    async (req) => presentMark(await closeMark(ctx, requestActor(req), req.params.id, req.body)),
  )

  r.get(
    '/api/v1/records/:id/marks',
    {
      schema: { tags, summary: '记录的标注及其历史', params: IdParams, response: { 200: MarkHistorySchema } },
      preHandler: requireAnyPermission('record.read', 'objection.review'),
    },
    async (req) =>
      presentMarkHistory(
        req.params.id,
        await readMarkHistory(ctx, requestActor(req, statedPurpose(req.headers, undefined)), req.params.id),
      ),
  )
}
