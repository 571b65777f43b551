import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { CodeParams, CodeVersionInfo, ItemsOf, OpenObject, policyRoutes, VersionQuery } from '../policies/index.js'
import { classPolicy } from './catalog.policy.js'
import { ClassRowSchema, ClassSummary, RuleSet } from './catalog.presenter.js'
import { catalogListFor, classRowSchema, listRuleSets } from './catalog.service.js'

const tags = ['目录']

/**
 * The credit information catalog. The list is public (the catalog itself is public information: what is collected,
 * how public it is, on what basis); definitions, versions and diffs need catalog.read; edits need catalog.write.
 */
export async function catalogRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const api = typed(app)
  const publicRate = { rateLimit: { max: ctx.config.publicRateLimit, timeWindow: '1 minute' } }

  api.get(
    '/api/v1/catalog/classes',
    {
      schema: {
        tags,
        summary: '信用信息目录：类别列表（公众可见概要；有目录查看权限时含提供部门、来源与更新时间）',
        querystring: Type.Object({ includeRetired: Type.Optional(Type.Boolean({ default: false })) }),
        response: { 200: ItemsOf(ClassSummary) },
      },
      config: publicRate,
    },
    async (req) => catalogListFor(ctx, req.principal, req.query),
  )

  const read = { preHandler: requirePermission('catalog.read') }
  policyRoutes(app, ctx, classPolicy, {
    path: '/api/v1/catalog/classes/:code',
    params: CodeParams,
    tags,
    summaries: {
      get: '类别定义（默认当前版本，?version= 指定历史版本）',
      versions: '类别的全部版本（来源、修改人、修改原因）',
      diff: '两个版本之间的字段级差异（默认：当前版本与上一版本）',
      edit: '修改类别（生成新版本并记入审计；代码不存在时新增地方补充类别）',
    },
    read,
    write: 'catalog.write',
    schemas: { served: OpenObject, version: CodeVersionInfo, diff: OpenObject },
    edit: { field: 'definition', baseVersion: true, reply: 'served' },
  })

  api.get(
    '/api/v1/catalog/classes/:code/schema',
    {
      schema: {
        tags,
        summary:
          '类别的数据行 JSON Schema（值为规范化后的形式：日期 YYYY-MM-DD，金额以元计的十进制字符串，多值为数组）',
        params: CodeParams,
        querystring: VersionQuery,
        response: { 200: ClassRowSchema },
      },
      ...read,
    },
    async (req) => classRowSchema(ctx.db, req.params.code, req.query.version),
  )

  api.get(
    '/api/v1/catalog/publication-rules',
    {
      schema: {
        tags,
        summary: '公示期限规则（按决定日期适用：2019 版与 2026 版）',
        response: { 200: ItemsOf(RuleSet) },
      },
      config: publicRate,
    },
    async () => ({ items: await listRuleSets(ctx.db) }),
  )
}
