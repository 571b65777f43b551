import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor, requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { ItemsOf } from '../policies/index.js'
import {
  DeliverResultSchema,
  DeliveryPageSchema,
  DeliveryQuery,
  DeliverySchema,
  IdParams,
  InboxPageSchema,
  InboxQuery,
  NoticeSchema,
  TargetBody,
  TargetParams,
  TargetSchema,
} from './notifications.presenter.js'
import {
  deliverDue,
  getDelivery,
  type InboxReader,
  inbox,
  listDeliveries,
  listDeliveryTargets,
  markNoticeRead,
  putDeliveryTarget,
  retryDelivery,
} from './notifications.service.js'

/** The signed-in caller as the reader of an inbox. */
function readerOf(req: FastifyRequest): InboxReader {
  const p = req.principal
  return {
    userId: p.kind === 'user' ? p.id : null,
    entityId: p.entityId,
    dept: p.dept,
    role: p.role,
    agencyId: p.agencyId ?? null,
  }
}

/**
 * The inbox of the signed-in user or key (its own notices, its entity's, its department's, its role's) and the outbox
 * of deliveries to departments and peers (operators: state, due dates, retries, where each target receives).
 */
export async function notificationRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const api = typed(app)
  const inboxTags = ['站内通知']
  const outboxTags = ['对外投递']

  api.get(
    '/api/v1/me/inbox',
    {
      schema: {
        tags: inboxTags,
        summary: '我的站内通知（含发给本主体、本部门的通知；?unread=true 只看未读）',
        querystring: InboxQuery,
        response: { 200: InboxPageSchema },
      },
      preHandler: requirePermission('inbox.read'),
    },
    async (req) => inbox(ctx, readerOf(req), req.query),
  )

  api.post(
    '/api/v1/me/inbox/:id/read',
    {
      schema: { tags: inboxTags, summary: '标记通知为已读', params: IdParams, response: { 200: NoticeSchema } },
      preHandler: requirePermission('inbox.read'),
    },
    async (req) => markNoticeRead(ctx, requestActor(req), readerOf(req), req.params.id),
  )

  api.get(
    '/api/v1/outbox/deliveries',
    {
      schema: {
        tags: outboxTags,
        summary: '对外投递记录（状态、应投递日期、剩余工作日、尝试次数、最近错误）',
        querystring: DeliveryQuery,
        response: { 200: DeliveryPageSchema },
      },
      preHandler: requirePermission('outbox.read'),
    },
    async (req) => listDeliveries(ctx, req.query),
  )

  api.get(
    '/api/v1/outbox/deliveries/:id',
    {
      schema: { tags: outboxTags, summary: '一条投递记录', params: IdParams, response: { 200: DeliverySchema } },
      preHandler: requirePermission('outbox.read'),
    },
    async (req) => getDelivery(ctx, req.params.id),
  )

  api.post(
    '/api/v1/outbox/deliveries/:id/retry',
    {
      schema: {
        tags: outboxTags,
        summary: '重新投递失败的记录（尝试次数重新计算，记入审计）',
        params: IdParams,
        response: { 200: DeliverySchema },
      },
      preHandler: requirePermission('outbox.manage'),
    },
    async (req) => retryDelivery(ctx, requestActor(req), req.params.id),
  )

  api.post(
    '/api/v1/outbox/run',
    {
      schema: {
        tags: outboxTags,
        summary: '立即投递到期的记录（同 gongxin outbox run）',
        response: { 200: DeliverResultSchema },
      },
      preHandler: requirePermission('outbox.manage'),
    },
    async () => deliverDue(ctx),
  )

  api.get(
    '/api/v1/outbox/targets',
    {
      schema: {
        tags: outboxTags,
        summary: '投递接收配置（部门、其他平台的接收地址；密钥不显示）',
        response: { 200: ItemsOf(TargetSchema) },
      },
      preHandler: requirePermission('outbox.read'),
    },
    async () => ({ items: await listDeliveryTargets(ctx) }),
  )

  api.put(
    '/api/v1/outbox/targets/:code',
    {
      schema: {
        tags: outboxTags,
        summary: '设置投递接收地址（签名 Webhook；不设地址则投递到对方控制台收件箱），记入审计',
        params: TargetParams,
        body: TargetBody,
        response: { 200: TargetSchema },
      },
      preHandler: requirePermission('outbox.manage'),
    },
    async (req) => putDeliveryTarget(ctx, requestActor(req), req.params.code, req.body),
  )
}
