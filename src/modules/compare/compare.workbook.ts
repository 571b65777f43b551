// The result workbook of a comparison, streamed (100,000 rows never sit in memory): one sheet per outcome, in list
// order, and a sheet describing the comparison.
import type { Writable } from 'node:stream'
import type { Ctx } from '../../core/context.js'
import { ExcelJS } from '../ingest/index.js'
import { SCENARIO_LABELS } from '../measures/index.js'
import { type ComparisonRow, type ResultRow, resultsAfter } from './compare.repository.js'
import type { CheckSubject } from '../checks/index.js'
import type { CompareHits, CompareOutcome } from './compare.types.js'

/** The sheets, one per outcome, in this order. */
export const OUTCOME_SHEETS: Record<CompareOutcome, string> = {
  hit: '匹配命中',
  no_hit: '匹配无命中',
  ambiguous: '多个候选',
  unresolved: '未匹配',
}

export const LIST_LABELS: Record<string, string> = { red: '红名单', black: '黑名单', focus: '重点关注名单' }

const INPUT_HEADERS = ['序号', '文件行号', '输入代码', '输入名称'] as const

/** The column headers of each outcome's sheet (row 1). */
export const SHEET_HEADERS: Record<CompareOutcome, readonly string[]> = {
  hit: [
    ...INPUT_HEADERS,
    '匹配主体',
    '主体代码',
    '红名单',
    '黑名单',
    '重点关注名单',
    '严重失信记录',
    '适用措施',
    '依据文书',
  ],
  no_hit: [...INPUT_HEADERS, '匹配主体', '主体代码'],
  ambiguous: [...INPUT_HEADERS, '候选主体', '说明'],
  unresolved: [...INPUT_HEADERS, '候选主体', '说明'],
}

const WIDTHS: Record<CompareOutcome, number[]> = {
  hit: [8, 9, 22, 28, 30, 22, 40, 40, 40, 40, 48, 36],
  no_hit: [8, 9, 22, 28, 30, 22],
  ambiguous: [8, 9, 22, 28, 60, 80],
  unresolved: [8, 9, 22, 28, 40, 80],
}

const doc = (d: string | null, id: string) => d ?? id

function listCell(hits: CompareHits, kind: string): string {
  return hits.lists
    .filter((l) => l.listKind === kind)
    .map((l) => `${l.className}（${doc(l.documentNo, l.recordId)}，${l.until ? `至 ${l.until}` : '长期'}）`)
    .join('；')
}

function cells(outcome: CompareOutcome, r: ResultRow): (string | number)[] {
  const input = [Number(r.seq), r.row_no ?? '', r.code ?? '', r.name ?? '']
  if (outcome === 'ambiguous' || outcome === 'unresolved') {
    const candidates = JSON.parse(r.candidates) as { name: string; uscc: string | null }[]
    return [...input, candidates.map((c) => `${c.name}${c.uscc ? `（${c.uscc}）` : ''}`).join('；'), r.message ?? '']
  }
  const subject = r.subject ? (JSON.parse(r.subject) as CheckSubject) : null
  const matched = [subject?.name ?? '', subject?.uscc ?? subject?.idMasked ?? '']
  if (outcome === 'no_hit') return [...input, ...matched]
  const hits = JSON.parse(r.hits) as CompareHits
  const documents = new Set<string>([
    ...hits.lists.map((l) => doc(l.documentNo, l.recordId)),
    ...hits.serious.map((s) => doc(s.documentNo, s.recordId)),
    ...hits.measures.flatMap((m) => m.documents),
  ])
  return [
    ...input,
    ...matched,
    listCell(hits, 'red'),
    listCell(hits, 'black'),
    listCell(hits, 'focus'),
    hits.serious
      .map((s) => `${s.className}（${doc(s.documentNo, s.recordId)}${s.decidedOn ? `，${s.decidedOn}` : ''}）`)
      .join('；'),
    hits.measures.map((m) => `${m.nameZh}（${m.measure}${m.underObjection ? '，异议处理中' : ''}）`).join('；'),
    [...documents].join('；'),
  ]
}

/** Writes the workbook of a finished comparison to `out`, reading its results a page at a time. */
export async function writeComparisonWorkbook(ctx: Ctx, c: ComparisonRow, out: Writable): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  wb.created = new Date(c.created_at)
  for (const outcome of Object.keys(OUTCOME_SHEETS) as CompareOutcome[]) {
    const ws = wb.addWorksheet(OUTCOME_SHEETS[outcome], { views: [{ state: 'frozen', ySplit: 1 }] })
    WIDTHS[outcome].forEach((w, i) => {
      ws.getColumn(i + 1).width = w
    })
    const header = ws.addRow([...SHEET_HEADERS[outcome]])
    header.font = { bold: true }
    header.commit()
    let after = 0
    for (;;) {
      const page = await resultsAfter(ctx.db, c.id, outcome, after, 2000)
      for (const r of page) ws.addRow(cells(outcome, r)).commit()
      if (page.length < 2000) break
      after = Number(page.at(-1)?.seq)
    }
    ws.commit()
  }
  const info = wb.addWorksheet('比对信息')
  info.getColumn(1).width = 14
  info.getColumn(2).width = 60
  const scenario = c.scenario ? SCENARIO_LABELS[c.scenario] : undefined
  for (const [k, v] of [
    ['比对编号', c.id],
    ['提交时间', c.created_at],
    ['完成时间', c.finished_at ?? ''],
    ['应用场景', c.scenario ? (scenario ? `${scenario}（${c.scenario}）` : c.scenario) : '（未选择，不比对措施）'],
    ['查询用途', c.purpose],
    ['措施范围', c.scenario ? (Number(c.all_measures) === 1 ? '全部措施' : '本部门实施的措施') : ''],
    ['来源文件', c.file_name ?? ''],
    ['总行数', Number(c.total)],
    [OUTCOME_SHEETS.hit, Number(c.hit)],
    [OUTCOME_SHEETS.no_hit, Number(c.no_hit)],
    [OUTCOME_SHEETS.ambiguous, Number(c.ambiguous)],
    [OUTCOME_SHEETS.unresolved, Number(c.unresolved)],
  ] as const)
    info.addRow([k, v]).commit()
  info.commit()
  await wb.commit()
}
