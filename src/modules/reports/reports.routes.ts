import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requirePermission } from '../../http/guards.js'
import { anonymousOnly } from '../../http/plugins/rate-limit.js'
import { typed } from '../../http/typed.js'
import { CodeParams, CodeVersionInfo, ItemsOf, OpenObject, policyRoutes } from '../policies/index.js'
import { ReportPageSchema, StoredReportSchema, TemplateSchema, VerifySummarySchema } from './reports.presenter.js'
import { templatePolicy } from './reports.policy.js'
import { listReports, listTemplates, readReport, reportPdf, subjectReports, verifyReport } from './reports.service.js'
import { REPORT_KINDS } from './reports.template.js'

const tags = ['信用报告']
const NumberParams = Type.Object({ number: Type.String({ minLength: 4, maxLength: 40, pattern: '^[0-9A-Za-z]+$' }) })
const CodeQuery = Type.Object({ code: Type.Optional(Type.String({ minLength: 4, maxLength: 32 })) })
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
const Kind = Type.Unsafe<string>({ type: 'string', enum: [...REPORT_KINDS] })
const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
}

/** Reading and verifying issued reports, and the templates (issuing is the flow's: src/flows/reports). */
export async function reportRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const api = typed(app)
  const publicRate = { config: { rateLimit: { max: ctx.config.publicRateLimit, timeWindow: '1 minute' } } }
  // reads of reports by anonymous holders of a public overview's code count in the public budget
  const holders = { config: { rateLimit: anonymousOnly(ctx, ctx.config.publicEntityFileLimit) } }

  api.get(
    '/api/v1/report-templates',
    {
      schema: { tags, summary: '报告种类及其模板（当前版本）', response: { 200: ItemsOf(TemplateSchema) } },
      ...publicRate,
    },
    async () => ({ items: await listTemplates(ctx.db) }),
  )

  policyRoutes(app, ctx, templatePolicy, {
    path: '/api/v1/report-templates/:code',
    params: CodeParams,
    tags,
    summaries: {
      get: '报告模板（默认当前版本，?version= 指定历史版本）',
      versions: '报告模板的全部版本',
      diff: '两个版本之间的差异',
      edit: '修改报告模板（生成新版本并记入审计）',
    },
    read: publicRate,
    write: 'catalog.write',
    schemas: { served: TemplateSchema, version: CodeVersionInfo, diff: OpenObject },
    edit: { field: 'definition', baseVersion: true, reply: 'served' },
  })

  api.get(
    '/api/v1/reports',
    {
      schema: {
        tags,
        summary: '已出具的信用报告（运维、审计看全部；部门只看本部门出具的）',
        querystring: Type.Object({
          entityId: Type.Optional(Type.String({ maxLength: 64 })),
          kind: Type.Optional(Kind),
          dept: Type.Optional(Type.String({ maxLength: 64 })),
          from: Type.Optional(Day),
          to: Type.Optional(Day),
          ...Paging,
        }),
        response: { 200: ReportPageSchema },
      },
      preHandler: requirePermission('report.read'),
    },
    async (req) => listReports(ctx, req.principal, req.query),
  )

  api.get(
    '/api/v1/me/reports',
    {
      schema: {
        tags,
        summary: '本主体的信用报告（不论由谁出具）',
        querystring: Type.Object({ kind: Type.Optional(Kind), ...Paging }),
        response: { 200: ReportPageSchema },
      },
      preHandler: requirePermission('self.read'),
    },
    async (req) => {
      const entityId = req.principal.entityId
      if (!entityId) return { total: 0, page: 1, pageSize: req.query.pageSize ?? 20, items: [] }
      return subjectReports(ctx, entityId, req.query)
    },
  )

  api.get(
    '/api/v1/reports/:number/json',
    {
      schema: {
        tags,
        summary:
          '报告的规范化 JSON 文档（RFC 8785）、签名和审计日志证明（主体本身、出具者；公共信用信息概况也可凭核验码 ?code=）',
        params: NumberParams,
        querystring: CodeQuery,
        response: { 200: StoredReportSchema },
      },
      ...holders,
    },
    async (req) => readReport(ctx, req.principal, req.params.number, req.query.code),
  )

  api.get(
    '/api/v1/reports/:number/pdf',
    {
      schema: {
        tags,
        summary: '报告 PDF（内嵌 JSON、签名和证明；出具时未生成的在此补生成一次）',
        params: NumberParams,
        querystring: CodeQuery,
      },
      ...holders,
    },
    async (req, reply) => {
      const { number, pdf } = await reportPdf(ctx, req.principal, req.params.number, req.query.code)
      reply.header('content-type', 'application/pdf')
      reply.header('content-disposition', `attachment; filename="${number}.pdf"`)
      reply.header('cache-control', 'private, no-store')
      return reply.send(pdf)
    },
  )

  api.get(
    '/api/v1/public/reports/:number',
    {
      schema: {
        tags: ['公开', ...tags],
        summary: '在线核验信用报告：报告摘要和状态（有效、已过有效期、信息已更新）；编号或核验码不对均返回 404',
        params: NumberParams,
        querystring: Type.Object({ code: Type.String({ minLength: 4, maxLength: 32 }) }),
        response: { 200: VerifySummarySchema },
      },
      preHandler: requirePermission('report.verify'),
      config: { rateLimit: { max: ctx.config.publicEntityFileLimit, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store')
      return verifyReport(ctx, req.params.number, req.query.code)
    },
  )
}
