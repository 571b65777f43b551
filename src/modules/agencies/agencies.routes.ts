import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor, requirePermission } from '../../http/guards.js'
import { Items, typed } from '../../http/typed.js'
import {
  AgencyDetailSchema,
  AgencyFeedSchema,
  AgencyKeyBody,
  AgencyKeySchema,
  AgencyPrincipalBody,
  AgencySchema,
  AgencyStatusBody,
  RegisterAgencyBody,
} from './agencies.presenter.js'
import {
  addAgencyPrincipal,
  agencyUpdates,
  createAgencyKey,
  getAgency,
  listAgencies,
  ownAgency,
  registerAgency,
  removeAgencyPrincipal,
  setAgencyStatus,
} from './agencies.service.js'

const tags = ['信用服务机构']
const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })

/**
 * The agency registry (operators, `agency.manage`): register, list, show, change status, principals; and, for agency
 * principals (`agency.read`), their own registration and their feed of pushed repairs and revocations.
 */
export async function agencyRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const api = typed(app)
  const manage = requirePermission('agency.manage')

  api.post(
    '/api/v1/agencies',
    {
      schema: {
        tags,
        summary: '信用服务机构备案：统一社会信用代码、备案编号、业务范围；该代码尚未登记为主体时随备案登记（记入审计）',
        body: RegisterAgencyBody,
        response: { 201: AgencySchema },
      },
      preHandler: manage,
    },
    async (req, reply) => reply.code(201).send(await registerAgency(ctx, requestActor(req), req.body)),
  )

  api.get(
    '/api/v1/agencies',
    {
      schema: {
        tags,
        summary: '已备案的信用服务机构（按备案编号排序；status 可筛选 filed、suspended、cancelled）',
        querystring: Type.Object({ status: Type.Optional(Type.String({ maxLength: 20 })) }),
        response: { 200: Items(AgencySchema) },
      },
      preHandler: manage,
    },
    async (req) => ({ items: await listAgencies(ctx, req.query) }),
  )

  api.get(
    '/api/v1/agencies/:id',
    {
      schema: {
        tags,
        summary: '一家信用服务机构：备案信息、所属账户和密钥、近 12 个月查询过的主体数',
        params: Id,
        response: { 200: AgencyDetailSchema },
      },
      preHandler: manage,
    },
    async (req) => getAgency(ctx, req.params.id),
  )

  api.put(
    '/api/v1/agencies/:id/status',
    {
      schema: {
        tags,
        summary: '变更备案状态：备案 filed ⇄ 暂停 suspended，任一 → 注销 cancelled（最终状态）；暂停、注销须说明原因',
        params: Id,
        body: AgencyStatusBody,
        response: { 200: AgencySchema },
      },
      preHandler: manage,
    },
    async (req) => setAgencyStatus(ctx, requestActor(req), req.params.id, req.body),
  )

  api.post(
    '/api/v1/agencies/:id/principals',
    {
      schema: {
        tags,
        summary: '把角色为信用服务机构的账户（userId）或密钥（keyId）归属本机构',
        params: Id,
        body: AgencyPrincipalBody,
        response: { 200: AgencyDetailSchema },
      },
      preHandler: manage,
    },
    async (req) => addAgencyPrincipal(ctx, requestActor(req), req.params.id, req.body),
  )

  api.delete(
    '/api/v1/agencies/:id/principals/:principalId',
    {
      schema: {
        tags,
        summary: '把账户或密钥移出本机构（此后不能查询任何授权信息）',
        params: Type.Object({
          id: Type.String({ minLength: 1, maxLength: 64 }),
          principalId: Type.String({ minLength: 1, maxLength: 64 }),
        }),
        response: { 200: AgencyDetailSchema },
      },
      preHandler: manage,
    },
    async (req) => removeAgencyPrincipal(ctx, requestActor(req), req.params.id, req.params.principalId),
  )

  api.post(
    '/api/v1/agencies/:id/keys',
    {
      schema: {
        tags,
        summary: '为本机构签发接口密钥（角色 agency；密钥只显示这一次）',
        params: Id,
        body: AgencyKeyBody,
        response: { 201: AgencyKeySchema },
      },
      preHandler: manage,
    },
    async (req, reply) => reply.code(201).send(await createAgencyKey(ctx, requestActor(req), req.params.id, req.body)),
  )

  const read = requirePermission('agency.read')

  api.get(
    '/api/v1/agency',
    {
      schema: {
        tags,
        summary: '本机构的备案信息（含暂停、注销的状态和原因）',
        response: { 200: AgencySchema },
      },
      preHandler: read,
    },
    async (req) => ownAgency(ctx, req.principal),
  )

  api.get(
    '/api/v1/agency/updates',
    {
      schema: {
        tags,
        summary:
          '拉取推送：本机构近 12 个月经授权查询过的主体，其信用记录的信用修复和撤销（按游标顺序；after 为上一页的 next；至少投递一次，按 id 去重）',
        querystring: Type.Object({
          after: Type.Optional(Type.String({ maxLength: 20 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
        response: { 200: AgencyFeedSchema },
      },
      preHandler: read,
    },
    async (req) => agencyUpdates(ctx, req.principal, requestActor(req, '接收信用修复、撤销推送'), req.query),
  )
}
