import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor, requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { pullPeer } from './pull.js'

const PullResultSchema = Type.Object({
  peer: Type.String(),
  status: Type.Union([Type.Literal('ok'), Type.Literal('unreachable'), Type.Literal('refused')]),
  pages: Type.Integer(),
  applied: Type.Integer(),
  rejected: Type.Integer(),
  cursor: Type.String(),
  error: Type.Union([Type.String(), Type.Null()]),
})

/** Pulling a peer on request (the console's 立即拉取; `gongxin peer pull NAME`). */
export async function peerPullRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  typed(app).post(
    '/api/v1/federation/peers/:name/pull',
    {
      schema: {
        tags: ['对接平台'],
        summary:
          '立即从对接平台拉取直到追平（逐条验签；对方不可达或条目被拒收时停止，结果中给出原因，已应用的条目不会重复）',
        params: Type.Object({ name: Type.String({ minLength: 1, maxLength: 40 }) }),
        response: { 200: PullResultSchema },
      },
      preHandler: requirePermission('federation.manage'),
    },
    async (req) => {
      const r = await pullPeer(ctx, requestActor(req), req.params.name)
      return {
        peer: r.peer,
        status: r.status,
        pages: r.pages,
        applied: r.applied,
        rejected: r.rejected,
        cursor: r.cursor,
        error: r.error,
      }
    },
  )
}
