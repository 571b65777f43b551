// 双公示 export for the national platform (`gongxin export shuanggongshi --from DATE --out DIR`): this platform's own
// 行政许可 (XK_) and 行政处罚 (CF_) records in force, stored or changed in the period, one CSV and one XLSX per
// class, headed by the national field codes in the standard's order (the catalog class's field order).
import { createWriteStream, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { safeCsvStream } from '../../core/csv.js'
import type { Ctx } from '../../core/context.js'
import { type CatalogClass, getClass } from '../../modules/catalog/index.js'
import { cellText } from '../../modules/federation/index.js'
import { ExcelJS } from '../../modules/ingest/index.js'
import { ownRecordsChanged } from '../../read-models/federation-feed/index.js'

/** The two 双公示 classes and their files' names (prefix = the national field-code prefix). */
export const SHUANGGONGSHI = [
  { classCode: 'admin_license', prefix: 'XK', label: '行政许可' },
  { classCode: 'admin_penalty', prefix: 'CF', label: '行政处罚' },
] as const

export interface ShuanggongshiFile {
  classCode: string
  rows: number
  csv: string
  xlsx: string
}

/** Start of a civil date in Asia/Shanghai, as the UTC instant text the records store. */
function dayStart(date: string): string {
  return new Date(`${date}T00:00:00+08:00`).toISOString()
}

/**
 * Writes the files for records whose current version was stored from `from` (inclusive) to `to` (inclusive; default
 * today), civil dates in Asia/Shanghai. A peer's records are never exported as ours. ID numbers stay masked as
 * stored (the lawful minimum for 双公示); a field of authorised-only scope is left empty.
 */
export async function exportShuanggongshi(
  ctx: Ctx,
  input: { from: string; to: string; outDir: string },
): Promise<ShuanggongshiFile[]> {
  mkdirSync(input.outDir, { recursive: true })
  const next = new Date(`${input.to}T00:00:00+08:00`)
  next.setUTCDate(next.getUTCDate() + 1)
  const range = { from: dayStart(input.from), to: next.toISOString() }
  const out: ShuanggongshiFile[] = []
  for (const c of SHUANGGONGSHI) {
    const current = await getClass(ctx.db, c.classCode)
    const headers = current.fields.map((f) => f.code)
    const base = join(input.outDir, `${c.prefix}_${c.label}_${input.from}_${input.to}`)
    const csvOut = createWriteStream(`${base}.csv`)
    csvOut.write('\uFEFF')
    const csv = safeCsvStream(headers)
    csv.pipe(csvOut)
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: `${base}.xlsx`,
      useStyles: false,
      useSharedStrings: false,
    })
    const ws = wb.addWorksheet(c.label)
    ws.addRow(headers).commit()
    const classes = new Map<number, CatalogClass>([[current.version, current]])
    let after: { updatedAt: string; id: string } | null = null
    let rows = 0
    for (;;) {
      const page = await ownRecordsChanged(ctx.db, c.classCode, range, after, 1000)
      for (const r of page) {
        let cls = classes.get(r.class_version)
        if (!cls) {
          cls = await getClass(ctx.db, c.classCode, r.class_version)
          classes.set(r.class_version, cls)
        }
        const data = JSON.parse(r.payload) as Record<string, unknown>
        const cells = headers.map((code) => {
          const f = cls.fields.find((x) => x.code === code)
          const v = data[code]
          if (!f || f.scope === 'authorized' || v === undefined || v === null) return ''
          return cellText(f, v)
        })
        if (!csv.write(cells)) await new Promise((resolve) => csv.once('drain', resolve))
        ws.addRow(cells).commit()
        rows++
      }
      const last = page.at(-1)
      if (!last || page.length < 1000) break
      after = { updatedAt: last.updated_at, id: last.id }
    }
    csv.end()
    await finished(csvOut)
    ws.commit()
    await wb.commit()
    out.push({ classCode: c.classCode, rows, csv: `${base}.csv`, xlsx: `${base}.xlsx` })
  }
  return out
}
