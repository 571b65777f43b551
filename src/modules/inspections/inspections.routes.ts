import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor, requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { ItemsOf } from '../policies/index.js'
import {
  ConflictBody,
  ConflictSchema,
  IdParams,
  InspectorBody,
  InspectorPatch,
  InspectorSchema,
  PlanBody,
  PlanDetailSchema,
  PlanListQuery,
  PlanPageSchema,
  PlanParams,
  PlanSchema,
  PublicPlanSchema,
  VerificationSchema,
  WithdrawBody,
} from './inspections.presenter.js'
import {
  createInspector,
  createPlan,
  declareConflict,
  drawPlan,
  freezePlan,
  getPlanFor,
  listConflictsFor,
  listInspectorsFor,
  listPlansFor,
  publicFrozenDocument,
  publicPlan,
  publicPlans,
  updateInspectorOf,
  verifyDraw,
  withdrawConflictOf,
} from './inspections.service.js'

const tags = ['双随机抽查']
const publicTags = ['公开']

/**
 * 双随机、一公开: inspector pools and conflicts, plans, the freeze (commitment) and the draw (reveal) - read with
 * inspection.read (a department sees its own, an official without a department all), changed with
 * inspection.manage by the plan's department. Published plans, draws and results are public. Results are recorded
 * through the results flow (src/flows/inspections).
 */
export async function inspectionRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const api = typed(app)
  const read = { preHandler: requirePermission('inspection.read') }
  const manage = { preHandler: requirePermission('inspection.manage') }
  const publicRate = { rateLimit: { max: ctx.config.publicRateLimit, timeWindow: '1 minute' } }

  api.get(
    '/api/v1/inspections/inspectors',
    { schema: { tags, summary: '执法检查人员名录（本部门）', response: { 200: ItemsOf(InspectorSchema) } }, ...read },
    async (req) => ({ items: await listInspectorsFor(ctx, requestActor(req)) }),
  )

  api.post(
    '/api/v1/inspections/inspectors',
    {
      schema: {
        tags,
        summary: '新增执法检查人员（姓名、执法证号、所在区县）',
        body: InspectorBody,
        response: { 201: InspectorSchema },
      },
      ...manage,
    },
    async (req, reply) => reply.code(201).send(await createInspector(ctx, requestActor(req), req.body)),
  )

  api.patch(
    '/api/v1/inspections/inspectors/:id',
    {
      schema: {
        tags,
        summary: '修改执法检查人员（姓名、所在区县、在岗状态）',
        params: IdParams,
        body: InspectorPatch,
        response: { 200: InspectorSchema },
      },
      ...manage,
    },
    async (req) => updateInspectorOf(ctx, requestActor(req), req.params.id, req.body),
  )

  api.get(
    '/api/v1/inspections/inspectors/:id/conflicts',
    {
      schema: {
        tags,
        summary: '执法检查人员的回避关系（含已撤销的）',
        params: IdParams,
        response: { 200: ItemsOf(ConflictSchema) },
      },
      ...read,
    },
    async (req) => ({ items: await listConflictsFor(ctx, requestActor(req), req.params.id) }),
  )

  api.post(
    '/api/v1/inspections/inspectors/:id/conflicts',
    {
      schema: {
        tags,
        summary: '登记回避关系：该人员不会被抽取检查该主体',
        params: IdParams,
        body: ConflictBody,
        response: { 201: ConflictSchema },
      },
      ...manage,
    },
    async (req, reply) => reply.code(201).send(await declareConflict(ctx, requestActor(req), req.params.id, req.body)),
  )

  api.post(
    '/api/v1/inspections/conflicts/:id/withdraw',
    {
      schema: {
        tags,
        summary: '撤销回避关系',
        params: IdParams,
        body: WithdrawBody,
        response: { 200: ConflictSchema },
      },
      ...manage,
    },
    async (req) => withdrawConflictOf(ctx, requestActor(req), req.params.id, req.body.reason),
  )

  api.get(
    '/api/v1/inspections/plans',
    {
      schema: {
        tags,
        summary: '抽查计划列表（本部门）',
        querystring: PlanListQuery,
        response: { 200: PlanPageSchema },
      },
      ...read,
    },
    async (req) => listPlansFor(ctx, requestActor(req), req.query),
  )

  api.post(
    '/api/v1/inspections/plans',
    {
      schema: {
        tags,
        summary: '新建抽查计划（名称、检查事项、行业和区县范围、检查期间、监管政策）',
        body: PlanBody,
        response: { 201: PlanSchema },
      },
      ...manage,
    },
    async (req, reply) => reply.code(201).send(await createPlan(ctx, requestActor(req), req.body)),
  )

  api.get(
    '/api/v1/inspections/plans/:id',
    {
      schema: {
        tags,
        summary: '抽查计划详情（抽取后含检查对象、执法人员和检查结果）',
        params: IdParams,
        response: { 200: PlanDetailSchema },
      },
      ...read,
    },
    async (req) => getPlanFor(ctx, requestActor(req), req.params.id),
  )

  api.post(
    '/api/v1/inspections/plans/:id/freeze',
    {
      schema: {
        tags,
        summary: '冻结抽查计划：固定候选名单并公布随机种子的承诺（SHA-256）',
        params: IdParams,
        response: { 200: PlanSchema },
      },
      ...manage,
    },
    async (req) => freezePlan(ctx, requestActor(req), req.params.id),
  )

  api.post(
    '/api/v1/inspections/plans/:id/draw',
    {
      schema: {
        tags,
        summary: '双随机抽取：按等级分层抽取检查对象、随机匹配执法检查人员（回避），揭示随机种子',
        params: IdParams,
        response: { 200: PlanDetailSchema },
      },
      ...manage,
    },
    async (req) => drawPlan(ctx, requestActor(req), req.params.id),
  )

  api.get(
    '/api/v1/inspections/plans/:id/verify',
    {
      schema: {
        tags,
        summary: '核验抽取：由揭示的种子和冻结的候选名单重算，与记录的抽取结果比较',
        params: PlanParams,
        response: { 200: VerificationSchema },
      },
      ...read,
    },
    async (req) => {
      await getPlanFor(ctx, requestActor(req), req.params.id)
      return verifyDraw(ctx, req.params.id)
    },
  )

  // ---------------------------------------------------------------------------------------------- public (一公开)

  api.get(
    '/api/v1/public/inspections/plans',
    {
      schema: {
        tags: publicTags,
        summary: '公开的双随机抽查计划（冻结后公布承诺，抽取后公布种子、检查对象和结果）',
        querystring: Type.Object(
          {
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: PlanPageSchema },
      },
      config: publicRate,
    },
    async (req, reply) => {
      reply.header('cache-control', 'public, max-age=60')
      return publicPlans(ctx, req.query)
    },
  )

  api.get(
    '/api/v1/public/inspections/plans/:id',
    {
      schema: {
        tags: publicTags,
        summary: '公开的抽查计划：承诺、揭示的种子、各等级抽取数、检查对象和检查结果',
        params: IdParams,
        response: { 200: PublicPlanSchema },
      },
      config: publicRate,
    },
    async (req, reply) => {
      reply.header('cache-control', 'public, max-age=60')
      return publicPlan(ctx, req.params.id)
    },
  )

  app.get(
    '/api/v1/public/inspections/plans/:id/frozen',
    {
      schema: {
        tags: publicTags,
        summary: '冻结的候选名单文档（原文：其 SHA-256 即公布的 frozenHash；用于独立重算抽取）',
        params: IdParams,
        response: { 200: { type: 'string' } },
      },
      config: publicRate,
    },
    async (req, reply) => {
      const text = await publicFrozenDocument(ctx, (req.params as { id: string }).id)
      reply.header('cache-control', 'public, max-age=3600')
      reply.type('application/json; charset=utf-8')
      return reply.send(text)
    },
  )

  api.get(
    '/api/v1/public/inspections/plans/:id/verify',
    {
      schema: {
        tags: publicTags,
        summary: '核验抽取（服务器重算；也可按 docs/grading.md 自行重算）',
        params: IdParams,
        response: { 200: VerificationSchema },
      },
      config: publicRate,
    },
    async (req) => {
      await publicPlan(ctx, req.params.id)
      return verifyDraw(ctx, req.params.id)
    },
  )
}
