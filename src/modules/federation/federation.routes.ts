import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor, requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { publishedKeys } from '../audit/index.js'
import { FeedPageSchema, FeedQuery, PeerListSchema, PlatformSchema } from './federation.presenter.js'
import { listPeerViews, platformId, serveFeed } from './federation.service.js'

/** The feed served to peer platforms, this platform's id and keys, and the peer registry (operators). */
export async function federationRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const api = typed(app)
  const tags = ['对接平台']

  api.get(
    '/api/v1/federation/feed',
    {
      schema: {
        tags,
        summary:
          '交换数据：游标之后登记类别的记录变更（新增、更正、撤销、修复），每条单独签名（只对登记的对接平台密钥开放）',
        querystring: FeedQuery,
        response: { 200: FeedPageSchema },
      },
      preHandler: requirePermission('federation.exchange'),
    },
    async (req) => serveFeed(ctx, requestActor(req), req.principal, req.query),
  )

  api.get(
    '/api/v1/federation/platform',
    {
      schema: {
        tags,
        summary: '本平台的平台标识与签名公钥（对方登记本平台时使用）',
        response: { 200: PlatformSchema },
      },
      preHandler: requirePermission('public.read'),
    },
    async () => ({ platformId: platformId(ctx), keys: publishedKeys(ctx).keys }),
  )

  api.get(
    '/api/v1/federation/peers',
    {
      schema: {
        tags,
        summary: '对接平台登记：交换类别、密钥、最近一次拉取、游标与错误',
        response: { 200: PeerListSchema },
      },
      preHandler: requirePermission('federation.manage'),
    },
    async () => ({ items: await listPeerViews(ctx) }),
  )
}
