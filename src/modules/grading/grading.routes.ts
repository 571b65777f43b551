import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requireAnyPermission, requirePermission, requestActor } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { CodeParams, CodeVersionInfo, ItemsOf, policyRoutes } from '../policies/index.js'
import {
  GradeHistorySchema,
  GradeSchema,
  GradeStatsSchema,
  GradingModelDiff,
  GradingModelSchema,
  ModelCheckSchema,
  PublicationDiff,
  PublicationVersionSchema,
  WhatIfSchema,
} from './grading.presenter.js'
import { classInfo, gradingPolicy } from './grading.policy.js'
import { publicationPolicy } from './grading.publication.js'
import { currentModels } from './grading.service.js'
import { gradeStats } from './grading.stats.js'
import { modelProblems, normaliseModel } from './grading.validate.js'
import { readEntityGrade, readGradeHistory, readWhatIf } from './grading.access.js'

const tags = ['信用评价']
const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
const ModelCode = Type.String({ pattern: '^[a-z][a-z0-9_]{1,63}$' })
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })

/**
 * Grading models (versioned: grading.read / grading.write) and an entity's grade with its reasons and what-if
 * (grading.read, or the subject itself for its own entity: another entity is 404 to a subject).
 */
export async function gradingRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const api = typed(app)

  api.get(
    '/api/v1/grading/models',
    {
      schema: { tags, summary: '评价模型列表（当前版本）', response: { 200: ItemsOf(GradingModelSchema) } },
      preHandler: requirePermission('grading.read'),
    },
    async () => ({ items: await currentModels(ctx.db) }),
  )

  policyRoutes(app, ctx, gradingPolicy, {
    path: '/api/v1/grading/models/:code',
    params: CodeParams,
    tags,
    summaries: {
      get: '评价模型定义（默认当前版本，?version= 指定历史版本）',
      versions: '评价模型的全部版本（来源、修改人、修改原因）',
      diff: '两个版本之间的逐项差异（默认：当前版本与上一版本）',
      edit: '修改评价模型（校验后生成新版本并记入审计；列出全部问题）',
    },
    read: { preHandler: requirePermission('grading.read') },
    write: 'grading.write',
    schemas: { served: GradingModelSchema, version: CodeVersionInfo, diff: GradingModelDiff },
    edit: { field: 'definition', baseVersion: true, reply: 'served' },
  })

  api.post(
    '/api/v1/grading/models/:code/check',
    {
      schema: {
        tags,
        summary: '校验评价模型定义（不保存）：列出全部问题及其位置（JSON 路径）',
        params: CodeParams,
        body: Type.Object({ definition: Type.Unknown() }, { additionalProperties: false }),
        response: { 200: ModelCheckSchema },
      },
      preHandler: requirePermission('grading.write'),
    },
    async (req) => {
      const given = req.body.definition
      if (typeof given !== 'object' || given === null || Array.isArray(given))
        return { problems: [{ path: '', message: '定义应为 JSON 对象' }] }
      const def = normaliseModel(given as Record<string, unknown>)
      const problems = modelProblems(def, await classInfo(ctx.db))
      if (def.code && def.code !== req.params.code)
        problems.unshift({
          path: 'code',
          message: `定义中的 code「${def.code}」与所编辑的模型「${req.params.code}」不一致`,
        })
      return { problems }
    },
  )

  api.get(
    '/api/v1/grading/stats',
    {
      schema: {
        tags,
        summary: '评价结果分布：按等级、区县、行业门类（GB/T 4754）和逐月月末',
        querystring: Type.Object({
          model: Type.Optional(ModelCode),
          months: Type.Optional(Type.Integer({ minimum: 1, maximum: 36 })),
        }),
        response: { 200: GradeStatsSchema },
      },
      preHandler: requirePermission('grading.read'),
    },
    async (req) => gradeStats(ctx, req.query.model ?? 'general', req.query.months ?? 12),
  )

  policyRoutes(app, ctx, publicationPolicy, {
    path: '/api/v1/grading/publication',
    tags,
    summaries: {
      get: '评价结果公开政策：门户主体档案展示哪些模型的评价结果（默认不公开）',
      versions: '评价结果公开政策的全部版本',
      diff: '两个版本之间的差异',
      edit: '修改评价结果公开政策（须填写依据；生成新版本并记入审计）',
    },
    read: { preHandler: requirePermission('grading.read') },
    write: 'grading.write',
    schemas: { served: PublicationVersionSchema, version: PublicationVersionSchema, diff: PublicationDiff },
    edit: { field: 'publication', reasonLength: 'service', baseVersion: true, reply: 'served' },
  })

  api.get(
    '/api/v1/entities/:id/grade',
    {
      schema: {
        tags,
        summary: '主体的信用评价结果及说明（每一分对应的记录；默认主体适用的模型、今天）',
        params: Id,
        querystring: Type.Object({ model: Type.Optional(ModelCode), asOf: Type.Optional(Day) }),
        response: { 200: GradeSchema },
      },
      preHandler: requireAnyPermission('grading.read', 'self.read'),
    },
    async (req) => readEntityGrade(ctx, req.principal, requestActor(req), req.params.id, req.query),
  )

  api.post(
    '/api/v1/entities/:id/grade/what-if',
    {
      schema: {
        tags,
        summary: '模拟评价：若所列记录已修复或到期，评价结果如何（不保存）',
        params: Id,
        body: Type.Object(
          {
            exclude: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 1000 }),
            asOf: Type.Optional(Day),
            model: Type.Optional(ModelCode),
          },
          { additionalProperties: false },
        ),
        response: { 200: WhatIfSchema },
      },
      preHandler: requireAnyPermission('grading.read', 'self.read'),
    },
    async (req) => readWhatIf(ctx, req.principal, requestActor(req), req.params.id, req.body),
  )

  api.get(
    '/api/v1/entities/:id/grade/history',
    {
      schema: {
        tags,
        summary: '主体评价结果的历史（每次结果变化一条）',
        params: Id,
        querystring: Type.Object({ model: Type.Optional(ModelCode) }),
        response: { 200: GradeHistorySchema },
      },
      preHandler: requireAnyPermission('grading.read', 'self.read'),
    },
    async (req) => readGradeHistory(ctx, req.principal, requestActor(req), req.params.id, req.query.model),
  )
}
