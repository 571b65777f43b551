import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import type { ReportBlock, ReportDocument } from '../report.document.js'
import { NUMBER_LABEL } from '../verify/verify.format.js'
import { reportFont } from './pdf.fonts.js'

// The report's pages (A4): the header (platform name, number) and footer (第 N 页 / 共 M 页) on every page, a light
// diagonal watermark, the title with the subject block and the QR code to the verification page, the sections
// (fields as two-column tables, tables that break across pages between rows with their header row repeated, text),
// the footnotes and the closing block (key id, verify code, how to verify). Deterministic: no clock, no randomness.

export type Doc = InstanceType<typeof PDFDocument>

const A4 = { width: 595.28, height: 841.89 }
const MARGIN = { top: 76, bottom: 62, left: 50, right: 50 }
const CONTENT_WIDTH = A4.width - MARGIN.left - MARGIN.right
const BOTTOM = A4.height - MARGIN.bottom

const R = 'regular'
const B = 'bold'
const COLOR = {
  text: '#1a1a1a',
  muted: '#5b6573',
  accent: '#8c1c13',
  rule: '#b9c0ca',
  labelFill: '#f2f4f7',
  headFill: '#e6eaf0',
  watermark: '#8c1c13',
}
const SIZE = { body: 9.5, small: 8, heading: 12.5, title: 19 }
const PAD = { x: 5, y: 4 }
const LINE_GAP = 1.5

/** A new document with the report's fonts, metadata (fixed dates) and the watermark drawn under every page. */
export function newReportDocument(doc: ReportDocument): Doc {
  const issued = new Date(doc.issuedAt)
  const pdf = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    autoFirstPage: false,
    bufferPages: true,
    pdfVersion: '1.7',
    displayTitle: true,
    lang: 'zh-CN',
    info: {
      Title: `${doc.title}（${doc.number}）`,
      Author: doc.issuer.name,
      Subject: `${doc.subject.name} ${doc.title}`,
      Keywords: `${doc.number} ${doc.kind}`,
      Creator: 'Gongxin',
      Producer: 'Gongxin (PDFKit)',
      CreationDate: issued,
      ModDate: issued,
    },
  })
  pdf.registerFont(R, reportFont('regular') as unknown as Buffer)
  pdf.registerFont(B, reportFont('bold') as unknown as Buffer)
  pdf.font(R)
  pdf.on('pageAdded', () => watermark(pdf, `${doc.issuer.name}  ${doc.number}`))
  pdf.addPage()
  return pdf
}

function watermark(pdf: Doc, text: string): void {
  pdf.save()
  pdf.font(R).fontSize(26).fillColor(COLOR.watermark).fillOpacity(0.055)
  pdf.rotate(-35, { origin: [A4.width / 2, A4.height / 2] })
  const width = pdf.widthOfString(text)
  for (const dy of [-230, 0, 230]) pdf.text(text, A4.width / 2 - width / 2, A4.height / 2 + dy, { lineBreak: false })
  pdf.restore()
  pdf.fillOpacity(1)
  pdf.x = MARGIN.left
  pdf.y = MARGIN.top
}

/** Beijing time (UTC+8, no daylight saving) of an ISO instant: 2026年06月01日 10:00. */
export function beijingTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}年${p(d.getUTCMonth() + 1)}月${p(d.getUTCDate())}日 ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}

/** A civil date YYYY-MM-DD as 2026年06月01日. */
export function civilDateZh(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  return m ? `${m[1]}年${m[2]}月${m[3]}日` : date
}

const RECIPIENT: Record<ReportDocument['recipient']['kind'], string> = {
  subject: '报告主体本人',
  department: '政府部门',
  agency: '经授权的机构',
  public: '社会公众',
}

/** Moves to a new page when `height` does not fit below the cursor; true when it did. */
function ensureSpace(pdf: Doc, height: number): boolean {
  if (pdf.y + height <= BOTTOM) return false
  pdf.addPage()
  return true
}

function cellHeight(pdf: Doc, text: string, width: number, face: string, size: number): number {
  pdf.font(face).fontSize(size)
  return pdf.heightOfString(text || ' ', { width: width - 2 * PAD.x, lineGap: LINE_GAP }) + 2 * PAD.y
}

interface Cell {
  text: string
  width: number
  face?: string
  fill?: string
  color?: string
  align?: 'left' | 'center' | 'right'
}

function rowHeight(pdf: Doc, cells: Cell[], size: number): number {
  return Math.max(...cells.map((c) => cellHeight(pdf, c.text, c.width, c.face ?? R, size)))
}

/** Draws one row of cells at the cursor (the caller made room) and moves the cursor below it. */
function drawRow(pdf: Doc, cells: Cell[], size: number, height = rowHeight(pdf, cells, size)): void {
  const y = pdf.y
  let x = MARGIN.left
  for (const c of cells) {
    if (c.fill) pdf.rect(x, y, c.width, height).fill(c.fill)
    pdf.lineWidth(0.5).rect(x, y, c.width, height).stroke(COLOR.rule)
    pdf
      .font(c.face ?? R)
      .fontSize(size)
      .fillColor(c.color ?? COLOR.text)
      .text(c.text || ' ', x + PAD.x, y + PAD.y, {
        width: c.width - 2 * PAD.x,
        height: height - 2 * PAD.y + 1,
        lineGap: LINE_GAP,
        align: c.align ?? 'left',
      })
    x += c.width
  }
  pdf.x = MARGIN.left
  pdf.y = y + height
}

/** Label/value rows as a two-column table. */
function drawFields(pdf: Doc, rows: { label: string; value: string }[], width = CONTENT_WIDTH): void {
  const labelWidth = Math.round(width * 0.27)
  for (const r of rows) {
    const cells: Cell[] = [
      { text: r.label, width: labelWidth, face: B, fill: COLOR.labelFill, color: COLOR.muted },
      { text: r.value, width: width - labelWidth },
    ]
    const h = rowHeight(pdf, cells, SIZE.body)
    ensureSpace(pdf, h)
    drawRow(pdf, cells, SIZE.body, h)
  }
}

/**
 * A table that breaks across pages between rows: a row never splits, the header row is repeated at the top of each
 * page (under the caption with 「（续）」), and the header never stands alone at a page's foot.
 */
function drawTable(pdf: Doc, block: Extract<ReportBlock, { type: 'table' }>): void {
  const weights = block.columns.map((c) => (c.width && c.width > 0 ? c.width : 1))
  const total = weights.reduce((a, b) => a + b, 0)
  const widths = weights.map((w) => (CONTENT_WIDTH * w) / total)
  const header: Cell[] = block.columns.map((c, i) => ({
    text: c.label,
    width: widths[i] as number,
    face: B,
    fill: COLOR.headFill,
  }))
  const headerHeight = rowHeight(pdf, header, SIZE.small)
  const rows: Cell[][] =
    block.rows.length === 0
      ? [[{ text: block.empty, width: CONTENT_WIDTH, align: 'center', color: COLOR.muted }]]
      : block.rows.map((r) => block.columns.map((c, i) => ({ text: r[c.key] ?? '', width: widths[i] as number })))
  const captionHeight = (text: string) => cellHeight(pdf, text, CONTENT_WIDTH, B, SIZE.body) - PAD.y
  const top = (continued: boolean) => {
    if (block.caption) {
      const text = continued ? `${block.caption}（续）` : block.caption
      pdf.font(B).fontSize(SIZE.body).fillColor(COLOR.text).text(text, MARGIN.left, pdf.y, { width: CONTENT_WIDTH })
      pdf.y += 2
    }
    drawRow(pdf, header, SIZE.small, headerHeight)
  }
  const firstHeight = rowHeight(pdf, rows[0] as Cell[], SIZE.small)
  ensureSpace(pdf, (block.caption ? captionHeight(block.caption) + 2 : 0) + headerHeight + firstHeight)
  top(false)
  for (const cells of rows) {
    const h = rowHeight(pdf, cells, SIZE.small)
    if (ensureSpace(pdf, h)) top(true)
    drawRow(pdf, cells, SIZE.small, h)
  }
}

function drawText(pdf: Doc, text: string, options: { size?: number; color?: string; face?: string } = {}): void {
  const size = options.size ?? SIZE.body
  const face = options.face ?? R
  pdf.font(face).fontSize(size)
  // paragraph by paragraph so that a page break falls between lines (pdfkit continues a long text on the next page)
  for (const para of text.split('\n')) {
    ensureSpace(pdf, pdf.currentLineHeight(true) + LINE_GAP)
    pdf
      .font(face)
      .fontSize(size)
      .fillColor(options.color ?? COLOR.text)
      .text(para || ' ', MARGIN.left, pdf.y, { width: CONTENT_WIDTH, lineGap: LINE_GAP + 1 })
  }
}

function heading(pdf: Doc, title: string, note?: string): void {
  const h = cellHeight(pdf, title, CONTENT_WIDTH, B, SIZE.heading) + (note ? 16 : 0) + 40
  ensureSpace(pdf, h)
  pdf.y += 8
  const y = pdf.y
  pdf.rect(MARGIN.left, y + 2, 3, SIZE.heading).fill(COLOR.accent)
  pdf
    .font(B)
    .fontSize(SIZE.heading)
    .fillColor(COLOR.text)
    .text(title, MARGIN.left + 9, y, { width: CONTENT_WIDTH - 9 })
  pdf.y += 3
  if (note) drawText(pdf, note, { size: SIZE.small, color: COLOR.muted })
  pdf.y += 3
}

function drawQr(pdf: Doc, url: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' })
  const n = qr.modules.size
  const quiet = 2
  const cell = size / (n + 2 * quiet)
  pdf.rect(x, y, size, size).fill('#ffffff')
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (qr.modules.get(r, c)) pdf.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell, cell)
  pdf.fill('#000000')
}

/** Title, subject block and QR code (first page). */
export function drawOpening(pdf: Doc, doc: ReportDocument): void {
  pdf
    .font(B)
    .fontSize(SIZE.title)
    .fillColor(COLOR.accent)
    .text(doc.title, MARGIN.left, pdf.y, { width: CONTENT_WIDTH, align: 'center' })
  pdf.y += 4
  pdf
    .font(R)
    .fontSize(SIZE.body)
    .fillColor(COLOR.muted)
    .text(`${NUMBER_LABEL}${doc.number}`, MARGIN.left, pdf.y, { width: CONTENT_WIDTH, align: 'center' })
  pdf.y += 12
  const qrSize = 104
  const top = pdf.y
  const rows: { label: string; value: string }[] = [
    { label: '主体名称', value: doc.subject.name },
    { label: '主体类型', value: doc.subject.kindLabel },
  ]
  if (doc.subject.uscc) rows.push({ label: '统一社会信用代码', value: doc.subject.uscc })
  if (doc.subject.idNumberMasked) rows.push({ label: '身份证号', value: doc.subject.idNumberMasked })
  rows.push({ label: '报告编号', value: doc.number })
  rows.push({ label: '出具时间', value: `${beijingTime(doc.issuedAt)}（北京时间）` })
  rows.push({ label: '有效期至', value: civilDateZh(doc.validUntil) })
  if (doc.period)
    rows.push({ label: '信息期间', value: `${civilDateZh(doc.period.from)} 至 ${civilDateZh(doc.period.to)}` })
  rows.push({
    label: '报告使用方',
    value: doc.recipient.name
      ? `${RECIPIENT[doc.recipient.kind]}：${doc.recipient.name}`
      : RECIPIENT[doc.recipient.kind],
  })
  if (doc.purpose) rows.push({ label: '查询用途', value: doc.purpose })
  rows.push({ label: '出具机构', value: doc.issuer.name })
  drawFields(pdf, rows, CONTENT_WIDTH - qrSize - 12)
  const bottom = pdf.y
  const qx = MARGIN.left + CONTENT_WIDTH - qrSize
  drawQr(pdf, doc.verify.url, qx, top, qrSize)
  pdf
    .font(R)
    .fontSize(SIZE.small)
    .fillColor(COLOR.muted)
    .text('扫码核验本报告', qx, top + qrSize + 3, { width: qrSize, align: 'center' })
  pdf.text(`核验码 ${doc.verify.code}`, qx, pdf.y + 1, { width: qrSize, align: 'center' })
  pdf.x = MARGIN.left
  pdf.y = Math.max(bottom, pdf.y) + 6
}

export function drawSections(pdf: Doc, doc: ReportDocument): void {
  for (const s of doc.sections) {
    heading(pdf, s.title, s.note)
    for (const b of s.blocks) {
      if (b.type === 'fields') drawFields(pdf, b.rows)
      else if (b.type === 'table') drawTable(pdf, b)
      else drawText(pdf, b.text)
      pdf.y += 6
    }
  }
  if (doc.footnotes.length > 0) {
    heading(pdf, '注释')
    for (const f of doc.footnotes) drawText(pdf, `${f.mark}：${f.text}`, { size: SIZE.small })
    pdf.y += 6
  }
}

/** Key id, verify code, how to verify (online and offline). */
export function drawClosing(pdf: Doc, doc: ReportDocument): void {
  heading(pdf, '报告核验')
  drawFields(pdf, [
    { label: '在线核验', value: `${doc.verify.url}（输入报告编号与核验码，或扫描首页二维码）` },
    { label: '核验码', value: doc.verify.code },
    { label: '签名密钥编号', value: doc.keyId },
    { label: '出具机构', value: `${doc.issuer.name}（${doc.issuer.url}）` },
  ])
  pdf.y += 6
  drawText(
    pdf,
    [
      '本报告为电子文件，以出具机构的电子签名代替印章。文件内附三个附件：report.json（报告内容，规范化 JSON）、report.sig.json（对报告内容的 Ed25519 签名）与 report.proof.json（本次出具记入审计日志的包含证明及签名检查点），仅凭本文件即可离线核验。',
      `离线核验：运行 gongxin report verify 本文件.pdf --keys gongxin-keys.json（公钥见 ${doc.issuer.url.replace(/\/+$/, '')}/.well-known/gongxin-keys.json），或按公开的报告格式说明自行核验。文件签名覆盖除签名值以外的每一个字节，对文件的任何改动都会使核验失败。`,
      '纸质打印件不具备上述核验能力，请以电子文件或在线核验结果为准。',
    ].join('\n'),
    { size: SIZE.small, color: COLOR.muted },
  )
}

/** Header and footer on every buffered page, now that the page count is known. */
export function drawPageFurniture(pdf: Doc, doc: ReportDocument): void {
  const range = pdf.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i)
    const margins = pdf.page.margins
    pdf.page.margins = { top: 0, bottom: 0, left: 0, right: 0 }
    const y = 40
    pdf.font(B).fontSize(SIZE.body).fillColor(COLOR.accent).text(doc.issuer.name, MARGIN.left, y, { lineBreak: false })
    const label = `${NUMBER_LABEL}${doc.number}`
    pdf.font(R).fontSize(SIZE.small).fillColor(COLOR.muted)
    pdf.text(label, A4.width - MARGIN.right - pdf.widthOfString(label), y + 1.5, { lineBreak: false })
    pdf
      .moveTo(MARGIN.left, y + 17)
      .lineTo(A4.width - MARGIN.right, y + 17)
      .lineWidth(0.8)
      .stroke(COLOR.accent)
    const footY = A4.height - 40
    pdf
      .moveTo(MARGIN.left, footY - 6)
      .lineTo(A4.width - MARGIN.right, footY - 6)
      .lineWidth(0.4)
      .stroke(COLOR.rule)
    const pageText = `第 ${i - range.start + 1} 页 / 共 ${range.count} 页`
    pdf.font(R).fontSize(SIZE.small).fillColor(COLOR.muted)
    pdf.text(pageText, A4.width / 2 - pdf.widthOfString(pageText) / 2, footY, { lineBreak: false })
    pdf.text(doc.title, MARGIN.left, footY, { lineBreak: false })
    const code = `核验码 ${doc.verify.code}`
    pdf.text(code, A4.width - MARGIN.right - pdf.widthOfString(code), footY, { lineBreak: false })
    pdf.page.margins = margins
  }
}
