import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { diffQuerystring, diffRange, versionQuerystring } from '../../core/versioned-policy.js'
import { requirePermission } from '../../http/guards.js'
import { can, principalActor } from '../access/index.js'
import { catalogError } from './catalog.errors.js'
import { classSummarySchema, presentPublicSummary, ruleSetSchema, versionInfoSchema } from './catalog.presenter.js'
import {
  classVersions,
  diffClassVersions,
  getClass,
  listClasses,
  listRuleSets,
  updateClass,
} from './catalog.service.js'
import { compileClass } from './catalog.validate.js'

const tags = ['目录']
const codeParams = {
  type: 'object',
  required: ['code'],
  properties: { code: { type: 'string', pattern: '^[a-z][a-z0-9_]{1,63}$' } },
} as const
const anyObject = { type: 'object', additionalProperties: true } as const

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

  app.get<{ Params: { code: string }; Querystring: { version?: number } }>(
    '/api/v1/catalog/classes/:code',
    {
      schema: {
        tags,
        summary: '类别定义（默认当前版本，?version= 指定历史版本）',
        params: codeParams,
        querystring: versionQuerystring,
        response: { 200: anyObject },
      },
      preHandler: requirePermission('catalog.read'),
    },
    async (req) => getClass(ctx.db, req.params.code, req.query.version),
  )

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

  app.get<{ Params: { code: string } }>(
    '/api/v1/catalog/classes/:code/versions',
    {
      schema: {
        tags,
        summary: '类别的全部版本（来源、修改人、修改原因）',
        params: codeParams,
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: versionInfoSchema } } } },
      },
      preHandler: requirePermission('catalog.read'),
    },
    async (req) => ({ items: await classVersions(ctx.db, req.params.code) }),
  )

  app.get<{ Params: { code: string }; Querystring: { from?: number; to?: number } }>(
    '/api/v1/catalog/classes/:code/diff',
    {
      schema: {
        tags,
        summary: '两个版本之间的字段级差异（默认：当前版本与上一版本）',
        params: codeParams,
        querystring: diffQuerystring,
        response: { 200: anyObject },
      },
      preHandler: requirePermission('catalog.read'),
    },
    async (req) => {
      const { from, to } = await diffRange(req.query, async () => (await getClass(ctx.db, req.params.code)).version)
      if (from < 1) throw catalogError('catalog.version_not_found', { code: req.params.code, version: from })
      return diffClassVersions(ctx.db, req.params.code, from, to)
    },
  )

  app.put<{
    Params: { code: string }
    Body: { definition: Record<string, unknown>; reason: string; baseVersion?: number }
  }>(
    '/api/v1/catalog/classes/:code',
    {
      schema: {
        tags,
        summary: '修改类别（生成新版本并记入审计；代码不存在时新增地方补充类别）',
        params: codeParams,
        body: {
          type: 'object',
          required: ['definition', 'reason'],
          additionalProperties: false,
          properties: {
            definition: { type: 'object', additionalProperties: true },
            reason: { type: 'string', minLength: 2, maxLength: 500 },
            baseVersion: { type: 'integer', minimum: 0 },
          },
        },
        response: { 200: anyObject },
      },
      preHandler: requirePermission('catalog.write'),
    },
    async (req) =>
      updateClass(ctx, principalActor(req.principal, req.id), req.params.code, req.body.definition, req.body.reason, {
        baseVersion: req.body.baseVersion,
      }),
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
