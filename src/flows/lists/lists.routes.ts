import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requirePermission } from '../../http/guards.js'
import { principalActor } from '../../modules/access/index.js'
import { proposalSchema } from '../../modules/lists/index.js'
import { type ConfirmInput, confirmProposal } from './confirm-proposal.js'

/** Confirming a focus-list proposal (a flow: it creates the list record through the ingest pipeline). */
export async function listFlowRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.post<{ Params: { id: string }; Body: ConfirmInput }>(
    '/api/v1/lists/proposals/:id/confirm',
    {
      schema: {
        tags: ['名单管理'],
        summary: '确认列入建议：凭列入决定文书列入重点关注名单（经归集流水线生成名单记录，公示并触发奖惩措施）',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } },
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            documentNo: { type: 'string', maxLength: 200 },
            decisionDate: { type: 'string', maxLength: 20 },
            reason: { type: 'string', maxLength: 4000 },
            basis: { type: 'string', maxLength: 4000 },
          },
        },
        response: { 200: proposalSchema },
      },
      preHandler: requirePermission('measure.write'),
    },
    async (req) => confirmProposal(ctx, principalActor(req.principal, req.id), req.params.id, req.body ?? {}),
  )
}
