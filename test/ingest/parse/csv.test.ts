import { Readable } from 'node:stream'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { errorCatalog, isAppError } from '../../../src/core/errors.js'
import { detectFormat, openRowSource, rowError } from '../../../src/modules/ingest/parse/index.js'
import { collect, tempDir, writeFile } from './helpers.js'

const dir = tempDir()

const CN = [
  '行政相对人名称,统一社会信用代码,处罚决定日期,罚款金额（万元）',
  '天津华信商贸有限公司,91350200776049653A,2024-03-05,0.2',
  '"天津（北方）物流有限责任公司",91330000755918469E,2024年3月6日,"1,234.5"',
  '和平区老张餐馆,,2024/3/7,',
].join('\r\n')

async function open(name: string, content: string | Uint8Array, options?: Parameters<typeof openRowSource>[1]) {
  return openRowSource({ path: writeFile(dir, name, content) }, options)
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    const src = (await p) as { rows?: AsyncIterable<unknown> }
    if (src?.rows) for await (const _ of src.rows) void _
  } catch (e) {
    if (isAppError(e)) return { code: e.code, message: e.message }
    throw e
  }
  throw new Error('expected a refusal')
}

describe('CSV encodings', () => {
  const expectRows = async (src: Awaited<ReturnType<typeof open>>) => {
    expect(src.format).toBe('csv')
    expect(src.headers).toEqual(['行政相对人名称', '统一社会信用代码', '处罚决定日期', '罚款金额（万元）'])
    const rows = await collect(src)
    expect(rows.map((r) => r.rowNo)).toEqual([2, 3, 4])
    expect(rows[0]?.values).toEqual({
      行政相对人名称: '天津华信商贸有限公司',
      统一社会信用代码: '91350200776049653A',
      处罚决定日期: '2024-03-05',
      '罚款金额（万元）': '0.2',
    })
    expect(rows[1]?.values.行政相对人名称).toBe('天津（北方）物流有限责任公司')
    expect(rows[1]?.values['罚款金额（万元）']).toBe('1,234.5')
    expect(rows[2]?.values.统一社会信用代码).toBe('')
    expect(rows.every((r) => r.error === undefined)).toBe(true)
  }

  it('UTF-8 without BOM', async () => {
    const src = await open('utf8.csv', CN)
    expect(src.encoding).toBe('utf-8')
    await expectRows(src)
  })

  it('UTF-8 with BOM (the BOM does not stick to the first header)', async () => {
    const src = await open('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CN)]))
    expect(src.encoding).toBe('utf-8')
    await expectRows(src)
  })

  it('GBK is detected and decoded as GB18030', async () => {
    const src = await open('gbk.csv', iconv.encode(CN, 'gbk'))
    expect(src.encoding).toBe('gb18030')
    expect(src.encodingWarning).toBeUndefined()
    await expectRows(src)
  })

  it('GB18030 four-byte characters survive', async () => {
    const text = '名称,备注\n𠀀记商行,㐀\n'
    const rows = await collect(await open('gb18030.csv', iconv.encode(text, 'gb18030')))
    expect(rows[0]?.values).toEqual({ 名称: '𠀀记商行', 备注: '㐀' })
  })

  it('UTF-16 with BOM (Excel "Unicode text", tab-separated)', async () => {
    const text = '名称\t代码\n华信商贸\t91350200776049653A\n'
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    const src = await open('unicode.txt', bytes)
    expect(src.encoding).toBe('utf-16le')
    expect(src.delimiter).toBe('\t')
    expect((await collect(src))[0]?.values).toEqual({ 名称: '华信商贸', 代码: '91350200776049653A' })
  })

  it('a wrong declared encoding is overruled by the bytes, with a warning', async () => {
    const src = await open('declared-utf8.csv', iconv.encode(CN, 'gbk'), { encoding: 'utf-8' })
    expect(src.encoding).toBe('gb18030')
    expect(src.encodingWarning).toBe('文件声明为 UTF-8 编码，但内容实为 GBK/GB18030，已按 GBK/GB18030 读取。')
    await expectRows(src)

    const src2 = await open('declared-gbk.csv', CN, { encoding: 'gb18030' })
    expect(src2.encoding).toBe('utf-8')
    expect(src2.encodingWarning).toContain('文件声明为 GBK/GB18030 编码，但内容实为 UTF-8')
    await expectRows(src2)
  })

  it('GBK text that happens to be valid UTF-8 (职位 = D6B0 CEBB) is read as GBK', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n1,'), iconv.encode('职位', 'gbk'), Buffer.from('\n')])
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(iconv.encode('职位', 'gbk'))).not.toThrow()
    const src = await open('tiny.csv', bytes)
    const rows = await collect(src)
    expect(src.encoding).toBe('gb18030')
    expect(rows[0]?.values.b).toBe('职位')
    // a declaration decides when there is this little evidence
    const utf8 = Buffer.from('a,b\n1,é\n')
    const src2 = await open('tiny-utf8.csv', utf8, { encoding: 'utf-8' })
    expect((await collect(src2))[0]?.values.b).toBe('é')
    expect(src2.encoding).toBe('utf-8')
    const src3 = await open('tiny-declared.csv', Buffer.from('a,b\n1,职位\n'), { encoding: 'gb18030' })
    expect((await collect(src3))[0]?.values.b).toBe('职位')
    expect(src3.encoding).toBe('utf-8') // 6 bytes of three-byte UTF-8 sequences: still UTF-8, with a warning
    expect(src3.encodingWarning).toBeDefined()
  })

  it('GBK that starts after a long ASCII prefix is still detected', async () => {
    const ascii = `${'code,name\n'}${Array.from({ length: 40000 }, (_, i) => `${i},x`).join('\n')}\n`
    const bytes = Buffer.concat([Buffer.from(ascii), iconv.encode('40000,华信商贸有限公司\n', 'gbk')])
    const src = await open('late-gbk.csv', bytes)
    const rows = await collect(src)
    expect(rows).toHaveLength(40001)
    expect(rows.at(-1)?.values).toEqual({ code: '40000', name: '华信商贸有限公司' })
    expect(src.encoding).toBe('gb18030')
  })

  it('GBK bytes inside a UTF-8 file make row errors, not garbage', async () => {
    const head = Buffer.from(`名称,备注\n${'华信商贸,正常\n'.repeat(10000)}`)
    const bytes = Buffer.concat([head, iconv.encode('老张餐馆,乱码\n', 'gbk'), Buffer.from('最后一行,正常\n')])
    const rows = await collect(await open('mixed.csv', bytes))
    expect(rows).toHaveLength(10002)
    expect(rows[10000]?.error?.code).toBe('ingest.bad_encoding')
    expect(rows[10000]?.error?.message).toBe(
      '第 10002 行含有无法识别的字符：文件可能混用了 UTF-8 和 GBK 编码。请将整个文件另存为 UTF-8 编码后重新上传。',
    )
    expect(rows[10001]).toMatchObject({ rowNo: 10003, values: { 名称: '最后一行' } })
    expect(rows[10001]?.error).toBeUndefined()
  })
})

describe('CSV structure', () => {
  it('bad quotes in row 3 of 5: that row is an error, the others survive', async () => {
    const text = [
      '名称,文号,日期',
      'A公司,W1,2024-01-01',
      'B公司,"W2"x,2024-01-02',
      'C公司,W3,2024-01-03',
      'D公司,W4,2024-01-04',
      'E公司,W5,2024-01-05',
    ].join('\n')
    const rows = await collect(await open('quotes.csv', text))
    expect(rows.map((r) => [r.rowNo, r.values.名称 ?? null, r.error?.code ?? null])).toEqual([
      [2, 'A公司', null],
      [3, null, 'ingest.bad_quotes'],
      [4, 'C公司', null],
      [5, 'D公司', null],
      [6, 'E公司', null],
    ])
    expect(rows[1]?.error?.message).toMatch(/^第 3 行的引号不配对/)
  })

  it('an unclosed quote does not swallow the following rows', async () => {
    const text = [
      '名称,文号,日期',
      'A公司,W1,2024-01-01',
      'B公司,"W2,2024-01-02',
      'C公司,W3,2024-01-03',
      'D公司,"W4",2024-01-04',
      'E公司,W5,2024-01-05',
    ].join('\n')
    const rows = await collect(await open('unclosed.csv', text))
    expect(rows.map((r) => [r.rowNo, r.values.文号 ?? null, r.error?.code ?? null])).toEqual([
      [2, 'W1', null],
      [3, null, 'ingest.bad_quotes'],
      [4, 'W3', null],
      [5, 'W4', null],
      [6, 'W5', null],
    ])
  })

  it('an unclosed quote on the last line', async () => {
    const rows = await collect(await open('unclosed-end.csv', '名称,文号\nA,W1\nB,"W2\n'))
    expect(rows.map((r) => r.error?.code ?? r.values.文号)).toEqual(['W1', 'ingest.bad_quotes'])
  })

  it('quoted cells: delimiters, doubled quotes, line breaks, a quote inside an unquoted cell', async () => {
    const text = '名称,事实,备注\r\n"A,公司","他说""停业""整顿","第一行\r\n第二行"\r\nB公司,5"屏幕,x\r\nC公司,"" ,y\r\n'
    const rows = await collect(await open('quoted.csv', text))
    expect(rows).toEqual([
      { rowNo: 2, line: 2, values: { 名称: 'A,公司', 事实: '他说"停业"整顿', 备注: '第一行\r\n第二行' } },
      { rowNo: 3, line: 4, values: { 名称: 'B公司', 事实: '5"屏幕', 备注: 'x' } },
      { rowNo: 4, line: 5, values: { 名称: 'C公司', 事实: '', 备注: 'y' } },
    ])
  })

  it('ragged rows are row errors; trailing empty cells are harmless', async () => {
    const text = '名称,文号,日期\nA,W1,2024-01-01\nB,W2\nC,W3,2024-01-03,多余\nD,W4,2024-01-04,,\nE,W5,2024-01-05\n'
    const rows = await collect(await open('ragged.csv', text))
    expect(rows.map((r) => [r.rowNo, r.error?.code ?? null])).toEqual([
      [2, null],
      [3, 'ingest.ragged_row'],
      [4, 'ingest.ragged_row'],
      [5, null],
      [6, null],
    ])
    expect(rows[1]?.error?.message).toMatch(/^第 3 行有 2 列，表头有 3 列/)
    expect(rows[2]?.error?.message).toMatch(/^第 4 行有 4 列，表头有 3 列/)
    expect(rows[1]?.values).toEqual({ 名称: 'B', 文号: 'W2', 日期: '' })
    expect(rows[3]?.values).toEqual({ 名称: 'D', 文号: 'W4', 日期: '2024-01-04' })
  })

  it('a cell over 1 MB is a row error, not a crash (unquoted and quoted)', async () => {
    const big = 'x'.repeat((1 << 20) + 10)
    const text = `名称,事实\nA,ok\nB,${big}\nC,"${big}"\nD,ok\n`
    const rows = await collect(await open('big.csv', text))
    expect(rows.map((r) => [r.rowNo, r.error?.code ?? r.values.名称])).toEqual([
      [2, 'A'],
      [3, 'ingest.cell_too_large'],
      [4, 'ingest.cell_too_large'],
      [5, 'D'],
    ])
    expect(rows[1]?.error?.message).toBe(
      '第 3 行有单元格超过 1048576 个字符（约 1 MB）：请精简内容，或检查是否有引号未闭合。',
    )
  })

  it('a smaller cell limit can be set', async () => {
    const rows = await collect(await open('limit.csv', 'a,b\n1,12345\n2,1234\n', { maxCellChars: 4 }))
    expect(rows.map((r) => r.error?.code ?? r.values.b)).toEqual(['ingest.cell_too_large', '1234'])
  })

  it('an enormous line without a line break is reported and skipped', async () => {
    const huge = 'y'.repeat(9 * (1 << 20))
    const rows = await collect(await open('huge.csv', `a,b\n1,${huge}\n2,ok\n`))
    expect(rows.map((r) => r.error?.code ?? r.values.b)).toEqual(['ingest.cell_too_large', 'ok'])
    expect(rows[1]?.rowNo).toBe(3)
  })

  it.each([
    ['tab', '名称\t文号\t日期\nA公司\tW1\t2024-01-01\n', '\t'],
    ['semicolon', '名称;文号;日期\nA公司;W1;2024-01-01\n', ';'],
    ['comma with semicolons in cells', '名称,类别,日期\nA公司,警告;罚款,2024-01-01\n', ','],
  ])('delimiter detection: %s', async (_name, text, delimiter) => {
    const src = await open(`delim-${_name}.csv`, text)
    expect(src.delimiter).toBe(delimiter)
    expect(src.headers).toEqual(['名称', src.headers[1], '日期'])
    const rows = await collect(src)
    expect(rows[0]?.values.名称).toBe('A公司')
    expect(Object.keys(rows[0]?.values ?? {})).toHaveLength(3)
  })

  it('.tsv is tab-separated', async () => {
    const src = await open('x.tsv', 'a\tb,c\n1\t2,3\n')
    expect(src.delimiter).toBe('\t')
    expect((await collect(src))[0]?.values).toEqual({ a: '1', 'b,c': '2,3' })
  })

  it('headers: trimmed, empty ones named 列N, repeated ones made unique', async () => {
    const src = await open('headers.csv', ' 名称 ,,名称, 名称 ,"",x\n1,2,3,4,5,6\n')
    expect(src.headers).toEqual(['名称', '列2', '名称#2', '名称#3', '列5', 'x'])
    expect((await collect(src))[0]?.values).toEqual({
      名称: '1',
      列2: '2',
      '名称#2': '3',
      '名称#3': '4',
      列5: '5',
      x: '6',
    })
  })

  it('blank lines and all-empty rows are skipped but counted', async () => {
    const rows = await collect(await open('blank.csv', 'a,b\n\n1,2\n,\n  ,  \n3,4\r\n\r\n'))
    expect(rows.map((r) => [r.rowNo, r.values.a])).toEqual([
      [3, '1'],
      [6, '3'],
    ])
  })

  it('a header after leading blank lines keeps the row numbers of the file', async () => {
    const src = await open('lead.csv', '\n\na,b\n1,2\n')
    expect(src.headers).toEqual(['a', 'b'])
    expect((await collect(src))[0]?.rowNo).toBe(4)
  })

  it('a file without a final line break, and CRLF split across chunks', async () => {
    const body = Array.from({ length: 30000 }, (_, i) => `${i},"值${i}"`).join('\r\n')
    const rows = await collect(await open('crlf.csv', `n,v\r\n${body}`))
    expect(rows).toHaveLength(30000)
    expect(rows.at(-1)?.values).toEqual({ n: '29999', v: '值29999' })
    expect(rows.every((r, i) => r.rowNo === i + 2 && r.values.v === `值${i}`)).toBe(true)
  })

  it('reads from a stream in small chunks the same as from a file', async () => {
    const text = `名称,事实\n${Array.from({ length: 500 }, (_, i) => `公司${i},"第${i}行""引号""\n换行"`).join('\n')}\n`
    const bytes = iconv.encode(text, 'gbk')
    const chunks: Buffer[] = []
    for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7))
    const src = await openRowSource({ stream: Readable.from(chunks), fileName: 'upload.csv' })
    expect(src.encoding).toBe('gb18030')
    const rows = await collect(src)
    expect(rows).toHaveLength(500)
    expect(rows[499]?.values).toEqual({ 名称: '公司499', 事实: '第499行"引号"\n换行' })
    expect(rows[499]?.rowNo).toBe(501)
    expect(rows[499]?.line).toBe(2 + 499 * 2)
  })
})

describe('CSV refusals', () => {
  it('an empty file is unreadable', async () => {
    const e = await refusal(open('empty.csv', ''))
    expect(e.code).toBe('ingest.unreadable')
    expect(e.message).toBe('无法读取文件：文件为空。请检查文件后重新上传。')
  })

  it('a file with only blank lines is unreadable', async () => {
    expect((await refusal(open('blank-only.csv', '\n\r\n  \n'))).code).toBe('ingest.unreadable')
  })

  it('a header without data rows is fine: no rows', async () => {
    const src = await open('header-only.csv', 'a,b\n')
    expect(src.headers).toEqual(['a', 'b'])
    expect(await collect(src)).toEqual([])
  })

  it('a missing file is unreadable', async () => {
    const e = await refusal(openRowSource({ path: `${dir}/nope.csv` }))
    expect(e.code).toBe('ingest.unreadable')
    expect(e.message).toContain('文件不存在')
  })

  it('.xls is refused with a message that says what to do', async () => {
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])
    const e = await refusal(open('old.xls', ole))
    expect(e.code).toBe('ingest.unsupported_format')
    expect(e.message).toContain('不支持 .xls 格式')
    expect(e.message).toContain('请在 Excel 中另存为 .xlsx 或 CSV（UTF-8）后再上传')
    // an .xls renamed to .csv is refused the same way
    expect((await refusal(open('renamed.csv', ole))).message).toContain('另存为 .xlsx 或 CSV（UTF-8）')
  })

  it.each(['report.pdf', 'data.json', 'sheet.ods', 'noext'])('%s is refused', async (name) => {
    const e = await refusal(open(name, 'a,b\n1,2\n'))
    expect(e.code).toBe('ingest.unsupported_format')
    expect(e.message).toContain(
      '请上传 CSV（.csv，UTF-8 或 GBK 编码）、Excel 工作簿（.xlsx）或 JSON Lines（.jsonl）文件',
    )
  })

  it('an .xlsx that is not a zip is unreadable', async () => {
    expect((await refusal(open('fake.xlsx', 'a,b\n1,2\n'))).code).toBe('ingest.unreadable')
  })
})

describe('RowSource lifecycle and error codes', () => {
  it('breaking out of the rows, or close() without reading, releases the file', async () => {
    const path = writeFile(dir, 'many.csv', `a\n${'1\n'.repeat(100000)}`)
    const src = await openRowSource({ path })
    let n = 0
    for await (const _ of src.rows) if (++n === 3) break
    expect(n).toBe(3)
    const src2 = await openRowSource({ path })
    await src2.close()
    await src2.close() // idempotent
  })

  it('every code of the readers is registered with a status', () => {
    const codes = new Map(errorCatalog().map((e) => [e.code, e.status]))
    for (const code of [
      'ingest.unsupported_format',
      'ingest.unreadable',
      'ingest.ragged_row',
      'ingest.bad_quotes',
      'ingest.cell_too_large',
      'ingest.bad_json',
      'ingest.bad_encoding',
      'ingest.too_many_columns',
    ]) {
      expect(codes.get(code), code).toBeGreaterThanOrEqual(400)
    }
    expect(rowError('ingest.ragged_row', { row: 7, got: 3, expected: 4 }).message).toMatch(
      /^第 7 行有 3 列，表头有 4 列/,
    )
  })

  it('detectFormat: magic bytes first, the extension second', () => {
    const zip = Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0])
    const ole = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    const text = Uint8Array.from([0x61, 0x2c, 0x62])
    expect(detectFormat('a.xlsx', zip)).toEqual({ format: 'xlsx' })
    expect(detectFormat('a.XLSX', zip)).toEqual({ format: 'xlsx' })
    expect(detectFormat('a.xls', zip)).toEqual({ format: 'xlsx' })
    expect(detectFormat('a.docx', zip)).toEqual({ refuse: 'other', ext: '.docx' })
    expect(detectFormat('a.xlsx', ole)).toEqual({ refuse: 'xls', ext: '.xlsx' }) // encrypted workbooks are OLE files
    expect(detectFormat('a.csv', text)).toEqual({ format: 'csv' })
    expect(detectFormat('a.TXT', text)).toEqual({ format: 'csv' })
    expect(detectFormat('a.jsonl', text)).toEqual({ format: 'jsonl' })
    expect(detectFormat('a.ndjson', text)).toEqual({ format: 'jsonl' })
    expect(detectFormat('a.xls', text)).toEqual({ refuse: 'xls', ext: '.xls' })
    expect(detectFormat('a.csv', new Uint8Array())).toEqual({ unreadable: '文件为空' })
  })
})
