// JSON lines (one object per line) as a RowSource.
import type { ByteSource } from './bytes.js'
import { AutoDecoder } from './decode.js'
import { numberToPlainString } from './number-text.js'
import { parseError, rowError } from './parse.errors.js'
import type { DeclaredEncoding, RowSource, SourceRow } from './types.js'

/** Lines read ahead to collect the headers (the union of their keys). */
export const JSONL_HEADER_LINES = 1000

export interface JsonlOptions {
  encoding?: DeclaredEncoding
  maxCellChars: number
}

interface Line {
  no: number
  text: string
  tooLong: boolean
}

/** Splits decoded text into lines; a line longer than maxLine is reported (tooLong) and its text dropped. */
class LineStream {
  private buf = ''
  private no = 0
  private ended = false
  private skipping = false

  constructor(
    private readonly bytes: ByteSource,
    private readonly decoder: AutoDecoder,
    private readonly maxLine: number,
  ) {}

  async next(): Promise<Line | null> {
    for (;;) {
      const nl = this.buf.indexOf('\n')
      if (nl >= 0) {
        const text = this.buf.slice(0, nl)
        this.buf = this.buf.slice(nl + 1)
        this.no++
        if (this.skipping) {
          this.skipping = false
          continue // the end of a line already reported as too long
        }
        return { no: this.no, text, tooLong: false }
      }
      if (this.buf.length > this.maxLine && !this.skipping) {
        this.buf = ''
        this.skipping = true
        return { no: this.no + 1, text: '', tooLong: true }
      }
      if (this.skipping) this.buf = ''
      if (this.ended) {
        if (this.buf.length === 0) return null
        const text = this.buf
        this.buf = ''
        this.no++
        return { no: this.no, text, tooLong: false }
      }
      const chunk = await this.bytes.next()
      if (chunk === null) {
        this.ended = true
        this.buf += this.decoder.end()
      } else {
        this.buf += this.decoder.write(chunk)
      }
    }
  }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number') return numberToPlainString(v)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (Array.isArray(v)) return v.map(cellText).join(';')
  return JSON.stringify(v)
}

type Parsed = { line: Line; obj: Record<string, unknown> } | { line: Line; error: { code: string; message: string } }

function parseLine(line: Line, maxCellChars: number): Parsed | null {
  if (line.tooLong) {
    return { line, error: rowError('ingest.cell_too_large', { row: line.no, limit: maxCellChars }) }
  }
  const t = line.text.trim()
  if (t === '') return null
  let obj: unknown
  try {
    obj = JSON.parse(t.charCodeAt(0) === 0xfeff ? t.slice(1) : t)
  } catch (e) {
    return { line, error: rowError('ingest.bad_json', { row: line.no, reason: `语法错误（${(e as Error).message}）` }) }
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    return { line, error: rowError('ingest.bad_json', { row: line.no, reason: '该行不是对象' }) }
  }
  return { line, obj: obj as Record<string, unknown> }
}

export async function openJsonl(bytes: ByteSource, opts: JsonlOptions): Promise<RowSource> {
  const decoder = new AutoDecoder(opts.encoding)
  const lines = new LineStream(bytes, decoder, Math.max(8 * opts.maxCellChars, 1 << 20))
  const ahead: Parsed[] = []
  const keys = new Set<string>()
  let objects = 0
  while (objects < JSONL_HEADER_LINES) {
    const line = await lines.next()
    if (line === null) break
    const p = parseLine(line, opts.maxCellChars)
    if (p === null) continue
    ahead.push(p)
    if ('obj' in p) {
      objects++
      for (const k of Object.keys(p.obj)) {
        const h = k.trim()
        if (h !== '' && h !== '__proto__') keys.add(h)
      }
    }
  }
  if (ahead.length === 0) {
    bytes.close()
    throw parseError('ingest.unreadable', { reason: '文件为空，没有数据行' })
  }
  const headers = [...keys]

  function toRow(p: Parsed): SourceRow {
    if ('error' in p) return { rowNo: p.line.no, line: p.line.no, values: {}, error: p.error }
    const values: Record<string, string> = {}
    for (const h of headers) values[h] = ''
    let tooLarge = false
    for (const [k, v] of Object.entries(p.obj)) {
      const h = k.trim()
      if (h === '' || h === '__proto__') continue
      const text = cellText(v)
      if (text.length > opts.maxCellChars) tooLarge = true
      values[h] = text
    }
    if (tooLarge) {
      return {
        rowNo: p.line.no,
        line: p.line.no,
        values: {},
        error: rowError('ingest.cell_too_large', { row: p.line.no, limit: opts.maxCellChars }),
      }
    }
    return { rowNo: p.line.no, line: p.line.no, values }
  }

  const source: RowSource = {
    format: 'jsonl',
    encoding: decoder.encoding,
    headers,
    rows: (async function* () {
      try {
        for (const p of ahead) yield toRow(p)
        ahead.length = 0
        for (;;) {
          const line = await lines.next()
          if (line === null) break
          const p = parseLine(line, opts.maxCellChars)
          if (p !== null) yield toRow(p)
        }
      } finally {
        bytes.close()
      }
    })(),
    close: async () => bytes.close(),
  }
  if (decoder.warning) source.encodingWarning = decoder.warning
  return source
}
