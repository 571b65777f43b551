import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { requestActor, requirePermission } from '../../http/guards.js'
import { typed } from '../../http/typed.js'
import { type AccessLogQuery, accessLog, accessLogWorkbook, subjectEntry } from './access-log.js'
import { boundEntity, subjectFile } from './me-file.js'
import { AccessLogSchema, MeFileSchema, OperatorAccessLogSchema } from './me.presenter.js'

const tags = ['本人信用']
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const Day = Type.String({ format: 'date', description: '日期（YYYY-MM-DD，北京时间），含当日' })
const LogQuery = Type.Object({
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
})
const ExportQuery = Type.Object({ from: Type.Optional(Day), to: Type.Optional(Day) })
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
const xlsxResponse = {
  200: {
    description: '查询记录工作簿（XLSX）',
    content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
  },
}

function fileName(entityId: string, q: AccessLogQuery): { ascii: string; display: string } {
  const span = `${q.from ?? ''}${q.from || q.to ? '_' : ''}${q.to ?? ''}`
  return {
    ascii: `access-log-${entityId}${span ? `-${span}` : ''}.xlsx`,
    display: `查询记录-${entityId}${span ? `-${span}` : ''}.xlsx`,
  }
}

/** The subject's own file and access log (/api/v1/me/...), and an entity's access log for auditors. */
export async function meRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const r = typed(app)
  r.get(
    '/api/v1/me/file',
    {
      schema: {
        tags,
        summary:
          '本人（本单位）完整信用档案：各公开范围、各状态（有效、已到期、已撤销、已更正、已修复）的记录及历史版本，标注、名单、承诺、核查、办件',
        response: { 200: MeFileSchema },
      },
      preHandler: requirePermission('self.read'),
    },
    async (req) => subjectFile(ctx, req.principal),
  )

  r.get(
    '/api/v1/me/access-log',
    {
      schema: {
        tags,
        summary: '本人（本单位）非公开信息被查询的记录：时间、部门、角色、用途、查询内容（最新在前，分页）',
        querystring: LogQuery,
        response: { 200: AccessLogSchema },
      },
      preHandler: requirePermission('self.access_log'),
    },
    async (req) => {
      const log = await accessLog(ctx, boundEntity(req.principal), req.query)
      return { ...log, items: log.items.map(subjectEntry) }
    },
  )

  r.get(
    '/api/v1/me/access-log.xlsx',
    {
      schema: { tags, summary: '导出本人查询记录（XLSX）', querystring: ExportQuery, response: xlsxResponse },
      preHandler: requirePermission('self.access_log'),
    },
    async (req, reply) => {
      const entityId = boundEntity(req.principal)
      const file = await accessLogWorkbook(ctx, entityId, req.query)
      const name = fileName(entityId, req.query)
      reply.header('content-type', XLSX)
      reply.header(
        'content-disposition',
        `attachment; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.display)}`,
      )
      reply.header('x-total-count', String(file.total))
      return file.body
    },
  )

  r.get(
    '/api/v1/entities/:id/access-log',
    {
      schema: {
        tags,
        summary: '主体非公开信息被查询的记录（审计）：与该主体本人所见相同，另含操作账户与请求编号',
        params: IdParams,
        querystring: LogQuery,
        response: { 200: OperatorAccessLogSchema },
      },
      preHandler: requirePermission('audit.read'),
    },
    async (req) => accessLog(ctx, req.params.id, req.query),
  )

  r.get(
    '/api/v1/entities/:id/access-log.xlsx',
    {
      schema: {
        tags,
        summary: '导出主体查询记录（XLSX，审计；导出本身记入审计日志）',
        params: IdParams,
        querystring: ExportQuery,
        response: xlsxResponse,
      },
      preHandler: requirePermission('audit.read'),
    },
    async (req, reply) => {
      const file = await accessLogWorkbook(ctx, req.params.id, req.query, { operator: requestActor(req) })
      const name = fileName(req.params.id, req.query)
      reply.header('content-type', XLSX)
      reply.header(
        'content-disposition',
        `attachment; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.display)}`,
      )
      reply.header('x-total-count', String(file.total))
      return file.body
    },
  )
}
