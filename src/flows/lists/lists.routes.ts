import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { principalActor } from '../../modules/access/index.js'
import { proposalSchema } from '../../modules/lists/index.js'
import { confirmProposal } from './confirm-proposal.js'

/** Confirming a focus-list proposal (a flow: it creates the list record through the ingest pipeline). */
export async function listFlowRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  typed(app).post(
    '/api/v1/lists/proposals/:id/confirm',
    {
      schema: {
        tags: ['名单管理'],
        summary: '确认列入建议：凭列入决定文书列入重点关注名单（经归集流水线生成名单记录，公示并触发奖惩措施）',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        body: Type.Optional(
          Type.Object(
            {
              documentNo: Type.Optional(Type.String({ maxLength: 200 })),
              decisionDate: Type.Optional(Type.String({ maxLength: 20 })),
              reason: Type.Optional(Type.String({ maxLength: 4000 })),
              basis: Type.Optional(Type.String({ maxLength: 4000 })),
            },
            { additionalProperties: false },
          ),
        ),
        response: { 200: proposalSchema },
      },
      preHandler: requirePermission('measure.write'),
    },
    async (req) => confirmProposal(ctx, principalActor(req.principal, req.id), req.params.id, req.body ?? {}),
  )
}
