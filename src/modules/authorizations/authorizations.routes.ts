import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requirePermission } from '../../http/guards.js'
import { Items, typed } from '../../http/typed.js'
import { GrantBody, GrantSchema } from './authorizations.presenter.js'
import { createGrant, listGrants, revokeGrant } from './authorizations.service.js'

const tags = ['授权']
const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })

/** The subject's authorisation grants (docs/reports.md): grant, list, revoke. */
export async function authorizationRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const api = typed(app)
  const guard = requirePermission('authorization.grant')

  api.post(
    '/api/v1/me/authorizations',
    {
      schema: {
        tags,
        summary: '授权信用服务机构或部门查询本主体的信用报告（记入审计；每次使用都记入本主体的查询记录）',
        body: GrantBody,
        response: { 201: GrantSchema },
      },
      preHandler: guard,
    },
    async (req, reply) => reply.code(201).send(await createGrant(ctx, req.principal, req.body, req.id)),
  )

  api.get(
    '/api/v1/me/authorizations',
    {
      schema: { tags, summary: '本主体的授权（含已过期、已撤销的）', response: { 200: Items(GrantSchema) } },
      preHandler: guard,
    },
    async (req) => ({ items: await listGrants(ctx, req.principal) }),
  )

  api.post(
    '/api/v1/me/authorizations/:id/revoke',
    {
      schema: { tags, summary: '撤销授权（立即生效；已撤销的再撤销不变）', params: Id, response: { 200: GrantSchema } },
      preHandler: guard,
    },
    async (req) => revokeGrant(ctx, req.principal, req.params.id, req.id),
  )
}
