import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor, requireAnyPermission, requirePermission } from '../../http/guards.js'
import { Items, typed } from '../../http/typed.js'
import {
  ActivatedSchema,
  AgentSchema,
  InvitationSchema,
  IssuedInvitationSchema,
  presentActivated,
  presentAgent,
  presentInvitation,
  presentIssuedInvitation,
  presentSubjectAccount,
  SubjectAccountSchema,
} from './subjects.presenter.js'
import {
  activateSubject,
  addAgent,
  approveAgent,
  issueInvitation,
  listAgents,
  listInvitations,
  rejectAgent,
  revokeInvitation,
  subjectAccount,
} from './subjects.service.js'

const tags = ['信用主体账户']
const secured: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }]
const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })

const InviteBody = Type.Object(
  {
    uscc: Type.Optional(Type.String({ maxLength: 40, description: '统一社会信用代码（与 entityId 二选一）' })),
    entityId: Type.Optional(Type.String({ maxLength: 64, description: '主体编号（与 uscc 二选一）' })),
    expiresAt: Type.Optional(
      Type.Union([Type.String({ maxLength: 40 }), Type.Null()], {
        description: 'YYYY-MM-DD（当日北京时间 24 时失效）或 ISO-8601 时间；默认 30 天',
      }),
    ),
  },
  { additionalProperties: false },
)

const ActivateBody = Type.Object(
  {
    uscc: Type.Optional(Type.String({ maxLength: 40, description: '统一社会信用代码（企业等组织）' })),
    idNumber: Type.Optional(Type.String({ maxLength: 40, description: '身份证号码（自然人）' })),
    name: Type.String({ minLength: 1, maxLength: 64, description: '法定代表人（负责人）姓名，或自然人本人姓名' }),
    code: Type.String({ minLength: 1, maxLength: 64, description: '激活码' }),
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 1024, description: '至少 10 个字符' }),
  },
  { additionalProperties: false },
)

const AgentBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    displayName: Type.String({ minLength: 1, maxLength: 64, description: '经办人姓名' }),
    password: Type.String({ minLength: 1, maxLength: 1024, description: '至少 10 个字符' }),
    letterFileId: Type.String({ minLength: 1, maxLength: 64, description: '授权委托书的证据材料文件编号' }),
  },
  { additionalProperties: false },
)

const RejectBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500, description: '退回理由' }) },
  { additionalProperties: false },
)

export async function subjectRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const r = typed(app)

  r.post(
    '/api/v1/subject/invitations',
    {
      schema: {
        tags,
        summary: '为主体发放一次性激活码（激活码只在此响应中出现一次；同一主体此前未用的激活码随之作废）',
        security: secured,
        body: InviteBody,
        response: { 201: IssuedInvitationSchema },
      },
      preHandler: requirePermission('user.write'),
    },
    async (req, reply) => {
      const issued = await issueInvitation(ctx, requestActor(req), req.body)
      reply.code(201)
      reply.header('cache-control', 'no-store')
      return presentIssuedInvitation(issued)
    },
  )

  r.get(
    '/api/v1/subject/invitations',
    {
      schema: {
        tags,
        summary: '已发放的激活码（不含激活码本身），可按主体筛选',
        security: secured,
        querystring: Type.Object({ entityId: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { 200: Items(InvitationSchema) },
      },
      preHandler: requirePermission('user.read'),
    },
    async (req) => ({ items: (await listInvitations(ctx, { entityId: req.query.entityId })).map(presentInvitation) }),
  )

  r.post(
    '/api/v1/subject/invitations/:id/revoke',
    {
      schema: { tags, summary: '吊销激活码', security: secured, params: Id, response: { 200: InvitationSchema } },
      preHandler: requirePermission('user.write'),
    },
    async (req) => presentInvitation(await revokeInvitation(ctx, requestActor(req), req.params.id)),
  )

  r.post(
    '/api/v1/subject/activate',
    {
      schema: {
        tags,
        summary: '激活信用主体账户（统一社会信用代码或身份证号码 + 姓名 + 激活码，自设用户名和密码）',
        body: ActivateBody,
        response: { 201: ActivatedSchema },
      },
      config: { csrf: false, rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const account = await activateSubject(ctx, { ...req.body, ip: req.ip, requestId: req.id })
      reply.code(201)
      reply.header('cache-control', 'no-store')
      return presentActivated(account)
    },
  )

  r.get(
    '/api/v1/me',
    {
      schema: {
        tags,
        summary: '当前信用主体账户及其绑定的主体',
        security: secured,
        response: { 200: SubjectAccountSchema },
      },
      preHandler: requirePermission('self.read'),
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store')
      return presentSubjectAccount(await subjectAccount(ctx, req.principal))
    },
  )

  r.get(
    '/api/v1/subject/agents',
    {
      schema: {
        tags,
        summary: '经办人：主体账户看本单位的，运维管理员看全部（state=pending 为待审核队列）',
        security: secured,
        querystring: Type.Object({
          state: Type.Optional(Type.String({ maxLength: 16 })),
          entityId: Type.Optional(Type.String({ maxLength: 64 })),
        }),
        response: { 200: Items(AgentSchema) },
      },
      preHandler: requireAnyPermission('agent.manage', 'user.read'),
    },
    async (req) => ({ items: (await listAgents(ctx, req.principal, req.query)).map(presentAgent) }),
  )

  r.post(
    '/api/v1/subject/agents',
    {
      schema: {
        tags,
        summary: '主体账户添加经办人（附授权委托书），待运维管理员审核通过后方可登录',
        security: secured,
        body: AgentBody,
        response: { 201: AgentSchema },
      },
      preHandler: requirePermission('agent.manage'),
    },
    async (req, reply) => {
      const agent = await addAgent(ctx, requestActor(req), req.principal, req.body)
      reply.code(201)
      return presentAgent(agent)
    },
  )

  r.post(
    '/api/v1/subject/agents/:id/approve',
    {
      schema: { tags, summary: '审核通过经办人', security: secured, params: Id, response: { 200: AgentSchema } },
      preHandler: requirePermission('user.write'),
    },
    async (req) => presentAgent(await approveAgent(ctx, requestActor(req), req.params.id)),
  )

  r.post(
    '/api/v1/subject/agents/:id/reject',
    {
      schema: {
        tags,
        summary: '退回经办人申请（须填写理由）',
        security: secured,
        params: Id,
        body: RejectBody,
        response: { 200: AgentSchema },
      },
      preHandler: requirePermission('user.write'),
    },
    async (req) => presentAgent(await rejectAgent(ctx, requestActor(req), req.params.id, req.body.reason)),
  )
}
