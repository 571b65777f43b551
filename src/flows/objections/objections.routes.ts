import { type Static, type TSchema, Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Actor } from '../../core/actor.js'
import type { Ctx } from '../../core/context.js'
import { requestActor, requireAnyPermission, requirePermission } from '../../http/guards.js'
import { StringEnum, typed } from '../../http/typed.js'
import { type Principal, readPurpose } from '../../modules/access/index.js'
import {
  OBJECTION_OUTCOMES,
  OBJECTION_STATES,
  ObjectionDetailSchema,
  type ObjectionJson,
  ObjectionPageSchema,
  ObjectionSchema,
} from '../../modules/objections/index.js'
import {
  acceptObjection,
  decideObjection,
  forwardObjection,
  getObjection,
  listObjections,
  readObjectionTexts,
  rejectObjection,
  submitObjection,
  withdrawObjection,
} from './objections.flow.js'

const tags = ['异议']
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
const SubmitBody = Type.Object(
  {
    recordId: Type.String({ minLength: 1, maxLength: 64, description: '被异议的信用记录编号' }),
    reason: Type.String({ minLength: 1, maxLength: 2000, description: '异议理由（5 至 2000 字）' }),
    evidence: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        maxItems: 20,
        description: '证明材料：POST /api/v1/files 返回的文件编号',
      }),
    ),
    contact: Type.Optional(Type.String({ maxLength: 200, description: '联系方式（仅承办人员可见）' })),
  },
  { additionalProperties: false },
)
const Version = Type.Integer({ minimum: 1, description: '读取时的办件版本（乐观锁）' })
const StepBody = Type.Object(
  { version: Version, reason: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
)
const RejectBody = Type.Object(
  { version: Version, reason: Type.String({ minLength: 1, maxLength: 2000, description: '不予受理理由' }) },
  { additionalProperties: false },
)
const DecideBody = Type.Object(
  {
    version: Version,
    outcome: StringEnum(OBJECTION_OUTCOMES, { description: 'corrected 更正 | revoked 撤销 | upheld 维持' }),
    reason: Type.String({ minLength: 1, maxLength: 2000, description: '核实意见与理由' }),
    fields: Type.Optional(
      Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 4000 }), {
        description: '更正后的字段（字段代码 -> 新值，空串为清除）；outcome 为 corrected 时必填',
      }),
    ),
  },
  { additionalProperties: false },
)
const ListQuery = Type.Object(
  {
    state: Type.Optional(StringEnum(Object.keys(OBJECTION_STATES))),
    dept: Type.Optional(Type.String({ maxLength: 64, description: '当前承办部门' })),
    overdue: Type.Optional(Type.Boolean({ description: 'true：只看有逾期环节的办件' })),
    page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  },
  { additionalProperties: false },
)

const READERS = ['objection.submit', 'objection.review', 'record.correct'] as const

/** Objections: subjects file, the credit office accepts, rejects and forwards, the providing department decides. */
export async function objectionRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const r = typed(app)
  r.post(
    '/api/v1/objections',
    {
      schema: {
        tags,
        summary: '提出异议（信用主体对本单位记录；信用工作人员可窗口代录）',
        body: SubmitBody,
        response: { 201: ObjectionSchema },
      },
      preHandler: requireAnyPermission('objection.submit', 'objection.review'),
    },
    async (req, reply) => {
      const out = await submitObjection(ctx, req.principal, requestActor(req), req.body)
      reply.code(201)
      return out
    },
  )

  r.get(
    '/api/v1/objections',
    {
      schema: { tags, summary: '异议办件列表（队列）', querystring: ListQuery, response: { 200: ObjectionPageSchema } },
      preHandler: requireAnyPermission(...READERS),
    },
    async (req) => listObjections(ctx, req.principal, req.query),
  )

  r.get(
    '/api/v1/objections/:id',
    {
      schema: { tags, summary: '异议办件详情', params: IdParams, response: { 200: ObjectionDetailSchema } },
      preHandler: requireAnyPermission(...READERS),
    },
    async (req) => getObjection(ctx, req.principal, req.params.id),
  )

  r.get(
    '/api/v1/objections/:id/texts',
    {
      schema: {
        tags,
        summary: '查看异议理由和联系方式原文（承办人员；须在 X-Purpose 中说明用途，记入审计和主体的查询记录）',
        params: IdParams,
        headers: Type.Object({ 'x-purpose': Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 200: Type.Object({ reason: Type.String(), contact: Type.Union([Type.String(), Type.Null()]) }) },
      },
      preHandler: requireAnyPermission('objection.review', 'record.correct'),
    },
    async (req) =>
      readObjectionTexts(ctx, req.principal, requestActor(req, readPurpose(req.headers, undefined)), req.params.id),
  )

  /** One step of an objection case (POST /api/v1/objections/:id/<action>): its body, its guard, the flow's command. */
  const step = <B extends TSchema>(
    action: string,
    summary: string,
    body: B,
    preHandler: ReturnType<typeof requirePermission>,
    run: (ctx: Ctx, p: Principal, actor: Actor, id: string, input: Static<B>) => Promise<ObjectionJson>,
  ) =>
    r.post(
      `/api/v1/objections/:id/${action}`,
      {
        schema: { tags, summary, params: IdParams, body, response: { 200: ObjectionSchema } },
        preHandler,
      },
      async (req) => run(ctx, req.principal, requestActor(req), req.params.id, req.body),
    )

  step('accept', '受理异议（信用办）', StepBody, requirePermission('objection.review'), acceptObjection)
  step('reject', '不予受理（信用办）', RejectBody, requirePermission('objection.review'), rejectObjection)
  step('forward', '转提供部门核实（信用办）', StepBody, requirePermission('objection.review'), forwardObjection)
  step('decide', '作出核实决定（提供该记录的部门）', DecideBody, requirePermission('record.correct'), decideObjection)
  step(
    'withdraw',
    '撤回异议（申请人）',
    StepBody,
    requireAnyPermission('objection.submit', 'objection.review'),
    withdrawObjection,
  )
}
