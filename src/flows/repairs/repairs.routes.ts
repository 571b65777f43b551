import { type Static, type TSchema, Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Actor } from '../../core/actor.js'
import type { Ctx } from '../../core/context.js'
import { requestActor, requireAnyPermission, requirePermission } from '../../http/guards.js'
import { StringEnum, type TypedApp, typed } from '../../http/typed.js'
import { type Principal, publicPrincipal } from '../../modules/access/index.js'
import {
  LIST_EXIT_STATES,
  ListExitDetailSchema,
  ListExitEligibilitySchema,
  ListExitPageSchema,
  presentListExitEligibility,
  EligibilitySchema,
  presentEligibility,
  REPAIR_STATES,
  RepairDetailSchema,
  RepairPageSchema,
} from '../../modules/repairs/index.js'
import {
  applyForRepair,
  decideRepair,
  eligibilityFor,
  getRepairFor,
  listRepairsFor,
  withdrawRepair,
} from './repairs.flow.js'
import {
  applyForListExit,
  decideListExit,
  getListExitFor,
  listExitEligibilityFor,
  listListExitsFor,
  withdrawListExit,
} from './list-exits.flow.js'

const tags = ['信用修复']
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
/** Subjects (their own entity's records), providers (their own records), the credit office (all). */
const readers = requireAnyPermission('repair.apply', 'repair.review', 'record.correct')

const ApplyBody = Type.Object(
  {
    recordId: Type.String({ minLength: 1, maxLength: 64 }),
    statement: Type.String({
      minLength: 2,
      maxLength: 2000,
      description: '修复申请说明：已纠正失信行为、履行义务的情况',
    }),
    evidence: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20, description: '证明材料文件编号' }),
    ),
    commitment: Type.Object(
      { content: Type.String({ minLength: 2, maxLength: 4000, description: '信用修复承诺书内容' }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)

const DecideBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: '读取时的办件版本（乐观锁）' }),
    reasons: Type.String({ minLength: 2, maxLength: 1000, description: '决定理由' }),
  },
  { additionalProperties: false },
)

const WithdrawBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }), reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
)

/** The queue's query: a state of the kind's machine, a department, overdue only, the page. */
const listQuery = <S extends string>(states: readonly S[]) =>
  Type.Object(
    {
      state: Type.Optional(StringEnum(states)),
      dept: Type.Optional(Type.String({ maxLength: 64 })),
      overdue: Type.Optional(StringEnum(['true', 'false', '1', '0'] as const)),
      page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
      pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    },
    { additionalProperties: false },
  )

const queryOf = <S extends string>(q: Static<ReturnType<typeof listQuery<S>>>) => ({
  state: q.state,
  dept: q.dept,
  overdue: q.overdue === 'true' || q.overdue === '1',
  page: q.page,
  pageSize: q.pageSize,
})

type Decide<D> = (
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  id: string,
  action: 'approve' | 'reject',
  input: Static<typeof DecideBody>,
) => Promise<D>
type Withdraw<D> = (
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  id: string,
  input: Static<typeof WithdrawBody>,
) => Promise<D>

/** The deciding department's approve and reject, and the applicant's withdraw, of one kind of case. */
function decisionRoutes<T extends TSchema>(
  r: TypedApp,
  ctx: Ctx,
  kind: {
    path: string
    tags: string[]
    detail: T
    summaries: { approve: string; reject: string; withdraw: string }
    decide: Decide<Static<T>>
    withdraw: Withdraw<Static<T>>
  },
): void {
  // the handlers' results are checked against the schema above (Static<T>); fastify sees the schema as it is
  const detail: TSchema = kind.detail
  for (const action of ['approve', 'reject'] as const)
    r.post(
      `${kind.path}/:id/${action}`,
      {
        schema: {
          tags: kind.tags,
          summary: kind.summaries[action],
          params: IdParams,
          body: DecideBody,
          response: { 200: detail },
        },
        preHandler: requirePermission('record.correct'),
      },
      async (req) =>
        kind.decide(ctx, req.principal ?? publicPrincipal, requestActor(req), req.params.id, action, req.body),
    )

  r.post(
    `${kind.path}/:id/withdraw`,
    {
      schema: {
        tags: kind.tags,
        summary: kind.summaries.withdraw,
        params: IdParams,
        body: WithdrawBody,
        response: { 200: detail },
      },
      preHandler: requirePermission('repair.apply'),
    },
    async (req) => kind.withdraw(ctx, req.principal ?? publicPrincipal, requestActor(req), req.params.id, req.body),
  )
}

/** Credit repair (信用修复): eligibility, applications, the deciding department's decisions, the queue. */
export async function repairRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const r = typed(app)

  r.get(
    '/api/v1/records/:id/repair-eligibility',
    {
      schema: {
        tags,
        summary: '记录能否申请信用修复（按决定作出时适用的规则计算；不能时给出原因和最早可申请日）',
        params: IdParams,
        response: { 200: EligibilitySchema },
      },
      preHandler: readers,
    },
    async (req) => presentEligibility(await eligibilityFor(ctx, req.principal ?? publicPrincipal, req.params.id)),
  )

  r.post(
    '/api/v1/repairs',
    {
      schema: {
        tags,
        summary: '申请信用修复（信用主体，随附信用修复承诺；不符合条件 422 repairs.not_eligible）',
        body: ApplyBody,
        response: { 201: RepairDetailSchema },
      },
      preHandler: requirePermission('repair.apply'),
    },
    async (req, reply) => {
      const result = await applyForRepair(ctx, req.principal ?? publicPrincipal, requestActor(req), req.body)
      reply.code(201)
      return result
    },
  )

  r.get(
    '/api/v1/repairs',
    {
      schema: {
        tags,
        summary: '信用修复办件列表（信用办：全部；认定部门：本部门的；信用主体：本单位的）',
        querystring: listQuery(REPAIR_STATES),
        response: { 200: RepairPageSchema },
      },
      preHandler: readers,
    },
    async (req) => listRepairsFor(ctx, req.principal ?? publicPrincipal, queryOf(req.query)),
  )

  r.get(
    '/api/v1/repairs/:id',
    {
      schema: {
        tags,
        summary: '信用修复办件详情（含期限与办理记录）',
        params: IdParams,
        response: { 200: RepairDetailSchema },
      },
      preHandler: readers,
    },
    async (req) => getRepairFor(ctx, req.principal ?? publicPrincipal, req.params.id),
  )

  decisionRoutes(r, ctx, {
    path: '/api/v1/repairs',
    tags,
    detail: RepairDetailSchema,
    summaries: {
      approve: '同意修复（认定部门；立即生效：记录转为已修复，停止公示、共享和使用，推送相关部门）',
      reject: '不予修复（认定部门，须说明理由）',
      withdraw: '撤回信用修复申请（申请人，决定作出前）',
    },
    decide: decideRepair,
    withdraw: withdrawRepair,
  })

  // ------------------------------------------------------------------ 申请移出 (list exits): the same case flow

  const exitTags = ['名单管理']
  r.get(
    '/api/v1/records/:id/list-exit-eligibility',
    {
      schema: {
        tags: exitTags,
        summary: '名单记录能否申请提前移出，以及可申请的移出情形（本名单类别的移出条件）',
        params: IdParams,
        response: { 200: ListExitEligibilitySchema },
      },
      preHandler: readers,
    },
    async (req) =>
      presentListExitEligibility(await listExitEligibilityFor(ctx, req.principal ?? publicPrincipal, req.params.id)),
  )

  r.post(
    '/api/v1/list-exits',
    {
      schema: {
        tags: exitTags,
        summary: '申请移出名单（信用主体，按本名单类别的移出情形；不符合条件 422 list_exits.not_eligible）',
        body: Type.Object(
          {
            recordId: Type.String({ minLength: 1, maxLength: 64 }),
            ground: Type.String({
              minLength: 1,
              maxLength: 200,
              description: '移出情形（eligibility 的 grounds 之一）',
            }),
            statement: Type.String({ minLength: 2, maxLength: 2000 }),
            evidence: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20 })),
            commitment: Type.Optional(
              Type.Object({ content: Type.String({ minLength: 2, maxLength: 4000 }) }, { additionalProperties: false }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: ListExitDetailSchema },
      },
      preHandler: requirePermission('repair.apply'),
    },
    async (req, reply) => {
      const result = await applyForListExit(ctx, req.principal ?? publicPrincipal, requestActor(req), req.body)
      reply.code(201)
      return result
    },
  )

  r.get(
    '/api/v1/list-exits',
    {
      schema: {
        tags: exitTags,
        summary: '移出申请列表（信用办：全部；认定部门：本部门的；信用主体：本单位的）',
        querystring: listQuery(LIST_EXIT_STATES),
        response: { 200: ListExitPageSchema },
      },
      preHandler: readers,
    },
    async (req) => listListExitsFor(ctx, req.principal ?? publicPrincipal, queryOf(req.query)),
  )

  r.get(
    '/api/v1/list-exits/:id',
    {
      schema: { tags: exitTags, summary: '移出申请详情', params: IdParams, response: { 200: ListExitDetailSchema } },
      preHandler: readers,
    },
    async (req) => getListExitFor(ctx, req.principal ?? publicPrincipal, req.params.id),
  )

  decisionRoutes(r, ctx, {
    path: '/api/v1/list-exits',
    tags: exitTags,
    detail: ListExitDetailSchema,
    summaries: {
      approve: '同意移出（认定部门；立即生效：移出名单，停止公示和核查使用）',
      reject: '不予移出（认定部门，须说明理由）',
      withdraw: '撤回移出申请（申请人，决定作出前）',
    },
    decide: decideListExit,
    withdraw: withdrawListExit,
  })
}
