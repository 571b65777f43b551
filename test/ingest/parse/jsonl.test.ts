import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { isAppError } from '../../../src/core/errors.js'
import { openRowSource } from '../../../src/modules/ingest/parse/index.js'
import { collect, tempDir, writeFile } from './helpers.js'

const dir = tempDir()

describe('JSON lines', () => {
  it('reads one object per line; a broken line is a row error and the rest survive', async () => {
    const text = [
      '{"CF_XDR_MC":"天津华信商贸有限公司","CF_NR_FK":0.2,"CF_CFLB":["警告","罚款"],"CF_JDRQ":"2024-03-05"}',
      '{"CF_XDR_MC":"老张餐馆","CF_NR_FK":null',
      '',
      '[1,2,3]',
      '{"CF_XDR_MC":"某公司","BZ":{"a":1},"FLAG":true,"BIG":1e21}',
    ].join('\n')
    const src = await openRowSource({ path: writeFile(dir, 'rows.jsonl', text) })
    expect(src.format).toBe('jsonl')
    expect(src.headers).toEqual(['CF_XDR_MC', 'CF_NR_FK', 'CF_CFLB', 'CF_JDRQ', 'BZ', 'FLAG', 'BIG'])
    const rows = await collect(src)
    expect(rows.map((r) => [r.rowNo, r.error?.code ?? null])).toEqual([
      [1, null],
      [2, 'ingest.bad_json'],
      [4, 'ingest.bad_json'],
      [5, null],
    ])
    expect(rows[0]?.values).toEqual({
      CF_XDR_MC: '天津华信商贸有限公司',
      CF_NR_FK: '0.2',
      CF_CFLB: '警告;罚款',
      CF_JDRQ: '2024-03-05',
      BZ: '',
      FLAG: '',
      BIG: '',
    })
    expect(rows[3]?.values).toMatchObject({
      CF_XDR_MC: '某公司',
      BZ: '{"a":1}',
      FLAG: 'true',
      BIG: '1000000000000000000000',
      CF_NR_FK: '',
    })
    expect(rows[1]?.error?.message).toMatch(/^第 2 行不是有效的 JSON 对象：语法错误/)
    expect(rows[2]?.error?.message).toBe(
      '第 4 行不是有效的 JSON 对象：该行不是对象。每行应为一个 {"字段":"值"} 形式的对象。',
    )
  })

  it('.ndjson, CRLF, a BOM and GBK bytes', async () => {
    const text = '{"名称":"华信"}\r\n{"名称":"老张"}\r\n'
    const gbk = await openRowSource({ path: writeFile(dir, 'rows.ndjson', iconv.encode(text, 'gbk')) })
    expect(gbk.encoding).toBe('gb18030')
    expect((await collect(gbk)).map((r) => r.values)).toEqual([{ 名称: '华信' }, { 名称: '老张' }])
    const bom = await openRowSource({ path: writeFile(dir, 'bom.jsonl', `\uFEFF${text}`) })
    expect((await collect(bom)).map((r) => r.values)).toEqual([{ 名称: '华信' }, { 名称: '老张' }])
  })

  it('headers are the union of the keys of the first 1000 lines; later new keys are still in values', async () => {
    const lines = Array.from({ length: 1500 }, (_, i) =>
      JSON.stringify(i === 10 ? { a: i, b: 'x' } : i === 1200 ? { a: i, late: 'y' } : { a: i }),
    )
    const src = await openRowSource({ path: writeFile(dir, 'keys.jsonl', lines.join('\n')) })
    expect(src.headers).toEqual(['a', 'b'])
    const rows = await collect(src)
    expect(rows).toHaveLength(1500)
    expect(rows[0]?.values).toEqual({ a: '0', b: '' })
    expect(rows[1200]?.values).toEqual({ a: '1200', b: '', late: 'y' })
  })

  it('a file of blank lines is unreadable', async () => {
    try {
      await openRowSource({ path: writeFile(dir, 'blank.jsonl', '\n\n') })
      throw new Error('expected a refusal')
    } catch (e) {
      expect(isAppError(e) && e.code).toBe('ingest.unreadable')
    }
  })

  it('an oversized value is a row error', async () => {
    const text = `${JSON.stringify({ a: 'x'.repeat(20) })}\n${JSON.stringify({ a: 'ok' })}\n`
    const rows = await collect(await openRowSource({ path: writeFile(dir, 'big.jsonl', text) }, { maxCellChars: 10 }))
    expect(rows.map((r) => r.error?.code ?? r.values.a)).toEqual(['ingest.cell_too_large', 'ok'])
  })
})
