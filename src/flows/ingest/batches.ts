// What the batch routes ask of collection, one function per route: submitting rows or a spooled file (with the
// imports left running in the background), the visible batches, a batch's error report, revoking a batch and the
// blank template. The routes only check the permission, validate the input and present the answer.
import { PassThrough, type Readable } from 'node:stream'
import type { Actor } from '../../core/actor.js'
import type { Ctx } from '../../core/context.js'
import { safeCsv } from '../../core/csv.js'
import { coreError } from '../../core/errors.js'
import type { Principal } from '../../modules/access/index.js'
import { getClass } from '../../modules/catalog/index.js'
import { ExcelJS } from '../../modules/ingest/index.js'
import { type BatchJson, countBatches, listBatches } from '../../modules/records/index.js'
import { batchFor, batchIssues, batchJson } from './batch-queries.js'
import { type ReportFormat, writeErrorReport } from './error-report.js'
import { importFile, parseDeclaredEncoding } from './import-file.js'
import { ingestError } from './ingest.errors.js'
import type { IngestResult, IngestRowInput, RowIssue } from './ingest.types.js'
import { revokeSubmittedBatch } from './revoke-batch.js'
import { runIngest } from './run-ingest.js'
import { EXAMPLE_NOTE, exampleRow, headerNote } from './template.js'

export const MAX_API_ROWS = 10_000
const DRY_RUN_ISSUES = 200

const CSV = 'text/csv; charset=utf-8'
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The batch summary an answer carries; a dry run stores no batch, so its first problems come with it. */
export type SubmitSummary = Omit<IngestResult, 'issues'> & { issues?: RowIssue[] }

function summary(r: IngestResult): SubmitSummary {
  const { issues, ...rest } = r
  return issues ? { ...rest, issues: issues.slice(0, DRY_RUN_ISSUES) } : rest
}

/** A yes/no field of a form: `true` or `1` (anything else, or nothing, is no). */
function isTrue(v: unknown): boolean {
  return v === 'true' || v === '1'
}

/** The department a request submits for: its own, or (operators) the one named in the request. */
function submittingDept(principal: Principal, named: string | undefined): string | null {
  if (principal.dept) {
    if (named && named !== principal.dept)
      throw ingestError('ingest.provider_not_allowed', { dept: named, className: '本批数据' })
    return principal.dept
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

/** Rows sent as JSON (at most MAX_API_ROWS), by field code, Chinese name or alias. */
export async function submitRows(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  input: { class: string; rows: Record<string, unknown>[]; dept?: string; dryRun?: boolean },
): Promise<SubmitSummary> {
  if (input.rows.length > MAX_API_ROWS) throw ingestError('ingest.too_many_rows', { max: MAX_API_ROWS })
  const dept = submittingDept(principal, input.dept)
  if (!dept) throw ingestError('ingest.dept_required')
  const { headers, rows } = toRows(input.rows)
  return summary(
    await runIngest(ctx, actor, { classCode: input.class, dept, channel: 'api', headers, rows, dryRun: input.dryRun }),
  )
}

/** A multipart form written to a temporary folder (src/http/uploads.ts); `done` frees its slot and removes it. */
export interface SpooledUpload {
  fields: Record<string, string>
  file: { path: string; fileName: string } | null
  done(): Promise<void>
}

/** Imports left running after their answer; the server waits for them before it closes. */
export class BackgroundImports {
  private readonly running = new Set<Promise<unknown>>()

  add(job: Promise<unknown>): void {
    this.running.add(job)
    void job.finally(() => this.running.delete(job))
  }

  async settle(): Promise<void> {
    await Promise.allSettled([...this.running])
  }
}

export type UploadAnswer = { status: 200; summary: SubmitSummary } | { status: 202; batch: BatchJson }

/**
 * An uploaded file: read once `spool` has received it. Without `async` (and always for a dry run) the answer is the
 * batch summary; with it, the answer (202) is the batch as soon as it exists, and the file goes on in `background`,
 * keeping the upload's slot until it has been read. A failure in the background goes to `log`.
 */
export async function submitUpload(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  spool: () => Promise<SpooledUpload>,
  background: BackgroundImports,
  log: { error(obj: object, msg: string): void },
): Promise<UploadAnswer> {
  const upload = await spool()
  let handedOff = false
  try {
    const { fields, file } = upload
    if (!file) throw coreError('core.validation', { problems: ['缺少上传文件（字段 file）'] })
    if (!fields.class) throw coreError('core.validation', { problems: ['缺少信用信息类别（字段 class）'] })
    const dept = submittingDept(principal, fields.dept || undefined)
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
    const run = importFile(ctx, actor, {
      path: file.path,
      fileName: file.fileName,
      classCode: fields.class,
      dept,
      channel: 'upload',
      dryRun,
      ...(encoding ? { encoding } : {}),
      onBatch: started,
    })
    if (dryRun || !isTrue(fields.async)) return { status: 200, summary: summary(await run) }
    // answer once the batch exists (a file refused as a whole is still refused here), go on in the background
    const batchId = await Promise.race([batchStarted, run.then((r) => r.batchId as string)])
    handedOff = true
    background.add(
      run.catch((e: unknown) => log.error({ err: e, batchId }, 'upload import failed')).finally(() => upload.done()),
    )
    return { status: 202, batch: batchJson(await batchFor(ctx.db, principal, batchId), ctx.clock.now()) }
  } finally {
    if (!handedOff) await upload.done()
  }
}

/** The batches a principal may see (its department's; operators and auditors: all), newest first. */
export async function visibleBatches(
  ctx: Ctx,
  principal: Principal,
  page: number,
  size: number,
): Promise<{ total: number; items: BatchJson[] }> {
  const all = principal.role === 'operator' || principal.role === 'auditor'
  const filter = { dept: all ? undefined : (principal.dept ?? '\u0000') }
  const [total, rows] = await Promise.all([
    countBatches(ctx.db, filter),
    listBatches(ctx.db, filter, (page - 1) * size, size),
  ])
  const now = ctx.clock.now()
  return { total, items: rows.map((b) => batchJson(b, now)) }
}

/** One batch, as the principal may see it. */
export async function visibleBatch(ctx: Ctx, principal: Principal, id: string): Promise<BatchJson> {
  return batchJson(await batchFor(ctx.db, principal, id), ctx.clock.now())
}

/** A download: its content type, file name (Content-Disposition) and body. */
export interface Download {
  contentType: string
  disposition: string
  body: Readable | Buffer | string
}

/** A batch's error report (row, field, code, message, value), streamed as CSV or XLSX. */
export async function batchErrorReport(
  ctx: Ctx,
  principal: Principal,
  id: string,
  format: ReportFormat,
): Promise<Download> {
  const b = await batchFor(ctx.db, principal, id)
  const issues = await batchIssues(ctx.db, b.id)
  const body = new PassThrough()
  void writeErrorReport(issues, format, body).catch((e) => body.destroy(e as Error))
  return {
    contentType: format === 'csv' ? CSV : XLSX,
    disposition: `attachment; filename="batch-${b.id}-errors.${format}"`,
    body,
  }
}

/** Revokes every record a batch the principal may see wrote. */
export async function revokeBatch(
  ctx: Ctx,
  principal: Principal,
  actor: Actor,
  id: string,
  reason: string,
): Promise<{ batchId: string; revoked: number; withdrawn: number }> {
  await batchFor(ctx.db, principal, id)
  return { batchId: id, ...(await revokeSubmittedBatch(ctx, actor, id, reason)) }
}

/** The blank template of a class: its Chinese headers, as CSV or XLSX (with each field's code and rules as notes). */
export async function batchTemplate(ctx: Ctx, classCode: string, format: 'csv' | 'xlsx'): Promise<Download> {
  const cls = await getClass(ctx.db, classCode)
  const headers = cls.fields.map((f) => f.label)
  const example = exampleRow(cls)
  const disposition = `attachment; filename*=UTF-8''${encodeURIComponent(`${cls.nameZh}-模板.${format}`)}`
  if (format === 'csv') return { contentType: CSV, disposition, body: safeCsv(headers, [example]) }
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(cls.nameZh.slice(0, 31))
  ws.addRow(headers)
  ws.getRow(1).font = { bold: true }
  cls.fields.forEach((f, i) => {
    const cell = ws.getRow(1).getCell(i + 1)
    cell.note = headerNote(f)
    ws.getColumn(i + 1).width = Math.max(12, f.label.length * 2 + 2)
  })
  const row = ws.addRow(example)
  row.font = { italic: true, color: { argb: 'FF888888' } }
  row.getCell(1).note = EXAMPLE_NOTE
  return { contentType: XLSX, disposition, body: Buffer.from(await wb.xlsx.writeBuffer()) }
}
