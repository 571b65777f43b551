import { type Static, type TSchema, Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Actor } from '../../core/actor.js'
import type { Ctx } from '../../core/context.js'
import { isTrue } from '../../http/flag.js'
import { requestActor, requireAnyPermission, requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { type Principal, readPurpose } from '../access/index.js'
import { policyRoutes, StringEnum } from '../policies/index.js'
import { tipClockReader } from './tips.clock.js'
import { TIP_STATES } from './tips.machine.js'
import { routingPolicy } from './tips.policy.js'
import {
  FiledTipSchema,
  presentCategories,
  presentFiled,
  presentStatus,
  presentTipDetail,
  presentTipPage,
  RoutingVersionSchema,
  SubmitTipBody,
  TipCategoriesSchema,
  TipDetailSchema,
  TipListSchema,
  TipStatusSchema,
} from './tips.presenter.js'
import {
  decideTip,
  getRouting,
  getTip,
  listTips,
  readTipTexts,
  rewardTip,
  routeTip,
  submitTip,
  type TipDetail,
  tipStatus,
  transferTip,
} from './tips.service.js'

export interface TipRoutesOptions {
  /** Tips filed per client address per window (default: a twelfth of the public rate limit, at least 1). */
  submitLimit?: number
  /** Status lookups per client address per window, against guessing codes (default: as submitLimit). */
  lookupLimit?: number
  /** The window of both (default 1 minute). */
  timeWindow?: string | number
}

const tags = ['举报']
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
const Version = Type.Optional(Type.Integer({ minimum: 1, description: '读取时的乐观锁版本（version）' }))
const Note = (description: string) => Type.String({ maxLength: 2000, description })
const DeptCode = Type.String({ minLength: 1, maxLength: 64, description: '部门代码' })

/** Default budget of filing and of status lookups: a twelfth of the public rate limit a minute, at least 1. */
export const tipRateLimit = (ctx: Ctx): number => Math.max(1, Math.floor(ctx.config.publicRateLimit / 12))

/**
 * Tips (有奖举报): the public files a tip and looks up its status (no login; rate-limited per client address, the
 * lookup strictly against guessing); the credit office (tip.review) reads every tip and routes it; the department
 * handling a tip (tip.handle) reads its own, with the tipster's contact, and records the outcome and the reward.
 */
export async function tipRoutes(app: FastifyInstance, ctx: Ctx, options: TipRoutesOptions = {}): Promise<void> {
  const r = typed(app)
  const timeWindow = options.timeWindow ?? '1 minute'
  const submitBudget = { rateLimit: { max: options.submitLimit ?? tipRateLimit(ctx), timeWindow } }
  const lookupBudget = { rateLimit: { max: options.lookupLimit ?? tipRateLimit(ctx), timeWindow } }
  const general = { rateLimit: { max: ctx.config.publicRateLimit, timeWindow } }
  const reading = requireAnyPermission('tip.review', 'tip.handle')

  // ---------------------------------------------------------------- the public

  r.get(
    '/api/v1/public/tips/categories',
    {
      schema: { tags, summary: '举报类别（当前分办表）', response: { 200: TipCategoriesSchema } },
      config: general,
    },
    async () => presentCategories((await getRouting(ctx.db)).routing),
  )

  r.post(
    '/api/v1/public/tips',
    {
      schema: {
        tags,
        summary: '提交举报（可匿名）：返回举报编号和查询码，查询码只显示这一次',
        description:
          '按客户端地址限流。申请奖励（wantsReward）须留联系方式；联系方式加密保存，只有承办部门可见。' +
          '证据文件先用 POST /api/v1/files 上传，再把 id 放入 evidence。',
        body: SubmitTipBody,
        response: { 201: FiledTipSchema },
      },
      config: submitBudget,
      preHandler: requirePermission('tip.submit'),
    },
    async (req, reply) => {
      const filed = await submitTip(ctx, requestActor(req), req.body)
      reply.header('cache-control', 'no-store')
      return reply.code(201).send(presentFiled(filed))
    },
  )

  r.get(
    '/api/v1/public/tips/:number',
    {
      schema: {
        tags,
        summary: '凭举报编号和查询码查询办理状态（只有状态和日期；编号或查询码不对一律 404，限流防猜测）',
        params: Type.Object({ number: Type.String({ minLength: 1, maxLength: 32 }) }),
        querystring: Type.Object(
          { code: Type.String({ minLength: 1, maxLength: 32, description: '查询码' }) },
          { additionalProperties: false },
        ),
        response: { 200: TipStatusSchema },
      },
      config: lookupBudget,
    },
    async (req, reply) => {
      const status = await tipStatus(ctx, req.params.number, req.query.code)
      reply.header('cache-control', 'no-store')
      return presentStatus(status)
    },
  )

  // ---------------------------------------------------------------- the routing table (versioned data)

  policyRoutes(app, ctx, routingPolicy, {
    path: '/api/v1/tips/routing',
    tags,
    summaries: {
      get: '举报分办表：类别与建议承办部门（默认当前版本，?version= 指定历史版本）',
      versions: '举报分办表的全部版本（来源、修改人、修改原因、内容）',
      edit: '修改举报分办表（生成新版本并记入审计；只适用于此后提交的举报）',
    },
    read: { preHandler: reading },
    write: 'tip.review',
    schemas: { served: RoutingVersionSchema, version: RoutingVersionSchema },
    edit: { field: 'routing', reasonLength: 'service', baseVersion: true, reply: 'served' },
  })

  // ---------------------------------------------------------------- the console

  r.get(
    '/api/v1/tips',
    {
      schema: {
        tags,
        summary: '举报办理队列（信用办看全部，部门看本部门承办的），附各状态、部门的件数',
        querystring: Type.Object(
          {
            state: Type.Optional(StringEnum(TIP_STATES)),
            dept: Type.Optional(DeptCode),
            overdue: Type.Optional(Type.Unsafe<string>({ type: 'string', enum: ['true', 'false', '1', '0'] })),
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: TipListSchema },
      },
      preHandler: reading,
    },
    async (req) => {
      const q = req.query
      const page = await listTips(ctx, req.principal, {
        state: q.state,
        dept: q.dept,
        overdue: q.overdue !== undefined && isTrue(q.overdue),
        page: q.page ?? 1,
        pageSize: q.pageSize ?? 20,
      })
      return presentTipPage(page, await tipClockReader(ctx))
    },
  )

  r.get(
    '/api/v1/tips/:id',
    {
      schema: {
        tags,
        summary: '一件举报：内容、期限、办理记录；举报人联系方式只对承办部门显示',
        params: IdParams,
        response: { 200: TipDetailSchema },
      },
      preHandler: reading,
    },
    async (req) => presentTipDetail(await getTip(ctx, req.principal, req.params.id), await tipClockReader(ctx)),
  )

  r.get(
    '/api/v1/tips/:id/texts',
    {
      schema: {
        tags,
        summary: '查看举报内容原文（承办部门；须在 X-Purpose 中说明用途，记入审计）',
        params: IdParams,
        headers: Type.Object({ 'x-purpose': Type.Optional(Type.String({ maxLength: 200 })) }),
        response: {
          200: Type.Object({ content: Type.String(), entityName: Type.Union([Type.String(), Type.Null()]) }),
        },
      },
      preHandler: requirePermission('tip.handle'),
    },
    async (req) =>
      readTipTexts(ctx, req.principal, requestActor(req, readPurpose(req.headers, undefined)), req.params.id),
  )

  /** One step of a tip case (POST /api/v1/tips/:id/<action>): its body, its guard, the command; the case back. */
  const step = <B extends TSchema>(
    action: string,
    summary: string,
    body: B,
    preHandler: ReturnType<typeof requirePermission>,
    run: (p: Principal, actor: Actor, id: string, input: Static<B>) => Promise<TipDetail>,
  ) =>
    r.post(
      `/api/v1/tips/:id/${action}`,
      {
        schema: { tags, summary, params: IdParams, body, response: { 200: TipDetailSchema } },
        preHandler,
      },
      async (req) =>
        presentTipDetail(
          await run(req.principal, requestActor(req), req.params.id, req.body),
          await tipClockReader(ctx),
        ),
    )

  step(
    'route',
    '分办：信用办把待分办的举报交给主管部门（分办表给出建议部门），开始计算办理期限',
    Type.Object(
      { dept: DeptCode, note: Type.Optional(Note('分办说明')), version: Version },
      { additionalProperties: false },
    ),
    requirePermission('tip.review'),
    (p, actor, id, input) => routeTip(ctx, p, actor, id, input),
  )

  step(
    'transfer',
    '移交：承办部门认为不属本部门职责，移交其他部门办理（办理期限连续计算）',
    Type.Object({ dept: DeptCode, reason: Note('移交理由'), version: Version }, { additionalProperties: false }),
    requirePermission('tip.handle'),
    (p, actor, id, input) => transferTip(ctx, p, actor, id, input),
  )

  for (const [action, outcome, summary] of [
    ['verify', 'verified', '查证属实：承办部门核查后认定举报属实'],
    ['unfound', 'unfounded', '查无实据：承办部门核查后认定举报不属实或无法查实'],
  ] as const)
    step(
      action,
      summary,
      Type.Object({ note: Note('核查情况'), version: Version }, { additionalProperties: false }),
      requirePermission('tip.handle'),
      (p, actor, id, input) => decideTip(ctx, p, actor, id, outcome, input),
    )

  step(
    'reward',
    '登记奖励发放：只适用于查证属实的举报（金额以元为单位、两位小数的字符串，如 "500.00"）',
    Type.Object(
      {
        amount: Type.String({ maxLength: 12, description: '奖励金额（元，最多两位小数），如 "500.00"' }),
        paidOn: Type.String({ format: 'date', description: '发放日期' }),
        note: Type.Optional(Note('说明')),
        version: Version,
      },
      { additionalProperties: false },
    ),
    requirePermission('tip.handle'),
    (p, actor, id, input) => rewardTip(ctx, p, actor, id, input),
  )
}
