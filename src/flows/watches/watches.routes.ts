import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor, requireAnyPermission, requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { statedPurpose } from '../../modules/access/index.js'
import { CodeParams, CodeVersionInfo, ItemsOf, policyRoutes, Shape } from '../../modules/policies/index.js'
import {
  CreatedWatchSchema,
  createWatch,
  currentWatchRules,
  DeliveryStatusSchema,
  deleteWatch,
  getWatch,
  listWatches,
  replayWatch,
  WATCH_EVENT_TYPES,
  WatchDeliveriesSchema,
  WatchDetailSchema,
  WatchFeedSchema,
  WatchRuleSchema,
  WatchSchema,
  watchDeliveries,
  watchRulePolicy,
} from '../../modules/watches/index.js'
import { readWatchFeed } from './watches.flow.js'

const tags = ['信用监测预警']
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
const text = (max: number) => Type.String({ minLength: 1, maxLength: max })
const RuleDiff = Shape({
  code: Type.String(),
  from: Type.Integer(),
  to: Type.Integer(),
  changes: Type.Array(Shape({ property: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
})

/** Watch lists, their pull feed, webhook delivery status and replay; the early-warning rules (docs/watches.md). */
export async function watchRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const r = typed(app)
  const manage = requirePermission('watch.manage')

  r.post(
    '/api/v1/watches',
    {
      schema: {
        tags,
        summary:
          '新建监测名单：主体（统一社会信用代码或主体编号，最多 10000 个）、订阅的事件类型、可选的推送地址；密钥（secret）只在此返回一次',
        body: Type.Object(
          {
            name: text(100),
            entities: Type.Optional(
              Type.Array(
                Type.Object(
                  { uscc: Type.Optional(text(26)), entityId: Type.Optional(text(64)) },
                  { additionalProperties: false, minProperties: 1 },
                ),
              ),
            ),
            fileId: Type.Optional(text(64)),
            events: Type.Array(Type.String({ enum: [...WATCH_EVENT_TYPES] }), { minItems: 1, maxItems: 20 }),
            webhook: Type.Optional(Type.Object({ url: text(500) }, { additionalProperties: false })),
          },
          { additionalProperties: false },
        ),
        response: { 201: CreatedWatchSchema },
      },
      preHandler: manage,
    },
    async (req, reply) => reply.code(201).send(await createWatch(ctx, requestActor(req), req.principal, req.body)),
  )

  r.get(
    '/api/v1/watches',
    {
      schema: { tags, summary: '本部门的监测名单（含推送状态）', response: { 200: ItemsOf(WatchSchema) } },
      preHandler: manage,
    },
    async (req) => ({ items: await listWatches(ctx, req.principal) }),
  )

  r.get(
    '/api/v1/watches/:id',
    {
      schema: { tags, summary: '监测名单详情', params: IdParams, response: { 200: WatchDetailSchema } },
      preHandler: manage,
    },
    async (req) => getWatch(ctx, req.principal, req.params.id),
  )

  r.delete(
    '/api/v1/watches/:id',
    {
      schema: { tags, summary: '删除监测名单（不再记录和推送事件）', params: IdParams, response: { 204: Type.Null() } },
      preHandler: manage,
    },
    async (req, reply) => {
      await deleteWatch(ctx, requestActor(req), req.principal, req.params.id)
      return reply.code(204).send(null)
    },
  )

  r.get(
    '/api/v1/watches/:id/events',
    {
      schema: {
        tags,
        summary:
          '拉取监测事件（按游标顺序；after 为上一页的 next，首次不填；至少投递一次：丢失应答时用同一游标重取即可）',
        params: IdParams,
        querystring: Type.Object({
          after: Type.Optional(Type.String({ maxLength: 20 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
        response: { 200: WatchFeedSchema },
      },
      preHandler: manage,
    },
    async (req) =>
      readWatchFeed(
        ctx,
        requestActor(req, statedPurpose(req.headers, undefined) ?? '信用监测'),
        req.principal,
        req.params.id,
        req.query,
      ),
  )

  r.get(
    '/api/v1/watches/:id/deliveries',
    {
      schema: {
        tags,
        summary: '推送状态与推送失败（死信）记录',
        params: IdParams,
        response: { 200: WatchDeliveriesSchema },
      },
      preHandler: manage,
    },
    async (req) => watchDeliveries(ctx, req.principal, req.params.id),
  )

  r.post(
    '/api/v1/watches/:id/replay',
    {
      schema: {
        tags,
        summary:
          '重新推送：从游标 after 之后（或从某条死信 deadLetter 起）按顺序重新推送全部事件（接收方按事件 id 去重）',
        params: IdParams,
        body: Type.Object(
          { after: Type.Optional(Type.String({ maxLength: 20 })), deadLetter: Type.Optional(text(64)) },
          { additionalProperties: false },
        ),
        response: { 200: DeliveryStatusSchema },
      },
      preHandler: manage,
    },
    async (req) => replayWatch(ctx, requestActor(req), req.principal, req.params.id, req.body),
  )

  // the early-warning rules: versioned data (docs/versioned-policies.md)
  r.get(
    '/api/v1/watch-rules',
    {
      schema: { tags, summary: '预警规则（当前版本）', response: { 200: ItemsOf(WatchRuleSchema) } },
      preHandler: requireAnyPermission('watch.manage', 'watch.rules'),
    },
    async () => ({ items: await currentWatchRules(ctx.db) }),
  )
  policyRoutes(app, ctx, watchRulePolicy, {
    path: '/api/v1/watch-rules/:code',
    params: CodeParams,
    tags,
    summaries: {
      get: '预警规则定义（默认当前版本，?version= 指定历史版本）',
      versions: '预警规则的全部版本（来源、修改人、修改原因）',
      diff: '两个版本之间的逐项差异',
      edit: '修改或新增预警规则（生成新版本并记入审计，须填写原因）',
    },
    read: { preHandler: requireAnyPermission('watch.manage', 'watch.rules') },
    write: 'watch.rules',
    schemas: { served: WatchRuleSchema, version: CodeVersionInfo, diff: RuleDiff },
    edit: { field: 'definition', baseVersion: true, reply: 'served' },
  })
}
