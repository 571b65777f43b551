import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor, requirePermission } from '../../http/guards.js'
import { StringEnum, typed } from '../../http/typed.js'
import {
  CONTENT_SECTIONS,
  CONTENT_STATUSES,
  ContentDetailSchema,
  ContentPageSchema,
  CreateContentBody,
  EditContentBody,
  PreviewBody,
  PreviewSchema,
  PublicContentLatestSchema,
  PublicContentPageSchema,
  PublicContentSchema,
  PublishContentBody,
  UnpublishContentBody,
} from './content.presenter.js'
import {
  createContent,
  editContent,
  getContent,
  latestContent,
  listContent,
  previewContent,
  publicContentItem,
  publicContentPage,
  publishContent,
  unpublishContent,
} from './content.service.js'

const tags = ['门户内容']
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
const Section = StringEnum(CONTENT_SECTIONS, {
  description: '栏目：policies 政策法规、news 新闻动态、cases 典型案例、notices 通知公告',
})

/**
 * Portal content: the portal reads published articles (no login, rate-limited as every public route); operators
 * (content.write) write, publish and take down articles in the console.
 */
export async function contentRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const r = typed(app)
  const general = { rateLimit: { max: ctx.config.publicRateLimit, timeWindow: '1 minute' } }
  const write = requirePermission('content.write')

  // ---------------------------------------------------------------- the portal

  r.get(
    '/api/v1/public/content',
    {
      schema: {
        tags,
        summary: '已发布的门户内容（按栏目，最新在前）',
        querystring: Type.Object(
          {
            section: Type.Optional(Section),
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: PublicContentPageSchema },
      },
      config: general,
    },
    async (req, reply) => {
      reply.header('cache-control', 'public, max-age=60')
      return publicContentPage(ctx, req.query.section, req.query.page ?? 1, req.query.pageSize ?? 20)
    },
  )

  r.get(
    '/api/v1/public/content/latest',
    {
      schema: {
        tags,
        summary: '各栏目最新发布的内容（门户首页）',
        querystring: Type.Object(
          { per: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, default: 5 })) },
          { additionalProperties: false },
        ),
        response: { 200: PublicContentLatestSchema },
      },
      config: general,
    },
    async (req, reply) => {
      reply.header('cache-control', 'public, max-age=60')
      return latestContent(ctx, req.query.per ?? 5)
    },
  )

  r.get(
    '/api/v1/public/content/:id',
    {
      schema: {
        tags,
        summary: '一篇已发布的内容（正文为 HTML）',
        params: IdParams,
        response: { 200: PublicContentSchema },
      },
      config: general,
    },
    async (req, reply) => {
      reply.header('cache-control', 'public, max-age=60')
      return publicContentItem(ctx, req.params.id)
    },
  )

  // ---------------------------------------------------------------- the console

  r.get(
    '/api/v1/content',
    {
      schema: {
        tags,
        summary: '门户内容列表（含草稿和已撤下的，最近修改在前）',
        querystring: Type.Object(
          {
            section: Type.Optional(Section),
            status: Type.Optional(
              StringEnum(CONTENT_STATUSES, { description: 'draft 草稿、published 已发布、unpublished 已撤下' }),
            ),
            q: Type.Optional(Type.String({ maxLength: 60, description: '标题中的文字' })),
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ContentPageSchema },
      },
      preHandler: write,
    },
    async (req) =>
      listContent(
        ctx,
        { section: req.query.section, status: req.query.status, q: req.query.q },
        req.query.page ?? 1,
        req.query.pageSize ?? 20,
      ),
  )

  r.post(
    '/api/v1/content',
    {
      schema: {
        tags,
        summary: '新建内容（草稿，第 1 版）',
        body: CreateContentBody,
        response: { 201: ContentDetailSchema },
      },
      preHandler: write,
    },
    async (req, reply) => reply.code(201).send(await createContent(ctx, requestActor(req), req.body)),
  )

  r.post(
    '/api/v1/content/preview',
    {
      schema: {
        tags,
        summary: '预览正文（Markdown 转为门户显示的 HTML）',
        body: PreviewBody,
        response: { 200: PreviewSchema },
      },
      preHandler: write,
    },
    async (req) => previewContent(req.body.body),
  )

  r.get(
    '/api/v1/content/:id',
    {
      schema: {
        tags,
        summary: '内容详情：状态、最新版本（或 ?version= 指定版本）和全部版本',
        params: IdParams,
        querystring: Type.Object(
          { version: Type.Optional(Type.Integer({ minimum: 1 })) },
          { additionalProperties: false },
        ),
        response: { 200: ContentDetailSchema },
      },
      preHandler: write,
    },
    async (req) => getContent(ctx, req.params.id, req.query.version),
  )

  r.put(
    '/api/v1/content/:id',
    {
      schema: {
        tags,
        summary: '修改内容：保存为新版本（已发布的仍显示已发布的版本，直到发布新版本）',
        params: IdParams,
        body: EditContentBody,
        response: { 200: ContentDetailSchema },
      },
      preHandler: write,
    },
    async (req) => editContent(ctx, requestActor(req), req.params.id, req.body),
  )

  r.post(
    '/api/v1/content/:id/publish',
    {
      schema: {
        tags,
        summary: '发布某一版本到门户（可发布历史版本以恢复）',
        params: IdParams,
        body: PublishContentBody,
        response: { 200: ContentDetailSchema },
      },
      preHandler: write,
    },
    async (req) => publishContent(ctx, requestActor(req), req.params.id, req.body),
  )

  r.post(
    '/api/v1/content/:id/unpublish',
    {
      schema: {
        tags,
        summary: '从门户撤下（保留全部版本，可再次发布）',
        params: IdParams,
        body: UnpublishContentBody,
        response: { 200: ContentDetailSchema },
      },
      preHandler: write,
    },
    async (req) => unpublishContent(ctx, requestActor(req), req.params.id, req.body),
  )
}
