// Batch comparison (批量比对) beyond the JSON list: reading an uploaded list of codes (CSV or XLSX), the stored batch
// result with its failed rows inline, and the result workbook.
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { checkCode } from '../../identifiers/index.js'
import { auditRead } from '../audit/index.js'
import { ExcelJS } from '../ingest/index.js'
import { openRowSource, type XlsxLimits } from '../ingest/parse/index.js'
import { SCENARIO_LABELS } from '../measures/index.js'
import { checkError } from './checks.errors.js'
import type { CheckExclusion, CheckHit, CheckOutcome } from './checks.evaluate.js'
import { type CheckBatchRow, checksOfBatch, findCheckBatch } from './checks.repository.js'
import {
  type BatchInput,
  CHECK_READ_ACTION,
  type BatchInputRow,
  type CheckSubject,
  keptCode,
  requireScenario,
  runCheckBatch,
  type SubjectInput,
} from './checks.service.js'

export const MAX_BATCH_SUBJECTS = 1000

/** Header texts (spaces removed, lower case) taken as the code column, best first. */
const CODE_HEADERS = [
  '统一社会信用代码',
  '社会信用代码',
  '信用代码',
  'uscc',
  '主体代码',
  '代码',
  'code',
  '证件号码',
  '身份证件号码',
  '身份证号码',
  '身份证号',
  'idnumber',
  '组织机构代码',
  '注册号',
  '工商注册号',
  '证照号码',
]
const NAME_HEADERS = ['主体名称', '名称', '企业名称', '单位名称', '姓名', 'name', 'subject_name', 'subjectname']

const headerKey = (h: string) => h.replace(/\s+/g, '').toLowerCase()

function pickColumn(headers: string[], wanted: readonly string[]): string | undefined {
  for (const w of wanted) {
    const h = headers.find((x) => headerKey(x) === w)
    if (h !== undefined) return h
  }
  return undefined
}

/** The subject for one code (and name): USCC, ID number, or any other identifier (organisation code, reg. no.). */
export function subjectOfCode(raw: string, name: string | null): SubjectInput {
  const r = checkCode(raw)
  const named = name ? { name } : {}
  if (r.valid && r.scheme === 'uscc') return { uscc: r.normalized, ...named }
  if (r.scheme === 'resident_id') return { idNumber: raw, ...named }
  return { code: raw, ...named }
}

export interface BatchFile {
  subjects: SubjectInput[]
  inputs: BatchInput[]
  rejected: Map<number, { code: string; message: string; details: Record<string, unknown> }>
  codeColumn: string
  nameColumn: string | null
}

/**
 * Reads a list of subjects from a CSV or XLSX file: a column of codes (统一社会信用代码 or any identifier, found by
 * its header) and optionally names. A file whose first line is already a code is read without a header (first
 * column codes, second column names). Up to `max` rows (the batch check's 1,000 unless a comparison asks for more);
 * rows without a code are reported inline (with `namesAllowed`, a row with a name alone is a subject given by name,
 * and a file may have a name column only). An XLSX is read within `xlsxLimits` (the configured ones on the upload route): a zip bomb is refused, ingest.xlsx_too_large.
 */
export async function readBatchFile(
  path: string,
  fileName: string,
  xlsxLimits?: XlsxLimits,
  options: { max?: number; namesAllowed?: boolean } = {},
): Promise<BatchFile> {
  const max = options.max ?? MAX_BATCH_SUBJECTS
  const namesAllowed = options.namesAllowed === true
  const source = await openRowSource({ path }, xlsxLimits ? { xlsxLimits } : {})
  try {
    if (source.format === 'jsonl')
      throw checkError('checks.batch_file_invalid', {
        reason: '请上传 CSV（.csv）或 Excel 工作簿（.xlsx），第一列为代码，可另有一列主体名称',
      })
    let codeColumn = pickColumn(source.headers, CODE_HEADERS)
    let nameColumn = pickColumn(source.headers, NAME_HEADERS) ?? null
    const first = source.headers[0] ?? ''
    // No header: the first line is itself a code (a plain list copied from a spreadsheet).
    const headerless = codeColumn === undefined && first !== '' && checkCode(first).valid
    if (headerless) {
      codeColumn = first
      nameColumn = source.headers[1] ?? null
    }
    // a comparison may be given names alone (found by name, or answered with the candidates of that name)
    const namesOnly = codeColumn === undefined && namesAllowed && nameColumn !== null
    if (codeColumn === undefined && !namesOnly)
      throw checkError('checks.batch_file_invalid', {
        reason: `未找到代码列（表头为：${source.headers.join('、') || '空'}）。请将代码列的表头写为「统一社会信用代码」或「代码」，名称列写为「主体名称」`,
      })
    const out: BatchFile = {
      subjects: [],
      inputs: [],
      rejected: new Map(),
      codeColumn: headerless ? '第 1 列' : (codeColumn ?? ''),
      nameColumn: headerless ? (nameColumn ? '第 2 列' : null) : nameColumn,
    }
    const add = (row: number, code: string, name: string, error?: { code: string; message: string }) => {
      const index = out.subjects.length
      if (index >= max) throw checkError('checks.batch_too_large', { max, fileName })
      const cleanName = name.trim() || null
      out.inputs.push({ row, code: code.trim() ? keptCode(code.trim()) : null, name: cleanName })
      if (error) {
        out.subjects.push({})
        out.rejected.set(index, { ...error, details: { row } })
      } else if (!code.trim() && namesAllowed && cleanName) out.subjects.push({ name: cleanName })
      else if (!code.trim()) {
        out.subjects.push({})
        out.rejected.set(index, {
          code: 'checks.subject_invalid',
          message: `第 ${row} 行没有代码：请填写统一社会信用代码或其他代码。`,
          details: { row },
        })
      } else out.subjects.push(subjectOfCode(code.trim(), cleanName))
    }
    if (headerless) add(1, first, nameColumn ?? '')
    for await (const r of source.rows) {
      const code = codeColumn === undefined ? '' : (r.values[codeColumn] ?? '')
      const name = nameColumn && !headerless ? (r.values[nameColumn] ?? '') : ''
      add(r.rowNo, code, name, r.error)
    }
    if (out.subjects.length === 0)
      throw checkError('checks.batch_file_invalid', {
        reason: '文件中没有数据行（第一行为表头，从第二行起每行一个主体）',
      })
    return out
  } finally {
    await source.close()
  }
}

export interface BatchResultItem extends BatchInputRow {
  /** 核查编号 of the check made for the row (null: the row could not be checked). */
  number: string | null
  subject: CheckSubject | null
  outcome: CheckOutcome | null
  hits: CheckHit[]
  exclusions: CheckExclusion[]
}

export interface BatchResult {
  batchId: string
  at: string
  scenario: string
  purpose: string | null
  allMeasures: boolean
  source: string
  fileName: string | null
  dept: string | null
  total: number
  checked: number
  failed: number
  outcomes: Record<CheckOutcome, number>
  items: BatchResultItem[]
}

async function ownBatch(ctx: Ctx, actor: Actor, id: string, all: boolean): Promise<CheckBatchRow> {
  const row = await findCheckBatch(ctx.db, id)
  if (!row || (!all && (actor.dept === null || row.dept !== actor.dept)))
    throw checkError('checks.batch_not_found', { id })
  return row
}

/** A stored batch with every row: the check's subject, outcome and hits, or the error. Own department (or `all`). */
/**
 * A stored batch's results for a reader (its department, or auditors): a read of the checked subjects' results,
 * audited once (`check.read`, via `batch` or `batch_xlsx`) under every subject the batch matched.
 */
export async function getBatchResult(
  ctx: Ctx,
  actor: Actor,
  id: string,
  options: { all?: boolean } = {},
): Promise<BatchResult> {
  const result = await batchResult(ctx, actor, id, options)
  await auditBatchRead(ctx, actor, result, 'batch')
  return result
}

function auditBatchRead(ctx: Ctx, actor: Actor, result: BatchResult, via: 'batch' | 'batch_xlsx'): Promise<void> {
  return auditRead(ctx, actor, {
    action: CHECK_READ_ACTION,
    targetType: 'check_batch',
    targetId: result.batchId,
    subjects: result.items.map((i) => i.subject?.entityId),
    details: { via, scenario: result.scenario, subjects: result.items.filter((i) => i.subject).length },
  })
}

/** The stored result of a batch (its department's, or any with `all`), unaudited: the run audits itself. */
async function batchResult(ctx: Ctx, actor: Actor, id: string, options: { all?: boolean } = {}): Promise<BatchResult> {
  const batch = await ownBatch(ctx, actor, id, options.all === true)
  const checks = new Map((await checksOfBatch(ctx.db, id)).map((c) => [c.id, c]))
  const outcomes: Record<CheckOutcome, number> = { none: 0, reward: 0, punish: 0, both: 0 }
  const items = (JSON.parse(batch.items) as BatchInputRow[]).map((item): BatchResultItem => {
    const c = item.checkId ? checks.get(item.checkId) : undefined
    const outcome = (c?.outcome as CheckOutcome | undefined) ?? null
    if (outcome) outcomes[outcome] += 1
    return {
      ...item,
      number: c?.number ?? null,
      subject: c ? (JSON.parse(c.subject) as CheckSubject) : null,
      outcome,
      hits: c ? (JSON.parse(c.hits) as CheckHit[]) : [],
      exclusions: c ? (JSON.parse(c.exclusions) as CheckExclusion[]) : [],
    }
  })
  return {
    batchId: batch.id,
    at: batch.at,
    scenario: batch.scenario,
    purpose: batch.purpose,
    allMeasures: Number(batch.all_measures) === 1,
    source: batch.source,
    fileName: batch.file_name,
    dept: batch.dept,
    total: Number(batch.total),
    checked: Number(batch.checked),
    failed: Number(batch.failed),
    outcomes,
    items,
  }
}

export const OUTCOME_LABELS: Record<CheckOutcome, string> = {
  none: '未命中措施',
  reward: '守信激励',
  punish: '失信惩戒',
  both: '激励与惩戒',
}

/** The column headers of the result sheet (row 1), in order. */
export const RESULT_HEADERS = [
  '序号',
  '文件行号',
  '输入代码',
  '输入名称',
  '匹配主体',
  '主体统一社会信用代码',
  '核查结果',
  '命中措施',
  '触发文书',
  '有效期至',
  '异议处理中',
  '核查编号',
  '错误说明',
  '不予适用的措施',
  '核查记录 ID',
] as const

/** One excluded measure in a cell: the measure, then each excluding record with its document and the reason. */
function exclusionText(x: CheckExclusion): string {
  const why = x.excludedBy.map((e) => `${e.documentNo ?? e.recordId}：${e.reason}`).join('；')
  return `${x.nameZh}（${x.measure}）不予适用：${why}`
}

/** The result workbook: sheet 比对结果 (one row per subject, errors inline) and sheet 批次信息. */
export async function batchWorkbook(result: BatchResult): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.created = new Date(result.at)
  const ws = wb.addWorksheet('比对结果')
  ws.addRow([...RESULT_HEADERS])
  ws.getRow(1).font = { bold: true }
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  const widths = [6, 9, 22, 28, 30, 22, 12, 48, 36, 12, 10, 22, 48, 60, 38]
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w
  })
  for (const item of result.items) {
    const docs = [...new Set(item.hits.flatMap((h) => h.triggeredBy.map((t) => t.documentNo ?? t.recordId)))]
    const until = item.hits.map((h) => h.validUntil)
    const validUntil = until.length === 0 ? '' : until.includes(null) ? '长期' : ([...until].sort().at(-1) ?? '')
    const row = ws.addRow([
      item.index + 1,
      item.row ?? '',
      item.code ?? '',
      item.name ?? '',
      item.subject?.name ?? '',
      item.subject?.uscc ?? item.subject?.idMasked ?? '',
      item.outcome ? OUTCOME_LABELS[item.outcome] : '核查失败',
      item.hits.map((h) => `${h.nameZh}（${h.measure}）`).join('；'),
      docs.join('；'),
      validUntil,
      item.hits.some((h) => h.underObjection) ? '是' : '',
      item.number ?? '',
      item.error?.message ?? '',
      item.exclusions.map(exclusionText).join('；'),
      item.checkId ?? '',
    ])
    if (item.error) row.getCell(13).font = { color: { argb: 'FFC00000' } }
  }
  const info = wb.addWorksheet('批次信息')
  info.getColumn(1).width = 14
  info.getColumn(2).width = 60
  const scenario = SCENARIO_LABELS[result.scenario]
  for (const [k, v] of [
    ['批次编号', result.batchId],
    ['比对时间', result.at],
    ['应用场景', scenario ? `${scenario}（${result.scenario}）` : result.scenario],
    ['查询用途', result.purpose ?? ''],
    ['措施范围', result.allMeasures ? '全部措施' : '本部门实施的措施'],
    ['来源文件', result.fileName ?? '（接口提交）'],
    ['主体数', result.total],
    ['已核查', result.checked],
    ['核查失败', result.failed],
    ['失信惩戒', result.outcomes.punish + result.outcomes.both],
    ['守信激励', result.outcomes.reward + result.outcomes.both],
    ['未命中措施', result.outcomes.none],
  ] as const)
    info.addRow([k, v])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** An uploaded list of subjects (CSV or XLSX) and the form's fields, as the upload route received them. */
export interface UploadedList {
  file: { path: string; fileName: string } | null
  scenario: string | undefined
  purpose: string | undefined
  allMeasures: boolean
  xlsxLimits?: XlsxLimits | undefined
}

/** What a scenario code looks like (the measure list's codes). */
export const SCENARIO_RE = /^[a-z][a-z0-9_]{1,63}$/

/**
 * Batch comparison of an uploaded list: checks the scenario field, reads the file (at most MAX_BATCH_SUBJECTS code
 * rows, bad rows kept as failed items), runs the batch and answers the stored batch result.
 */
export async function checkUploadedList(ctx: Ctx, actor: Actor, upload: UploadedList): Promise<BatchResult> {
  const scenario = upload.scenario?.trim() ?? ''
  if (!upload.file || !scenario) throw checkError('checks.batch_file_missing')
  if (!SCENARIO_RE.test(scenario))
    throw checkError('checks.batch_file_invalid', { reason: `应用场景代码「${scenario}」格式有误` })
  await requireScenario(ctx, scenario)
  const batchFile = await readBatchFile(upload.file.path, upload.file.fileName, upload.xlsxLimits)
  const { batchId } = await runCheckBatch(
    ctx,
    actor,
    { subjects: batchFile.subjects, scenario, purpose: upload.purpose, allMeasures: upload.allMeasures },
    {
      source: 'upload',
      fileName: upload.file.fileName,
      inputs: batchFile.inputs,
      rejected: batchFile.rejected,
    },
  )
  // the answer of the run itself (audited as check.batch), not a later read
  return batchResult(ctx, actor, batchId)
}

/** The result workbook of a stored batch, with its file names (ASCII, and the Chinese one for downloads). */
export async function batchResultFile(
  ctx: Ctx,
  actor: Actor,
  batchId: string,
  options: { all?: boolean } = {},
): Promise<{ fileName: string; displayName: string; body: Buffer }> {
  const result = await batchResult(ctx, actor, batchId, options)
  await auditBatchRead(ctx, actor, result, 'batch_xlsx')
  return {
    fileName: `batch-${result.batchId}.xlsx`,
    displayName: `批量比对结果-${result.at.slice(0, 10)}.xlsx`,
    body: await batchWorkbook(result),
  }
}
