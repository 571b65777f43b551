import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import ExcelJS from '../../../src/modules/ingest/parse/exceljs.js'
import { describe, expect, it } from 'vitest'
import { isAppError } from '../../../src/core/errors.js'
import { compileRowNormalizer, mapHeaders } from '../../../src/modules/ingest/normalize/index.js'
import { cellValueText, openRowSource } from '../../../src/modules/ingest/parse/index.js'
import { PENALTY_FIELDS } from '../../fixtures/ingest/penalty-fields.js'
import { collect, tempDir, writeFile } from './helpers.js'

const dir = tempDir()

type Sheet = { name: string; rows: unknown[][]; dateColumns?: number[] }

/** Writes an XLSX with exceljs's streaming writer (shared strings and styles, as Excel does). */
async function writeXlsx(name: string, sheets: Sheet[]): Promise<string> {
  const filename = join(dir, name)
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename, useSharedStrings: true, useStyles: true })
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name)
    for (const c of s.dateColumns ?? []) ws.getColumn(c).numFmt = 'yyyy"年"m"月"d"日"'
    for (const r of s.rows) ws.addRow(r).commit()
    ws.commit()
  }
  await wb.commit()
  return filename
}

async function refusal(p: Promise<{ rows: AsyncIterable<unknown> }>): Promise<string> {
  try {
    const src = await p
    for await (const _ of src.rows) void _
  } catch (e) {
    if (isAppError(e)) return e.code
    throw e
  }
  throw new Error('expected a refusal')
}

describe('XLSX', () => {
  it('reads cells as strings: text, numbers without exponent, date cells as YYYY-MM-DD, formulas, rich text', async () => {
    const file = await writeXlsx('types.xlsx', [
      {
        name: '行政处罚',
        dateColumns: [3],
        rows: [
          ['行政相对人名称', '罚款金额（万元）', '处罚决定日期', '身份证号', '备注', '公式'],
          [
            '天津华信商贸有限公司',
            0.2,
            new Date(Date.UTC(2019, 8, 1)),
            '11010519491231002X',
            { richText: [{ text: '红' }, { text: '字' }] },
            { formula: '1+1', result: 2 },
          ],
          ['老张餐馆', 1e21, new Date(Date.UTC(2024, 1, 29, 10, 30)), 110105194912310000, true, 0.1 + 0.2],
          ['某公司', 1.5e-7, 43709, '', null, { formula: 'A1', result: '文本' }],
        ],
      },
    ])
    const src = await openRowSource({ path: file })
    expect(src).toMatchObject({ format: 'xlsx', encoding: null, sheetName: '行政处罚' })
    expect(src.headers).toEqual(['行政相对人名称', '罚款金额（万元）', '处罚决定日期', '身份证号', '备注', '公式'])
    const rows = await collect(src)
    expect(rows).toEqual([
      {
        rowNo: 2,
        values: {
          行政相对人名称: '天津华信商贸有限公司',
          '罚款金额（万元）': '0.2',
          处罚决定日期: '2019-09-01',
          身份证号: '11010519491231002X',
          备注: '红字',
          公式: '2',
        },
      },
      {
        rowNo: 3,
        values: {
          行政相对人名称: '老张餐馆',
          '罚款金额（万元）': '1000000000000000000000',
          处罚决定日期: '2024-02-29 10:30:00',
          身份证号: '110105194912310000',
          备注: 'TRUE',
          公式: '0.3',
        },
      },
      {
        rowNo: 4,
        values: {
          行政相对人名称: '某公司',
          '罚款金额（万元）': '0.00000015',
          // a number in a date-formatted column is a date cell
          处罚决定日期: '2019-09-01',
          身份证号: '',
          备注: '',
          公式: '文本',
        },
      },
    ])
  })

  it('numeric serial dates without a date format stay numbers and normalise as Excel serials', async () => {
    const file = await writeXlsx('serial.xlsx', [
      {
        name: 'S',
        rows: [
          ['CF_JDRQ', 'CF_XDR_MC'],
          [43709, '甲'],
        ],
      },
    ])
    const src = await openRowSource({ path: file })
    const rows = await collect(src)
    expect(rows[0]?.values.CF_JDRQ).toBe('43709')
    const norm = compileRowNormalizer(PENALTY_FIELDS, mapHeaders(src.headers, PENALTY_FIELDS).mapping)
    expect(norm(rows[0]?.values ?? {}).data).toEqual({ CF_JDRQ: '2019-09-01', CF_XDR_MC: '甲' })
  })

  it('skips a title row above the header and keeps the sheet row numbers', async () => {
    const file = await writeXlsx('title.xlsx', [
      {
        name: 'S',
        rows: [
          ['天津市行政处罚信息公示表'],
          [],
          ['名称', '文号', '', '日期'],
          ['A', 'W1', '', '2024-01-01'],
          [],
          ['B', 'W2', 'x', '2024-01-02', '多余'],
        ],
      },
    ])
    const src = await openRowSource({ path: file })
    expect(src.headers).toEqual(['名称', '文号', '列3', '日期'])
    const rows = await collect(src)
    expect(rows.map((r) => [r.rowNo, r.values.名称, r.error?.code ?? null])).toEqual([
      [4, 'A', null],
      [6, 'B', 'ingest.ragged_row'],
    ])
    expect(rows[1]?.error?.message).toBe('第 6 行有 5 列，表头有 4 列：表头以外的列有内容，请删除多余内容或补上表头。')
  })

  it('reads the first worksheet, or a named one', async () => {
    const file = await writeXlsx('two.xlsx', [
      {
        name: '许可',
        rows: [
          ['名称', '文号'],
          ['甲', 'X1'],
        ],
      },
      {
        name: '处罚',
        rows: [
          ['名称', '文号'],
          ['乙', 'C1'],
        ],
      },
    ])
    expect((await collect(await openRowSource({ path: file })))[0]?.values.名称).toBe('甲')
    const named = await openRowSource({ path: file }, { sheet: '处罚' })
    expect(named.sheetName).toBe('处罚')
    expect((await collect(named))[0]?.values.名称).toBe('乙')
    expect(await refusal(openRowSource({ path: file }, { sheet: '没有' }))).toBe('ingest.unreadable')
  })

  it('reads from an upload stream, and a real XLSX named .xls is read as XLSX', async () => {
    const file = await writeXlsx('upload.xlsx', [
      {
        name: 'S',
        rows: [
          ['a', 'b'],
          ['1', '2'],
        ],
      },
    ])
    const bytes = readFileSync(file)
    const src = await openRowSource({ stream: Readable.from([bytes]), fileName: '报送.xls' })
    expect(src.format).toBe('xlsx')
    expect((await collect(src))[0]?.values).toEqual({ a: '1', b: '2' })
  })

  it('an empty sheet and a corrupt file are unreadable', async () => {
    const empty = await writeXlsx('empty.xlsx', [{ name: 'S', rows: [] }])
    expect(await refusal(openRowSource({ path: empty }))).toBe('ingest.unreadable')
    const good = readFileSync(await writeXlsx('good.xlsx', [{ name: 'S', rows: [['a'], ['1']] }]))
    const broken = writeFile(dir, 'broken.xlsx', good.subarray(0, Math.floor(good.length / 2)))
    expect(await refusal(openRowSource({ path: broken }))).toBe('ingest.unreadable')
    const garbage = writeFile(
      dir,
      'garbage.xlsx',
      Buffer.concat([Buffer.from([0x50, 0x4b, 3, 4]), Buffer.alloc(100, 7)]),
    )
    expect(await refusal(openRowSource({ path: garbage }))).toBe('ingest.unreadable')
  })

  it('cellValueText covers hyperlinks and error cells', () => {
    expect(cellValueText({ text: '链接', hyperlink: 'https://example.org' })).toBe('链接')
    expect(cellValueText({ error: '#N/A' })).toBe('#N/A')
    expect(cellValueText(-0)).toBe('0')
    expect(cellValueText(123456789012)).toBe('123456789012')
  })

  it('streams a 50,000-row workbook with bounded memory', async () => {
    const N = 50_000
    const file = join(dir, 'big.xlsx')
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true })
    const ws = wb.addWorksheet('行政处罚')
    ws.getColumn(4).numFmt = 'yyyy-mm-dd'
    ws.addRow(['CF_XDR_MC', 'CF_XDR_SHXYM', 'CF_WSH', 'CF_JDRQ', 'CF_NR_FK', 'CF_SY']).commit()
    for (let i = 0; i < N; i++) {
      ws.addRow([
        `天津市第${i}号商贸有限公司`,
        '91350200776049653A',
        `津市监罚〔2024〕${i}号`,
        new Date(Date.UTC(2024, 0, 1) + (i % 365) * 86_400_000),
        (i % 100) / 10,
        `经查，当事人于2024年实施了第${i}项违法行为，违反了相关规定，依法应予处罚。`,
      ]).commit()
    }
    ws.commit()
    await wb.commit()

    global.gc?.()
    const before = process.memoryUsage()
    let peakHeap = before.heapUsed
    let peakRss = before.rss
    const src = await openRowSource({ path: file })
    const norm = compileRowNormalizer(PENALTY_FIELDS, mapHeaders(src.headers, PENALTY_FIELDS).mapping)
    let count = 0
    const samples: Record<number, Record<string, unknown>> = {}
    for await (const row of src.rows) {
      count++
      expect(row.error).toBeUndefined()
      if (row.rowNo === 2 || row.rowNo === 25_001 || row.rowNo === N + 1) samples[row.rowNo] = norm(row.values).data
      if ((count & 4095) === 0) {
        // measure what is retained, not garbage a busy machine has not collected yet (vitest runs with --expose-gc)
        ;(globalThis as { gc?: () => void }).gc?.()
        const m = process.memoryUsage()
        peakHeap = Math.max(peakHeap, m.heapUsed)
        peakRss = Math.max(peakRss, m.rss)
      }
    }
    expect(count).toBe(N)
    expect(samples[2]).toEqual({
      CF_XDR_MC: '天津市第0号商贸有限公司',
      CF_XDR_SHXYM: '91350200776049653A',
      CF_WSH: '津市监罚〔2024〕0号',
      CF_JDRQ: '2024-01-01',
      CF_NR_FK: '0',
      CF_SY: '经查，当事人于2024年实施了第0项违法行为，违反了相关规定，依法应予处罚。',
    })
    expect(samples[25_001]).toMatchObject({
      CF_WSH: '津市监罚〔2024〕24999号',
      CF_JDRQ: '2024-06-28',
      CF_NR_FK: '99000',
    })
    expect(samples[N + 1]).toMatchObject({ CF_XDR_MC: `天津市第${N - 1}号商贸有限公司`, CF_NR_FK: '99000' })
    // The shared-strings table is held in memory (exceljs needs it); the rows are not. Measured: streaming grows the
    // heap by about 30 MB, loading this workbook whole with exceljs (Workbook#xlsx.readFile) by about 170 MB.
    if (process.env.GX_DEBUG)
      console.log({ heapMB: (peakHeap - before.heapUsed) / 2 ** 20, rssMB: (peakRss - before.rss) / 2 ** 20 })
    expect(peakHeap - before.heapUsed).toBeLessThan(100 * 1024 * 1024)
    expect(peakRss - before.rss).toBeLessThan(250 * 1024 * 1024)

    // stopping early, or closing without reading, releases the file without stray errors
    const early = await openRowSource({ path: file })
    let n = 0
    for await (const _ of early.rows) if (++n === 10) break
    expect(n).toBe(10)
    await (await openRowSource({ path: file })).close()
    await new Promise((r) => setTimeout(r, 200))
  }, 120_000)
})

describe('failing inputs', () => {
  function failingStream(head: Buffer): Readable {
    let sent = false
    return new Readable({
      read() {
        if (!sent) {
          sent = true
          this.push(head)
        } else this.destroy(new Error('connection reset'))
      },
    })
  }

  it('an upload that fails half-way is unreadable (XLSX), not a hang', async () => {
    const file = await writeXlsx('fail.xlsx', [
      { name: 'S', rows: Array.from({ length: 2000 }, (_, i) => [`名称${i}`, i]) },
    ])
    const bytes = readFileSync(file)
    const code = await refusal(
      openRowSource({ stream: failingStream(bytes.subarray(0, bytes.length >> 1)), fileName: 'x.xlsx' }),
    )
    expect(code).toBe('ingest.unreadable')
  })

  it('an upload that fails half-way is unreadable (CSV), after the rows read so far', async () => {
    const head = Buffer.from(`a,b\n${'1,2\n'.repeat(1000)}`)
    const src = await openRowSource({ stream: failingStream(head), fileName: 'x.csv' })
    let n = 0
    let code = ''
    try {
      for await (const _ of src.rows) n++
    } catch (e) {
      code = isAppError(e) ? e.code : String(e)
    }
    expect(code).toBe('ingest.unreadable')
    expect(n).toBeGreaterThan(900)
  })
})
