import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { versionQuerystring } from '../../core/versioned-policy.js'
import { requirePermission } from '../../http/guards.js'
import { can } from '../access/index.js'
import { anyObject, policyRoutes, versionInfoSchema } from '../policies/index.js'
import { classPolicy } from './catalog.policy.js'
import { classSummarySchema, presentPublicSummary, ruleSetSchema } from './catalog.presenter.js'
import { getClass, listClasses, listRuleSets } from './catalog.service.js'
import { compileClass } from './catalog.validate.js'

const tags = ['目录']
const codeParams = {
  type: 'object',
  required: ['code'],
  properties: { code: { type: 'string', pattern: '^[a-z][a-z0-9_]{1,63}$' } },
} as const

/**
 * The credit information catalog. The list is public (the catalog itself is public information: what is collected,
 * how public it is, on what basis); definitions, versions and diffs need catalog.read; edits need catalog.write.
 */
export async function catalogRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const publicRate = { rateLimit: { max: ctx.config.publicRateLimit, timeWindow: '1 minute' } }

  app.get<{ Querystring: { includeRetired?: boolean } }>(
    '/api/v1/catalog/classes',
    {
      schema: {
        tags,
        summary: '信用信息目录：类别列表（公众可见概要；有目录查看权限时含提供部门、来源与更新时间）',
        querystring: { type: 'object', properties: { includeRetired: { type: 'boolean', default: false } } },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: classSummarySchema } } } },
      },
      config: publicRate,
    },
    async (req) => {
      const full = can(req.principal, 'catalog.read')
      const items = await listClasses(ctx, { includeRetired: full && req.query.includeRetired === true })
      return { items: full ? items : items.map(presentPublicSummary) }
    },
  )

  const read = { preHandler: requirePermission('catalog.read') }
  policyRoutes(app, ctx, classPolicy, {
    path: '/api/v1/catalog/classes/:code',
    params: codeParams,
    tags,
    summaries: {
      get: '类别定义（默认当前版本，?version= 指定历史版本）',
      versions: '类别的全部版本（来源、修改人、修改原因）',
      diff: '两个版本之间的字段级差异（默认：当前版本与上一版本）',
      edit: '修改类别（生成新版本并记入审计；代码不存在时新增地方补充类别）',
    },
    read,
    write: 'catalog.write',
    schemas: { served: anyObject, version: versionInfoSchema('code'), diff: anyObject },
    edit: { field: 'definition', baseVersion: true, reply: 'served' },
  })

  app.get<{ Params: { code: string }; Querystring: { version?: number } }>(
    '/api/v1/catalog/classes/:code/schema',
    {
      schema: {
        tags,
        summary:
          '类别的数据行 JSON Schema（值为规范化后的形式：日期 YYYY-MM-DD，金额以元计的十进制字符串，多值为数组）',
        params: codeParams,
        querystring: versionQuerystring,
        response: { 200: anyObject },
      },
      preHandler: requirePermission('catalog.read'),
    },
    async (req) => {
      const cls = await getClass(ctx.db, req.params.code, req.query.version)
      return { code: cls.code, version: cls.version, schema: compileClass(cls).schema }
    },
  )

  app.get(
    '/api/v1/catalog/publication-rules',
    {
      schema: {
        tags,
        summary: '公示期限规则（按决定日期适用：2019 版与 2026 版）',
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: ruleSetSchema } } } },
      },
      config: publicRate,
    },
    async () => ({ items: await listRuleSets(ctx.db) }),
  )
}
