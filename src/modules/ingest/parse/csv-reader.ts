// CSV (and tab- or semicolon-separated text) as a RowSource.
import type { ByteSource } from './bytes.js'
import { CsvParser, type CsvRecord, detectDelimiter } from './csv-parser.js'
import { AutoDecoder } from './decode.js'
import { allBlank, cleanHeaders, rowBuilder } from './headers.js'
import { parseError, rowError } from './parse.errors.js'
import type { DeclaredEncoding, RowSource, SourceRow } from './types.js'

export interface CsvOptions {
  encoding?: DeclaredEncoding
  /** Forced delimiter (.tsv files); detected from the header line otherwise. */
  delimiter?: string
  maxCellChars: number
}

const MAX_COLUMNS = 2000

/** Pulls decoded text into the parser and yields records until the input ends. */
class RecordStream {
  constructor(
    private readonly bytes: ByteSource,
    private readonly decoder: AutoDecoder,
    readonly parser: CsvParser,
    /** True once the input and the decoder are exhausted. */
    private ended: boolean,
  ) {}

  /** The next record, or null at the end of the input. */
  async next(): Promise<CsvRecord | null> {
    for (;;) {
      const rec = this.parser.next(this.ended)
      if (rec !== null) return rec
      if (this.ended) return null
      const chunk = await this.bytes.next()
      if (chunk === null) {
        this.ended = true
        this.parser.push(this.decoder.end())
      } else {
        this.parser.push(this.decoder.write(chunk))
      }
    }
  }

  /** Synchronously available records (no await per record); empty when more input is needed. */
  drainSync(out: CsvRecord[], max: number): void {
    while (out.length < max) {
      const rec = this.parser.next(this.ended)
      if (rec === null) return
      out.push(rec)
    }
  }
}

/** Reads decoded text until the first line is complete, for delimiter detection. */
async function readFirstLine(
  bytes: ByteSource,
  decoder: AutoDecoder,
  limit: number,
): Promise<{ text: string; ended: boolean }> {
  let text = ''
  for (;;) {
    const chunk = await bytes.next()
    if (chunk === null) return { text: text + decoder.end(), ended: true }
    text += decoder.write(chunk)
    if (text.includes('\n') || text.length > limit) return { text, ended: false }
  }
}

function firstNonBlankLine(text: string): string {
  for (const l of text.split('\n', 50)) if (l.trim() !== '') return l
  return ''
}

export async function openCsv(bytes: ByteSource, opts: CsvOptions): Promise<RowSource> {
  const decoder = new AutoDecoder(opts.encoding)
  const first = await readFirstLine(bytes, decoder, 4 * opts.maxCellChars)
  if (first.text.replace(/^\uFEFF/, '').trim() === '') {
    bytes.close()
    throw parseError('ingest.unreadable', { reason: first.ended ? '文件为空，没有表头和数据' : '文件开头没有表头' })
  }
  const delimiter = opts.delimiter ?? detectDelimiter(firstNonBlankLine(first.text))
  const parser = new CsvParser({
    delimiter,
    maxCellChars: opts.maxCellChars,
    maxRecordChars: Math.max(8 * opts.maxCellChars, 1 << 20),
    maxColumns: MAX_COLUMNS,
  })
  const stream = new RecordStream(bytes, decoder, parser, first.ended)
  parser.push(first.text)

  // header: the first record with a non-blank cell
  let rowNo = 0
  let header: CsvRecord | null = null
  for (;;) {
    const rec = await stream.next()
    if (rec === null) break
    rowNo++
    if (rec.error) {
      bytes.close()
      throw parseError('ingest.unreadable', { reason: `表头（第 ${rowNo} 行）无法解析，请检查引号和分隔符` })
    }
    if (!allBlank(rec.fields)) {
      header = rec
      break
    }
  }
  if (header === null) {
    bytes.close()
    throw parseError('ingest.unreadable', { reason: '文件为空，没有表头和数据' })
  }
  const headers = cleanHeaders(header.fields)
  const width = headers.length
  const build = rowBuilder(headers)

  const source: RowSource = {
    format: 'csv',
    encoding: decoder.encoding,
    headers,
    delimiter,
    rows: rowsOf(),
    close: async () => bytes.close(),
  }
  if (decoder.warning) source.encodingWarning = decoder.warning

  async function* rowsOf(): AsyncGenerator<SourceRow> {
    const batch: CsvRecord[] = []
    try {
      for (;;) {
        batch.length = 0
        stream.drainSync(batch, 1024)
        if (batch.length === 0) {
          const rec = await stream.next()
          if (rec === null) break
          batch.push(rec)
        }
        // the decoder may settle (and warn) only once non-ASCII bytes appear
        if (source.encoding !== decoder.encoding) source.encoding = decoder.encoding
        if (decoder.warning && !source.encodingWarning) source.encodingWarning = decoder.warning
        for (const rec of batch) {
          rowNo++
          const row = toRow(rec, rowNo)
          if (row !== null) yield row
        }
      }
    } finally {
      bytes.close()
    }
  }

  function toRow(rec: CsvRecord, n: number): SourceRow | null {
    const fields = rec.fields
    if (rec.error) {
      const code =
        rec.error === 'bad_quotes'
          ? 'ingest.bad_quotes'
          : rec.error === 'too_many_columns'
            ? 'ingest.too_many_columns'
            : 'ingest.cell_too_large'
      return {
        rowNo: n,
        line: rec.line,
        values: {},
        error: rowError(code, { row: n, limit: code === 'ingest.too_many_columns' ? MAX_COLUMNS : opts.maxCellChars }),
      }
    }
    if (fields.length === 1 && (fields[0] as string).length === 0) return null // blank line
    let values: Record<string, string>
    if (fields.length === width) values = build(fields)
    else {
      values = {}
      const k = Math.min(fields.length, width)
      for (let i = 0; i < k; i++) values[headers[i] as string] = fields[i] as string
      for (let i = k; i < width; i++) values[headers[i] as string] = ''
    }
    if (fields.length !== width) {
      const blank = allBlank(fields)
      if (blank) return null
      // extra cells that are all empty (trailing delimiters) are harmless
      if (fields.length < width || !allBlank(fields.slice(width))) {
        return {
          rowNo: n,
          line: rec.line,
          values,
          error: rowError('ingest.ragged_row', { row: n, got: fields.length, expected: width }),
        }
      }
    } else if (allBlank(fields)) return null
    if (decoder.sawReplacement) {
      for (const f of fields) {
        if (f.includes('\uFFFD')) {
          return { rowNo: n, line: rec.line, values, error: rowError('ingest.bad_encoding', { row: n }) }
        }
      }
    }
    return { rowNo: n, line: rec.line, values }
  }

  return source
}
