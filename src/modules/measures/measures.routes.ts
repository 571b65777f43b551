import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { principalActor } from '../access/index.js'
import { CodeParams, CodeVersionInfo, ItemsOf, OpenObject, policyRoutes, StringEnum } from '../policies/index.js'
import { MeasureDiff, MeasureSchema } from './measures.presenter.js'
import { measurePolicy } from './measures.policy.js'
import { createMeasure, listMeasures, retireMeasure } from './measures.service.js'

const tags = ['奖惩措施']
const Reason = Type.String({ minLength: 2, maxLength: 500 })

/** The measure list (清单制): reading needs measure.read, edits (new versions, audited) need measure.write. */
export async function measureRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const api = typed(app)

  api.get(
    '/api/v1/measures',
    {
      schema: {
        tags,
        summary: '奖惩措施清单（当前版本；可按类型、场景、实施部门筛选）',
        querystring: Type.Object({
          kind: Type.Optional(StringEnum(['reward', 'punish'])),
          scenario: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{1,63}$' })),
          dept: Type.Optional(Type.String({ maxLength: 64 })),
          includeRetired: Type.Optional(Type.Boolean({ default: false })),
        }),
        response: { 200: ItemsOf(MeasureSchema) },
      },
      preHandler: requirePermission('measure.read'),
    },
    async (req) => ({ items: await listMeasures(ctx.db, req.query) }),
  )

  policyRoutes(app, ctx, measurePolicy, {
    path: '/api/v1/measures/:code',
    params: CodeParams,
    tags,
    summaries: {
      get: '奖惩措施定义（默认当前版本，?version= 指定历史版本）',
      versions: '奖惩措施的全部版本（来源、修改人、修改原因）',
      diff: '两个版本之间的逐项差异（默认：当前版本与上一版本）',
      edit: '修改奖惩措施（生成新版本并记入审计；代码不存在时新增地方措施，须注明依据）',
    },
    read: { preHandler: requirePermission('measure.read') },
    write: 'measure.write',
    schemas: { served: MeasureSchema, version: CodeVersionInfo, diff: MeasureDiff },
    edit: { field: 'definition', baseVersion: true, reply: 'served' },
  })

  api.post(
    '/api/v1/measures',
    {
      schema: {
        tags,
        summary: '新增奖惩措施（地方措施；代码不得与已有措施重复，须注明依据；记入审计）',
        body: Type.Object({ definition: OpenObject, reason: Reason }, { additionalProperties: false }),
        response: { 201: MeasureSchema },
      },
      preHandler: requirePermission('measure.write'),
    },
    async (req, reply) => {
      const m = await createMeasure(ctx, principalActor(req.principal, req.id), req.body.definition, req.body.reason)
      return reply.code(201).send(m)
    },
  )

  api.post(
    '/api/v1/measures/:code/retire',
    {
      schema: {
        tags,
        summary: '停用奖惩措施（生成状态为「已停用」的新版本，历史版本保留；停用后不再参与核查）',
        params: CodeParams,
        body: Type.Object(
          { reason: Reason, baseVersion: Type.Optional(Type.Integer({ minimum: 1 })) },
          { additionalProperties: false },
        ),
        response: { 200: MeasureSchema },
      },
      preHandler: requirePermission('measure.write'),
    },
    async (req) =>
      retireMeasure(ctx, principalActor(req.principal, req.id), req.params.code, req.body.reason, {
        baseVersion: req.body.baseVersion,
      }),
  )
}
