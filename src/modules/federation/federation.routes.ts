import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor, requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { publishedKeys } from '../audit/index.js'
import { FeedPageSchema, FeedQuery, PeerListSchema, PeerSchema, PlatformSchema } from './federation.presenter.js'
import { addPeer, editPeer, listPeerViews, platformId, serveFeed, setPeerStatus } from './federation.service.js'

const text = (max: number) => Type.String({ minLength: 1, maxLength: max })
const Codes = Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_]{1,63}$' }), { maxItems: 100 })
export const PeerNameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 40 }) })

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

  const manage = requirePermission('federation.manage')

  api.post(
    '/api/v1/federation/peers',
    {
      schema: {
        tags,
        summary:
          '登记对接平台：签发它读取本平台交换数据的密钥（apiKey，只在此返回一次），登记其公钥与交换类别（同 gongxin peer add）',
        body: Type.Object(
          {
            name: text(24),
            platformId: text(64),
            url: text(500),
            publicKeyPem: text(4000),
            classes: Codes,
            measureClasses: Type.Optional(Codes),
            uscc: text(18),
            deptName: Type.Optional(text(100)),
            pullKey: Type.Optional(text(500)),
            serve: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ peer: PeerSchema, apiKey: Type.Union([Type.String(), Type.Null()]) }) },
      },
      preHandler: manage,
    },
    async (req, reply) => reply.code(201).send(await addPeer(ctx, requestActor(req), req.body)),
  )

  api.patch(
    '/api/v1/federation/peers/:name',
    {
      schema: {
        tags,
        summary: '修改对接平台：地址、交换类别、触发措施的类别、对方签发的读取密钥（pullKey 为 null：不再拉取）',
        params: PeerNameParams,
        body: Type.Object(
          {
            url: Type.Optional(text(500)),
            classes: Type.Optional(Codes),
            measureClasses: Type.Optional(Codes),
            pullKey: Type.Optional(Type.Union([text(500), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: PeerSchema },
      },
      preHandler: manage,
    },
    async (req) => editPeer(ctx, requestActor(req), req.params.name, req.body),
  )

  for (const [verb, status, summary] of [
    ['disable', 'disabled', '停用对接平台：不再向其提供交换数据，也不再拉取其数据（已收到的记录保留）'],
    ['enable', 'active', '启用对接平台：恢复交换'],
  ] as const)
    api.post(
      `/api/v1/federation/peers/:name/${verb}`,
      {
        schema: {
          tags,
          summary,
          params: PeerNameParams,
          // no body at all is fine (the reason is optional; see app.ts)
          body: Type.Object(
            { reason: Type.Optional(Type.String({ maxLength: 500 })) },
            { additionalProperties: false },
          ),
          response: { 200: PeerSchema },
        },
        preHandler: manage,
      },
      async (req) => setPeerStatus(ctx, requestActor(req), req.params.name, status, req.body?.reason),
    )
}
