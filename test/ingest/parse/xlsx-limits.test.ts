// XLSX limits: a zip bomb (kilobytes that inflate to hundreds of megabytes) is refused with ingest.xlsx_too_large
// (413) before it costs memory, whether the central directory declares the sizes or lies about them.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { type AppError, isAppError } from '../../../src/core/errors.js'
import {
  DEFAULT_XLSX_LIMITS,
  MAX_PACKAGE_ENTRIES,
  type OpenRowSourceOptions,
  openRowSource,
} from '../../../src/modules/ingest/parse/index.js'
import { deflatePieces, writeXlsxBomb, xlsxPackage, zipArchive } from '../../support/xlsx-bomb.js'
import { collect, tempDir } from './helpers.js'

const dir = tempDir()
const MiB = 1024 * 1024
const gc = () => (globalThis as { gc?: () => void }).gc?.()

/** The coded refusal of opening and reading `path` to the end, with the heap and RSS growth it cost. */
async function refusal(
  input: Parameters<typeof openRowSource>[0],
  options: OpenRowSourceOptions = {},
): Promise<{ error: AppError; rowsRead: number; heapMb: number; rssMb: number }> {
  gc()
  const before = process.memoryUsage()
  let peakHeap = before.heapUsed
  let peakRss = before.rss
  const sample = setInterval(() => {
    const m = process.memoryUsage()
    peakHeap = Math.max(peakHeap, m.heapUsed)
    peakRss = Math.max(peakRss, m.rss)
  }, 10)
  let rowsRead = 0
  try {
    const src = await openRowSource(input, options)
    for await (const _ of src.rows) rowsRead++
  } catch (e) {
    if (!isAppError(e)) throw e
    return { error: e, rowsRead, heapMb: (peakHeap - before.heapUsed) / MiB, rssMb: (peakRss - before.rss) / MiB }
  } finally {
    clearInterval(sample)
  }
  throw new Error(`expected a refusal, read ${rowsRead} rows`)
}

describe('XLSX limits', () => {
  it('a sheet that declares 300 MB is refused from its central directory, without inflating it', async () => {
    const path = join(dir, 'declared.xlsx')
    const size = await writeXlsxBomb(path, { shape: 'text', megabytes: 300 })
    expect(size).toBeLessThan(512 * 1024) // a few hundred KB on disk
    const started = Date.now()
    const r = await refusal({ path })
    expect(r.error).toMatchObject({
      code: 'ingest.xlsx_too_large',
      status: 413,
      details: { kind: 'sheet', part: 'xl/worksheets/sheet1.xml', limitBytes: DEFAULT_XLSX_LIMITS.maxSheetBytes },
    })
    expect(r.error.details.declaredBytes).toBeGreaterThan(300 * MiB)
    expect(r.error.message).toBe(
      'XLSX 文件中的工作表解压后超过 256 MB 的上限（文件声明为 300 MB）：请按行把数据拆分为 2 个或更多较小的文件（每个文件保留表头行）分别上传，或在 Excel 中另存为 CSV（UTF-8）后上传（CSV 不受此限制）。',
    )
    expect(Date.now() - started).toBeLessThan(2000) // nothing was inflated
    expect(r.heapMb).toBeLessThan(100)
  })

  it.each([
    ['one giant cell of repeated text', 'text'],
    ['millions of rows', 'rows'],
  ] as const)(
    'a sheet whose directory lies (%s) is refused while inflating, before any row is read',
    async (_, shape) => {
      const path = join(dir, `lying-${shape}.xlsx`)
      await writeXlsxBomb(path, { shape, megabytes: 300, lie: 4096 })
      const r = await refusal({ path })
      expect(r.error).toMatchObject({ code: 'ingest.xlsx_too_large', status: 413, details: { kind: 'sheet' } })
      expect(r.error.details.declaredBytes).toBeUndefined() // the directory said 4 KB
      expect(r.error.message).toMatch(/^XLSX 文件中的工作表解压后超过 256 MB 的上限：请按行把数据拆分为多个较小的文件/)
      expect(r.rowsRead).toBe(0)
      // loosely: the inflated bytes were counted and dropped, never held
      expect(r.heapMb).toBeLessThan(100)
      expect(r.rssMb).toBeLessThan(150)
    },
  )

  it('a shared-strings table over its limit is refused, declared or lying', async () => {
    for (const lie of [undefined, 4096]) {
      const path = join(dir, `shared-${lie ?? 'honest'}.xlsx`)
      await writeXlsxBomb(path, { shape: 'shared_strings', megabytes: 80, ...(lie ? { lie } : {}) })
      const r = await refusal({ path })
      expect(r.error).toMatchObject({
        code: 'ingest.xlsx_too_large',
        status: 413,
        details: { kind: 'shared_strings', part: 'xl/sharedStrings.xml', limitBytes: 64 * MiB },
      })
      expect(r.error.message).toContain('文字内容（共享字符串表）解压后超过 64 MB 的上限')
      expect(r.heapMb).toBeLessThan(100)
    }
  })

  it('the limits are settings: the same file is read within larger ones and refused within smaller ones', async () => {
    const path = join(dir, 'three.xlsx')
    await writeXlsxBomb(path, { shape: 'rows', megabytes: 3, lie: 1000 })
    const roomy = { maxSheetBytes: 8 * MiB, maxSharedStringsBytes: 8 * MiB }
    const rows = await collect(await openRowSource({ path }, { xlsxLimits: roomy }))
    expect(rows.length).toBeGreaterThan(10_000)
    expect(rows[0]?.values).toEqual({ CF_XDR_MC: '天津市某某商贸有限公司', CF_WSH: '天津市某某商贸有限公司' })
    const tight = await refusal({ path }, { xlsxLimits: { maxSheetBytes: 2 * MiB, maxSharedStringsBytes: MiB } })
    expect(tight.error.details).toMatchObject({ kind: 'sheet', limitBytes: 2 * MiB })
    expect(tight.error.message).toContain('超过 2 MB 的上限')
    const shared = join(dir, 'three-shared.xlsx')
    await writeXlsxBomb(shared, { shape: 'shared_strings', megabytes: 3 })
    expect((await collect(await openRowSource({ path: shared }, { xlsxLimits: roomy })))[0]?.values.CF_XDR_MC).toBe(
      '天津市某某商贸有限公司',
    )
    expect(
      (await refusal({ path: shared }, { xlsxLimits: { maxSheetBytes: 8 * MiB, maxSharedStringsBytes: 2 * MiB } }))
        .error.details,
    ).toMatchObject({ kind: 'shared_strings', limitBytes: 2 * MiB })
  })

  it('within generous limits, one giant cell or a row of more cells than Excel allows is still refused', async () => {
    const roomy = { maxSheetBytes: 1024 * MiB, maxSharedStringsBytes: 1024 * MiB }
    const text = join(dir, 'giant-cell.xlsx')
    await writeXlsxBomb(text, { shape: 'text', megabytes: 200 })
    const r = await refusal({ path: text }, { xlsxLimits: roomy })
    expect(r.error).toMatchObject({ code: 'ingest.xlsx_too_large', status: 413, details: { kind: 'cell' } })
    expect(r.heapMb).toBeLessThan(100)

    const letters = (n: number): string =>
      n <= 0 ? '' : letters(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26))
    const cells = Array.from({ length: 20_000 }, (_, i) => `<c r="${letters(i + 1)}2"><v>1</v></c>`).join('')
    // a row of 20,000 cells (Excel stops at 16,384 columns)
    const sheet = await deflatePieces([
      {
        text: `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row><row r="2">${cells}</row></sheetData></worksheet>`,
      },
    ])
    const wide = join(dir, 'wide.xlsx')
    writeFileSync(wide, await xlsxPackage({ sheet }))
    const w = await refusal({ path: wide })
    expect(w.error).toMatchObject({
      code: 'ingest.xlsx_too_large',
      details: { kind: 'elements', element: 'c', limit: 16_384 },
    })
    expect(w.error.message).toContain('「c」元素超过 16384 个')
  })

  it('an upload stream is read the same way (spooled to a temporary file): a bomb is refused', async () => {
    const path = join(dir, 'stream.xlsx')
    await writeXlsxBomb(path, { shape: 'rows', megabytes: 300, lie: 4096 })
    const r = await refusal({ stream: Readable.from([readFileSync(path)]), fileName: '上传.xlsx' })
    expect(r.error).toMatchObject({ code: 'ingest.xlsx_too_large', details: { kind: 'sheet' } })
  })

  it('a zip of more entries than a workbook has is refused', async () => {
    const empty = await deflatePieces([{ text: '' }])
    const zip = zipArchive(
      Array.from({ length: MAX_PACKAGE_ENTRIES + 1 }, (_, i) => ({ name: `x/${i}`, deflated: empty })),
    )
    const path = join(dir, 'entries.xlsx')
    writeFileSync(path, zip)
    const r = await refusal({ path })
    expect(r.error).toMatchObject({
      code: 'ingest.xlsx_too_large',
      details: { kind: 'entries', limit: MAX_PACKAGE_ENTRIES },
    })
  })
})
