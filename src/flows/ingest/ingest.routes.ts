import { PassThrough } from 'node:stream'
import ExcelJS from '../../modules/ingest/parse/exceljs.js'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Ctx } from '../../core/context.js'
import { safeCsv } from '../../core/csv.js'
import { coreError } from '../../core/errors.js'
import { isTrue } from '../../http/flag.js'
import { requirePermission } from '../../http/guards.js'
import { receiveUpload } from '../../http/uploads.js'
import { principalActor } from '../../modules/access/index.js'
import { getClass } from '../../modules/catalog/index.js'
import { countBatches, listBatches } from '../../modules/records/index.js'
import { batchFor, batchIssues, batchJson } from './batch-queries.js'
import { writeErrorReport } from './error-report.js'
import { importFile, parseDeclaredEncoding } from './import-file.js'
import { ingestError } from './ingest.errors.js'
import type { IngestResult, IngestRowInput } from './ingest.types.js'
import { revokeSubmittedBatch } from './revoke-batch.js'
import { runIngest } from './run-ingest.js'

export const MAX_API_ROWS = 10_000
const tags = ['数据归集']

const summarySchema = {
  type: 'object',
  properties: {
    batchId: { type: ['string', 'null'] },
    total: { type: 'integer' },
    accepted: { type: 'integer' },
    rejected: { type: 'integer' },
    duplicates: { type: 'integer' },
    corrected: { type: 'integer' },
    revoked: { type: 'integer' },
    warnings: { type: 'integer' },
    late: { type: 'integer' },
    status: { type: 'string' },
    issues: {
      type: 'array',
      description: '试运行时返回前 200 条问题（正式提交请下载错误报告）',
      items: {
        type: 'object',
        properties: {
          rowNo: { type: 'integer' },
          level: { type: 'string' },
          field: { type: ['string', 'null'] },
          code: { type: 'string' },
          message: { type: 'string' },
          value: { type: ['string', 'null'] },
        },
      },
    },
  },
} as const

const DRY_RUN_ISSUES = 200

/** The batch summary; a dry run stores no batch, so its first problems come with the answer. */
function summary(r: IngestResult) {
  const { issues, ...rest } = r
  return issues ? { ...rest, issues: issues.slice(0, DRY_RUN_ISSUES) } : rest
}

/** The department a request submits for: its own, or (operators) the one named in the request. */
function submittingDept(req: FastifyRequest, named: string | undefined): string | null {
  const p = req.principal
  if (p.dept) {
    if (named && named !== p.dept)
      throw ingestError('ingest.provider_not_allowed', { dept: named, className: '本批数据' })
    return p.dept
  }
  return named ?? null
}

function toRows(rows: Record<string, unknown>[]): { headers: string[]; rows: IngestRowInput[] } {
  const headers = new Set<string>()
  const out = rows.map((r, i) => {
    const values: Record<string, string> = {}
    for (const [k, v] of Object.entries(r)) {
      headers.add(k)
      if (v === null || v === undefined) continue
      values[k] = Array.isArray(v) ? v.join(';') : typeof v === 'object' ? JSON.stringify(v) : String(v)
    }
    return { rowNo: i + 1, values }
  })
  return { headers: [...headers], rows: out }
}

export async function ingestRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.post<{ Body: { class: string; rows: Record<string, unknown>[]; dept?: string; dryRun?: boolean } }>(
    '/api/v1/batches',
    {
      schema: {
        tags,
        summary: '报送一批信用信息（最多 10,000 行，按字段代码、中文名称或别名）',
        body: {
          type: 'object',
          required: ['class', 'rows'],
          properties: {
            class: { type: 'string', minLength: 1, maxLength: 64 },
            dept: { type: 'string', maxLength: 32 },
            dryRun: { type: 'boolean' },
            rows: { type: 'array', items: { type: 'object' } },
          },
        },
        response: { 200: summarySchema },
      },
      preHandler: requirePermission('batch.submit'),
    },
    async (req) => {
      if (req.body.rows.length > MAX_API_ROWS) throw ingestError('ingest.too_many_rows', { max: MAX_API_ROWS })
      const dept = submittingDept(req, req.body.dept)
      if (!dept) throw ingestError('ingest.dept_required')
      const { headers, rows } = toRows(req.body.rows)
      return summary(
        await runIngest(ctx, principalActor(req.principal, req.id), {
          classCode: req.body.class,
          dept,
          channel: 'api',
          headers,
          rows,
          dryRun: req.body.dryRun,
        }),
      )
    },
  )

  // imports an upload left running after answering (field async): the app closes only once they end
  const running = new Set<Promise<unknown>>()
  app.addHook('onClose', async () => {
    await Promise.allSettled([...running])
  })

  app.post(
    '/api/v1/batches/upload',
    {
      schema: {
        tags,
        summary: '上传数据文件（multipart：class, dept, dryRun, encoding, async, file）',
        description:
          '默认处理完毕后返回批次摘要。async=true 时，批次建立后立即返回 202 和批次（status 为 running），' +
          '文件在后台继续处理，用 GET /api/v1/batches/:id 查看进度（total 为已处理的行数）与结果；试运行总是处理完毕后返回。',
        consumes: ['multipart/form-data'],
      },
      preHandler: requirePermission('batch.submit'),
    },
    async (req, reply) => {
      const upload = await receiveUpload(req, reply, { prefix: 'gongxin-upload-' })
      let handedOff = false
      try {
        const { fields, file } = upload
        if (!file) throw coreError('core.validation', { problems: ['缺少上传文件（字段 file）'] })
        if (!fields.class) throw coreError('core.validation', { problems: ['缺少信用信息类别（字段 class）'] })
        const dept = submittingDept(req, fields.dept || undefined)
        const encoding = fields.encoding ? parseDeclaredEncoding(fields.encoding) : undefined
        if (encoding === null)
          throw coreError('core.validation', {
            problems: [`文件编码（字段 encoding）应为 utf-8 或 gbk，收到「${fields.encoding}」`],
          })
        const dryRun = isTrue(fields.dryRun)
        let started: (batchId: string) => void = () => {}
        const batchStarted = new Promise<string>((resolve) => {
          started = resolve
        })
        const run = importFile(ctx, principalActor(req.principal, req.id), {
          path: file.path,
          fileName: file.fileName,
          classCode: fields.class,
          dept,
          channel: 'upload',
          dryRun,
          ...(encoding ? { encoding } : {}),
          onBatch: started,
        })
        if (dryRun || !isTrue(fields.async)) return summary(await run)
        // answer once the batch exists (a file refused as a whole is still refused here), go on in the background,
        // keeping the upload's slot until the file has been read
        const batchId = await Promise.race([batchStarted, run.then((r) => r.batchId as string)])
        handedOff = true
        const background = run
          .catch((e: unknown) => req.log.error({ err: e, batchId }, 'upload import failed'))
          .finally(() => upload.done())
        running.add(background)
        void background.finally(() => running.delete(background))
        reply.code(202)
        return batchJson(await batchFor(ctx.db, req.principal, batchId), ctx.clock.now())
      } finally {
        if (!handedOff) await upload.done()
      }
    },
  )

  app.get<{ Querystring: { page?: number; pageSize?: number } }>(
    '/api/v1/batches',
    {
      schema: {
        tags,
        summary: '报送批次列表（本部门；运维与审计可看全部）',
        querystring: {
          type: 'object',
          properties: {
            page: { type: 'integer', minimum: 1, default: 1 },
            pageSize: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          },
        },
      },
      preHandler: requirePermission('batch.read'),
    },
    async (req) => {
      const p = req.principal
      const all = p.role === 'operator' || p.role === 'auditor'
      const page = req.query.page ?? 1
      const size = req.query.pageSize ?? 20
      const filter = { dept: all ? undefined : (p.dept ?? '\u0000') }
      const [total, rows] = await Promise.all([
        countBatches(ctx.db, filter),
        listBatches(ctx.db, filter, (page - 1) * size, size),
      ])
      const now = ctx.clock.now()
      return { total, items: rows.map((b) => batchJson(b, now)) }
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/v1/batches/:id',
    {
      schema: { tags, summary: '批次状态与计数', params: { type: 'object', properties: { id: { type: 'string' } } } },
      preHandler: requirePermission('batch.read'),
    },
    async (req) => batchJson(await batchFor(ctx.db, req.principal, req.params.id), ctx.clock.now()),
  )

  app.get<{ Params: { id: string }; Querystring: { format?: 'csv' | 'xlsx' } }>(
    '/api/v1/batches/:id/errors',
    {
      schema: {
        tags,
        summary: '下载批次错误报告（CSV 或 XLSX：行号、字段、错误代码、说明、原始值）',
        params: { type: 'object', properties: { id: { type: 'string' } } },
        querystring: {
          type: 'object',
          properties: { format: { type: 'string', enum: ['csv', 'xlsx'], default: 'csv' } },
        },
      },
      preHandler: requirePermission('batch.read'),
    },
    async (req, reply) => {
      const b = await batchFor(ctx.db, req.principal, req.params.id)
      const format = req.query.format ?? 'csv'
      const issues = await batchIssues(ctx.db, b.id)
      const body = new PassThrough()
      reply.header(
        'content-type',
        format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      )
      reply.header('content-disposition', `attachment; filename="batch-${b.id}-errors.${format}"`)
      void writeErrorReport(issues, format, body).catch((e) => body.destroy(e as Error))
      return reply.send(body)
    },
  )

  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/api/v1/batches/:id/revoke',
    {
      schema: {
        tags,
        summary: '撤销整个批次',
        params: { type: 'object', properties: { id: { type: 'string' } } },
        body: {
          type: 'object',
          required: ['reason'],
          properties: { reason: { type: 'string', minLength: 2, maxLength: 500 } },
        },
      },
      preHandler: requirePermission('record.correct'),
    },
    async (req) => {
      await batchFor(ctx.db, req.principal, req.params.id)
      return {
        batchId: req.params.id,
        ...(await revokeSubmittedBatch(ctx, principalActor(req.principal, req.id), req.params.id, req.body.reason)),
      }
    },
  )

  app.get<{ Params: { class: string }; Querystring: { format?: 'csv' | 'xlsx' } }>(
    '/api/v1/batches/templates/:class',
    {
      schema: {
        tags,
        summary: '下载报送模板（中文表头）',
        params: { type: 'object', properties: { class: { type: 'string' } } },
        querystring: {
          type: 'object',
          properties: { format: { type: 'string', enum: ['csv', 'xlsx'], default: 'xlsx' } },
        },
      },
      preHandler: requirePermission('batch.submit'),
    },
    async (req, reply) => {
      const cls = await getClass(ctx.db, req.params.class)
      const headers = cls.fields.map((f) => f.label)
      const format = req.query.format ?? 'xlsx'
      const name = encodeURIComponent(`${cls.nameZh}-模板.${format}`)
      reply.header('content-disposition', `attachment; filename*=UTF-8''${name}`)
      if (format === 'csv') {
        reply.header('content-type', 'text/csv; charset=utf-8')
        return safeCsv(headers, [])
      }
      const wb = new ExcelJS.Workbook()
      const ws = wb.addWorksheet(cls.nameZh.slice(0, 31))
      ws.addRow(headers)
      ws.getRow(1).font = { bold: true }
      cls.fields.forEach((f, i) => {
        const cell = ws.getRow(1).getCell(i + 1)
        cell.note = `${f.code}${f.required ? '（必填）' : ''}${f.enum ? `：${f.enum.join('/')}` : ''}`
        ws.getColumn(i + 1).width = Math.max(12, f.label.length * 2 + 2)
      })
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      return Buffer.from(await wb.xlsx.writeBuffer())
    },
  )
}
