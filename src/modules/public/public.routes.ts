import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { typed } from '../../http/typed.js'
import { ENTITY_KINDS } from '../entities/index.js'
import { PublicAnswers } from './public.cache.js'
import {
  PublicEntitySchema,
  PublicListIndexSchema,
  PublicListSchema,
  PublicitySchema,
  PublicRecordSchema,
  PublicSearchSchema,
  PublicStatsSchema,
} from './public.presenter.js'
import { type PublicSearchParams, publicSearch, publicSearchQuery } from './public.search.js'
import {
  PUBLICITY_CLASSES,
  type PublicityKind,
  publicList,
  publicListIndex,
  publicPublicity,
  publicRecord,
} from './public.service.js'

export interface PublicRoutesOptions {
  /**
   * Entity files per client per window: stricter than the general limit, so a client reading many files in
   * sequence is throttled. Default: the configuration's publicEntityFileLimit.
   */
  entityFileLimit?: number
  /** The rate-limit window of every public route (default 1 minute). */
  timeWindow?: string | number
  /** Stats are recomputed at most this often per process (default 60 s; 0 = every time). */
  statsCacheMs?: number
  /**
   * Serialised entity files are kept this long per process (default: publicFileCacheSeconds; 0 = no cache), never past their next
   * change, and served only while the entity's change counter in the database is unchanged (changes made by any
   * process show at once).
   */
  entityFileCacheMs?: number
  /** At most this many entity files are cached (default 20,000). */
  entityFileCacheEntries?: number
}

const tags = ['公开']
const idParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
const CACHE_SECONDS = 60

/** Cache for at most `cap` seconds and never past the instant the answer changes by itself (a window's end). */
function cacheFor(reply: FastifyReply, now: Date, nextChange: string | null, cap = CACHE_SECONDS): void {
  let secs = cap
  if (nextChange) secs = Math.min(cap, Math.floor((Date.parse(nextChange) - now.getTime()) / 1000))
  reply.header('cache-control', `public, max-age=${Math.max(0, secs)}`)
}

/**
 * The public API (社会公开): search, entity files, records, lists and figures. No login; every route is
 * rate-limited per client address (trusted clients in config are exempt) and answers with cache headers; every
 * record shown passes the disclosure rule at the request's instant.
 */
export async function publicRoutes(app: FastifyInstance, ctx: Ctx, options: PublicRoutesOptions = {}): Promise<void> {
  const timeWindow = options.timeWindow ?? '1 minute'
  const general = { rateLimit: { max: ctx.config.publicRateLimit, timeWindow } }
  const fileLimit = options.entityFileLimit ?? ctx.config.publicEntityFileLimit
  const fileBudget = { rateLimit: { max: fileLimit, timeWindow } }
  const answers = new PublicAnswers(ctx, {
    statsCacheMs: options.statsCacheMs ?? 60_000,
    entityFileCacheMs: options.entityFileCacheMs ?? ctx.config.publicFileCacheSeconds * 1000,
    entityFileCacheEntries: options.entityFileCacheEntries ?? 20_000,
  })
  app.addHook('onClose', async () => answers.close())
  const r = typed(app)

  r.get(
    '/api/v1/public/search',
    {
      schema: {
        tags,
        summary: '按名称（含曾用名）、统一社会信用代码、注册号或组织机构代码查询主体',
        querystring: Type.Object(
          {
            q: Type.String({ minLength: 1, maxLength: 100 }),
            district: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
            kind: Type.Optional(Type.Unsafe<PublicSearchParams['kind']>({ type: 'string', enum: [...ENTITY_KINDS] })),
            industry: Type.Optional(Type.String({ pattern: '^[A-T]$' })),
            negative: Type.Optional(
              Type.Unsafe<PublicSearchParams['negative']>({ type: 'string', enum: ['true', 'false', '1', '0'] }),
            ),
            list: Type.Optional(
              Type.Unsafe<PublicSearchParams['list']>({ type: 'string', enum: ['black', 'red', 'focus'] }),
            ),
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: PublicSearchSchema },
      },
      config: general,
    },
    async (req, reply) => {
      const now = ctx.clock.now()
      const result = await publicSearch(ctx, publicSearchQuery(req.query), now)
      cacheFor(reply, now, null)
      return result
    },
  )

  r.get(
    '/api/v1/public/entities/:id',
    {
      schema: {
        tags,
        summary: '主体公开信用档案（一户一档）',
        params: idParams,
        response: { 200: PublicEntitySchema },
      },
      config: fileBudget,
    },
    async (req, reply) => {
      const now = ctx.clock.now()
      // serialised by the route's response schema (the whitelist), then kept as text
      const answer = await answers.entityFile(req.params.id, now, (file) => reply.serialize(file) as string)
      cacheFor(reply, now, answer.nextChange)
      reply.type('application/json; charset=utf-8')
      // the kept text is already the serialised answer: sent as it is (not through the schema's serialiser again)
      return (reply as FastifyReply).send(answer.body)
    },
  )

  r.get(
    '/api/v1/public/records/:id',
    {
      schema: {
        tags,
        summary: '公开信用记录详情（仅在公示期内）',
        params: idParams,
        response: { 200: PublicRecordSchema },
      },
      config: general,
    },
    async (req, reply) => {
      const now = ctx.clock.now()
      const { value, nextChange } = await publicRecord(ctx, req.params.id, now)
      cacheFor(reply, now, nextChange)
      return value
    },
  )

  r.get(
    '/api/v1/public/lists/:class',
    {
      schema: {
        tags,
        summary: '红名单、黑名单、重点关注名单（按名单类别）',
        params: Type.Object({ class: Type.String({ minLength: 1, maxLength: 64 }) }),
        querystring: Type.Object(
          {
            q: Type.Optional(
              Type.String({ maxLength: 60, description: '主体名称或决定文书号中的文字，或完整的统一社会信用代码' }),
            ),
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: PublicListSchema },
      },
      config: general,
    },
    async (req, reply) => {
      const now = ctx.clock.now()
      const { value, nextChange } = await publicList(
        ctx,
        req.params.class,
        req.query.page ?? 1,
        req.query.pageSize ?? 20,
        now,
        req.query.q ?? '',
      )
      cacheFor(reply, now, nextChange)
      return value
    },
  )

  r.get(
    '/api/v1/public/lists',
    {
      schema: {
        tags,
        summary: '全部红名单、黑名单、重点关注名单类别及其当前列入记录数和主体数',
        response: { 200: PublicListIndexSchema },
      },
      config: general,
    },
    async (_req, reply) => {
      const now = ctx.clock.now()
      cacheFor(reply, now, null)
      return publicListIndex(ctx, now)
    },
  )

  const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
  r.get(
    '/api/v1/public/publicity/:kind',
    {
      schema: {
        tags,
        summary: '双公示：公示期内的行政许可（license）或行政处罚（penalty），按部门、区县、决定日期和关键字筛选',
        params: Type.Object({
          kind: Type.Unsafe<PublicityKind>({ type: 'string', enum: Object.keys(PUBLICITY_CLASSES) }),
        }),
        querystring: Type.Object(
          {
            dept: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: '数据来源单位（部门代码）' })),
            district: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '主体所在区县（行政区划代码）' })),
            from: Type.Optional({ ...Day, description: '决定日期起（含）' }),
            to: Type.Optional({ ...Day, description: '决定日期止（含）' }),
            q: Type.Optional(
              Type.String({ maxLength: 60, description: '单位名称或决定文书号中的文字，或完整的统一社会信用代码' }),
            ),
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: PublicitySchema },
      },
      config: general,
    },
    async (req, reply) => {
      const now = ctx.clock.now()
      const { page = 1, pageSize = 20, ...filter } = req.query
      const { value, nextChange } = await publicPublicity(ctx, req.params.kind, filter, page, pageSize, now)
      cacheFor(reply, now, nextChange)
      return value
    },
  )

  r.get(
    '/api/v1/public/stats',
    { schema: { tags, summary: '信用数据概览（门户首页）', response: { 200: PublicStatsSchema } }, config: general },
    async (_req, reply) => {
      const { value, maxAgeSeconds } = await answers.stats(ctx.clock.now())
      reply.header('cache-control', `public, max-age=${maxAgeSeconds}`)
      return value
    },
  )
}
