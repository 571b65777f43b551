// Batch issue (批量出具, docs/reports.md §3): a department uploads a list of subjects (CSV or XLSX, the same reader as
// the checks' 批量比对: a column of codes, optionally names), up to 500; the reports are issued one by one in the
// background - each through issueReport, so each is its own `report.issue` audit event with the same rights checks
// as a single issue - while the console polls the progress; the finished batch downloads as one zip (the PDFs and a
// CSV of every row's outcome). The batch itself is a job in this process's memory, kept 24 hours: it holds nothing
// but the list and the report numbers (the reports are stored as usual), so a restart loses only the progress view.
import { zipSync } from 'fflate'
import { civilDate } from '../../core/clock.js'
import type { Ctx } from '../../core/context.js'
import { isAppError } from '../../core/errors.js'
import { newId } from '../../core/ids.js'
import { maskPersonalText } from '../../identifiers/index.js'
import { accessError, type Principal } from '../../modules/access/index.js'
import { readBatchFile, type SubjectInput } from '../../modules/checks/index.js'
import type { XlsxLimits } from '../../modules/ingest/parse/index.js'
import {
  getTemplate,
  KIND_LABELS,
  REPORT_KINDS,
  type ReportKind,
  reportError,
  reportPdf,
} from '../../modules/reports/index.js'
import { issueReport } from './issue.js'

export const MAX_REPORT_BATCH = 500
const KEEP_MS = 24 * 60 * 60 * 1000
const KEEP_JOBS = 200

export interface ReportBatchItem {
  /** Position in the list (0-based). */
  index: number
  /** Line of the file. */
  row: number | null
  code: string | null
  name: string | null
  state: 'pending' | 'issued' | 'failed'
  number: string | null
  verifyCode: string | null
  error: { code: string; message: string } | null
}

export interface ReportBatchJson {
  id: string
  kind: string
  kindLabel: string
  purpose: string | null
  fileName: string
  createdAt: string
  finishedAt: string | null
  state: 'running' | 'finished'
  total: number
  done: number
  issued: number
  failed: number
  items: ReportBatchItem[]
}

interface Job {
  owner: string
  json: ReportBatchJson
  subjects: (SubjectInput | null)[]
}

export interface ReportBatchUpload {
  file: { path: string; fileName: string } | null
  kind: string | undefined
  purpose: string | undefined
  xlsxLimits?: XlsxLimits | undefined
}

/** Who a batch belongs to: the account or the API key that submitted it. */
const ownerOf = (p: Principal) => `${p.kind}:${p.id ?? ''}`

/**
 * The list, read with the checks' reader and its errors said in the reports' words. Codes come back as the reader
 * keeps them (ID numbers masked); names are masked here as well (a name cell may hold an ID number).
 */
async function readList(
  upload: ReportBatchUpload,
  today: string,
): Promise<{ items: ReportBatchItem[]; subjects: (SubjectInput | null)[] }> {
  if (!upload.file) throw reportError('report.batch_file_missing')
  const { path, fileName } = upload.file
  let list: Awaited<ReturnType<typeof readBatchFile>>
  try {
    list = await readBatchFile(path, fileName, upload.xlsxLimits)
  } catch (e) {
    if (isAppError(e) && e.code === 'checks.batch_file_invalid')
      throw reportError('report.batch_file_invalid', { reason: String(e.details.reason ?? e.message) })
    if (isAppError(e) && e.code === 'checks.batch_too_large')
      throw reportError('report.batch_too_large', { max: MAX_REPORT_BATCH, fileName })
    throw e
  }
  if (list.subjects.length > MAX_REPORT_BATCH)
    throw reportError('report.batch_too_large', { max: MAX_REPORT_BATCH, fileName })
  const items = list.inputs.map((input, index): ReportBatchItem => {
    const rejected = list.rejected.get(index)
    return {
      index,
      row: input.row ?? null,
      code: input.code,
      name: maskPersonalText(input.name, { today }),
      state: rejected ? 'failed' : 'pending',
      number: null,
      verifyCode: null,
      error: rejected ? { code: rejected.code, message: rejected.message } : null,
    }
  })
  return { items, subjects: list.subjects.map((s, i) => (list.rejected.has(i) ? null : s)) }
}

/** The subject of a row as the issue takes it: its identifier (the name only when there is no code). */
function subjectOf(s: SubjectInput) {
  if (s.uscc) return { uscc: s.uscc }
  if (s.idNumber) return { idNumber: s.idNumber }
  if (s.code) return { code: s.code }
  return { name: s.name }
}

/** The batches of this process: started, polled, zipped; `settle()` waits for the running ones (server close). */
export class ReportBatches {
  private readonly jobs = new Map<string, Job>()
  private readonly running = new Set<Promise<unknown>>()

  constructor(private readonly ctx: Ctx) {}

  private prune(): void {
    const now = this.ctx.clock.now().getTime()
    for (const [id, job] of this.jobs)
      if (job.json.finishedAt && now - Date.parse(job.json.finishedAt) > KEEP_MS) this.jobs.delete(id)
    const finished = [...this.jobs.values()].filter((j) => j.json.finishedAt)
    while (this.jobs.size > KEEP_JOBS && finished.length > 0) this.jobs.delete((finished.shift() as Job).json.id)
  }

  /** Reads the list and starts issuing in the background; answers with the batch as it starts. */
  async start(principal: Principal, upload: ReportBatchUpload, requestId: string): Promise<ReportBatchJson> {
    this.prune()
    const owner = ownerOf(principal)
    for (const job of this.jobs.values())
      if (job.owner === owner && job.json.state === 'running')
        throw reportError('report.batch_running', { id: job.json.id, done: job.json.done, total: job.json.total })
    const kind = upload.kind?.trim() ?? ''
    if (!kind) throw reportError('report.batch_file_missing')
    if (!(REPORT_KINDS as readonly string[]).includes(kind)) throw reportError('report.kind_unknown', { kind })
    // a department states its purpose for every report but the public overview: said once, not on every row
    const template = await getTemplate(this.ctx.db, kind)
    if (!template.recipients.includes('public') && !upload.purpose?.trim()) throw accessError('access.purpose_required')
    const today = civilDate(this.ctx.clock.now())
    const { items, subjects } = await readList(upload, today)
    const failed = items.filter((i) => i.state === 'failed').length
    const json: ReportBatchJson = {
      id: newId(),
      kind,
      kindLabel: KIND_LABELS[kind as ReportKind],
      purpose: upload.purpose?.trim() || null,
      // a file name may hold an ID number too (名单-<number>.csv): kept masked, like the comparison's
      fileName: maskPersonalText(upload.file?.fileName ?? '', { today }),
      createdAt: this.ctx.clock.now().toISOString(),
      finishedAt: null,
      state: 'running',
      total: items.length,
      done: failed,
      issued: 0,
      failed,
      items,
    }
    const job: Job = { owner, json, subjects }
    this.jobs.set(json.id, job)
    const run = this.run(principal, job, requestId)
    this.running.add(run)
    void run.finally(() => this.running.delete(run))
    return structuredClone(json)
  }

  private async run(principal: Principal, job: Job, requestId: string): Promise<void> {
    const { json } = job
    for (const item of json.items) {
      const subject = job.subjects[item.index]
      if (item.state !== 'pending' || !subject) continue
      try {
        const { issued } = await issueReport(
          this.ctx,
          principal,
          { subject: subjectOf(subject), kind: json.kind, purpose: json.purpose ?? undefined },
          { requestId: `${requestId}:${item.index + 1}` },
        )
        item.state = 'issued'
        item.number = issued.number
        item.verifyCode = issued.verifyCode
        json.issued++
      } catch (e) {
        item.state = 'failed'
        item.error = isAppError(e)
          ? { code: e.code, message: e.message }
          : { code: 'core.internal', message: '出具失败：服务器内部错误，请稍后对该主体单独出具。' }
        json.failed++
      }
      json.done++
    }
    json.state = 'finished'
    json.finishedAt = this.ctx.clock.now().toISOString()
  }

  private own(principal: Principal, id: string): Job {
    this.prune()
    const job = this.jobs.get(id)
    if (!job || job.owner !== ownerOf(principal)) throw reportError('report.batch_not_found', { id })
    return job
  }

  /** The batch's progress and rows (only to whoever submitted it). */
  get(principal: Principal, id: string): ReportBatchJson {
    return structuredClone(this.own(principal, id).json)
  }

  /** The issued reports' PDFs and `result.csv` (every row's outcome, UTF-8 with BOM) as one zip. */
  async zip(principal: Principal, id: string): Promise<{ fileName: string; zip: Uint8Array }> {
    const { json } = this.own(principal, id)
    const files: Record<string, [Uint8Array, { level: 0 | 6 }]> = {}
    const cell = (v: string | number | null) => {
      const s = v === null ? '' : String(v)
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
    }
    const lines = [['序号', '文件行号', '代码', '名称', '结果', '报告编号', '核验码', '文件', '说明'].join(',')]
    for (const item of json.items) {
      let file: string | null = null
      if (item.state === 'issued' && item.number) {
        const { pdf } = await reportPdf(this.ctx, principal, item.number)
        file = `${String(item.index + 1).padStart(3, '0')}-${item.number}.pdf`
        files[file] = [new Uint8Array(pdf), { level: 0 }]
      }
      const outcome = item.state === 'issued' ? '已出具' : item.state === 'failed' ? '未出具' : '处理中'
      lines.push(
        [
          item.index + 1,
          item.row,
          item.code,
          item.name,
          outcome,
          item.number,
          item.verifyCode,
          file,
          item.error?.message ?? null,
        ]
          .map(cell)
          .join(','),
      )
    }
    files['result.csv'] = [new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`), { level: 6 }]
    return { fileName: `reports-${json.id}.zip`, zip: zipSync(files) }
  }

  async settle(): Promise<void> {
    await Promise.allSettled([...this.running])
  }
}
