import { Readable } from 'node:stream'
import { stringify } from 'csv-stringify/sync'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { openRowSource } from '../../../src/modules/ingest/parse/index.js'
import { collect } from './helpers.js'

/** Deterministic pseudo-random numbers (LCG), so a failure can be reproduced. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

const PIECES = ['a', '公司', ',', '"', '""', '\n', '\r\n', ' ', '；', '（北方）', '1,234.5', "'", '\t', 'x y', '𠀀']

function randomField(r: () => number): string {
  const n = Math.floor(r() * 5)
  let s = ''
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(r() * PIECES.length)]
  return s
}

describe('CSV parser agrees with csv-stringify on random well-formed files', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i, random chunk sizes, UTF-8 and GB18030', async (seed) => {
    const r = rng(seed)
    const header = ['名称', '事实', '备注', 'X']
    const records: string[][] = []
    for (let i = 0; i < 300; i++) {
      const rec = header.map(() => randomField(r))
      if (rec[0]?.trim() === '') rec[0] = `行${i}` // rows whose cells are all blank are skipped by design
      records.push(rec)
    }
    // fields with a line break are always quoted (as Excel does); csv-stringify alone quotes only the record delimiter
    const text = stringify([header, ...records], {
      record_delimiter: r() < 0.5 ? '\n' : '\r\n',
      quoted_match: /[\r\n]/,
    })
    const encoding = seed % 2 === 0 ? 'gb18030' : 'utf-8'
    const bytes = encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text)
    const chunks: Buffer[] = []
    for (let i = 0; i < bytes.length; ) {
      const n = 1 + Math.floor(r() * 64)
      chunks.push(bytes.subarray(i, i + n))
      i += n
    }
    const src = await openRowSource({ stream: Readable.from(chunks), fileName: 'random.csv' })
    const rows = await collect(src)
    expect(src.encoding).toBe(encoding)
    expect(rows.filter((x) => x.error)).toEqual([])
    expect(rows.map((x) => header.map((h) => x.values[h]))).toEqual(records)
    expect(rows.map((x) => x.rowNo)).toEqual(records.map((_, i) => i + 2))
  })
})

describe('CSV parser robustness', () => {
  it('a GB18030 four-byte character split across chunks does not lose the end of the chunk', async () => {
    // iconv-lite 0.7.3's streaming decoder drops the last character here; the reader must not
    const bytes = iconv.encode('名称,代码\n𠀀,12345678\n', 'gb18030')
    const at = bytes.indexOf(Buffer.from([0x95, 0x32, 0x82, 0x36])) + 3
    const src = await openRowSource({
      stream: Readable.from([bytes.subarray(0, at), bytes.subarray(at)]),
      fileName: 'x.csv',
    })
    expect(await collect(src)).toEqual([{ rowNo: 2, line: 2, values: { 名称: '𠀀', 代码: '12345678' } }])
  })

  it.each([11, 12, 13, 14])('random malformed input (seed %i) never throws and numbers rows in order', async (seed) => {
    const r = rng(seed)
    const junk = ['a', ',', '"', '\n', '\r', '\r\n', '""', '公司', ' ', '\t', 'x"y', '"",']
    let text = '名称,事实,备注\n'
    for (let i = 0; i < 3000; i++) text += junk[Math.floor(r() * junk.length)]
    const bytes = Buffer.from(text)
    const rows = await collect(
      await openRowSource({ stream: Readable.from([bytes]), fileName: 'junk.csv' }, { maxCellChars: 200 }),
    )
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.rowNo).toBeGreaterThan(rows[i - 1]?.rowNo ?? 0)
    for (const row of rows) {
      if (!row.error) expect(Object.keys(row.values)).toEqual(['名称', '事实', '备注'])
      else expect(row.error.code).toMatch(/^ingest\.(bad_quotes|ragged_row|cell_too_large)$/)
    }
    // the same bytes in random chunks give the same rows
    const again = await collect(
      await openRowSource(
        { stream: Readable.from(randomChunks(bytes, r)), fileName: 'junk.csv' },
        { maxCellChars: 200 },
      ),
    )
    expect(again).toEqual(rows)
  })
})

function randomChunks(bytes: Buffer, r: () => number): Buffer[] {
  const out: Buffer[] = []
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + Math.floor(r() * 40)
    out.push(bytes.subarray(i, i + n))
    i += n
  }
  return out
}
