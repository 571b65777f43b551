// A streaming CSV record parser (RFC 4180 plus the leniencies real files need) that never gives up on the file:
// a record with broken quotes becomes an error record and parsing resumes at the line after the one it started on.
//
// Why not csv-parse: with skip_records_with_error it reports the error but goes on in whatever quoting state it was
// in, so one unclosed quote swallows the following rows; and it walks the input byte by byte through several function
// calls per character, which is the most expensive step of a large import. This parser splits unquoted lines with
// String#split (the common case) and handles quotes with indexOf.

export interface CsvRecord {
  fields: string[]
  /** Physical line (1-based) the record starts on. */
  line: number
  /** Set for records that could not be parsed. */
  error?: 'bad_quotes' | 'cell_too_large' | 'too_many_columns'
}

export interface CsvParserOptions {
  delimiter: string
  /** Largest cell in characters. */
  maxCellChars: number
  /** Largest record in characters; a quoted field still open after this many is taken as an unclosed quote. */
  maxRecordChars: number
  maxColumns: number
}

const QUOTE = 34
const LF = 10
const CR = 13
const SPACE = 32
const TAB = 9

/** Returned by parseOne when the buffer ends inside a record and more text may come. */
const MORE = null

export class CsvParser {
  private buf = ''
  private pos = 0
  private line = 1
  /** Discarding text up to the next line feed (after an oversized unquoted line). */
  private skipping = false
  private readonly delim: string
  private readonly delimCode: number

  constructor(private readonly opts: CsvParserOptions) {
    this.delim = opts.delimiter
    this.delimCode = opts.delimiter.charCodeAt(0)
  }

  /** Adds text. Call only after next() has returned MORE (null) for the text so far. */
  push(text: string): void {
    if (this.skipping) {
      const nl = text.indexOf('\n')
      if (nl < 0) return
      this.skipping = false
      this.line++
      text = text.slice(nl + 1)
    }
    this.buf = this.pos >= this.buf.length ? text : this.buf.slice(this.pos) + text
    this.pos = 0
  }

  /**
   * The next record; null when more text is needed (final false) or the input is exhausted (final true).
   */
  next(final: boolean): CsvRecord | null {
    if (this.skipping) return null
    const buf = this.buf
    const start = this.pos
    if (start >= buf.length) return null
    let nl = buf.indexOf('\n', start)
    if (nl < 0) {
      if (!final) {
        if (buf.length - start > this.opts.maxRecordChars) {
          // an enormous line: report it and drop the rest of it
          const rec: CsvRecord = { fields: [], line: this.line, error: 'cell_too_large' }
          this.pos = buf.length
          this.skipping = true
          return rec
        }
        return MORE
      }
      nl = buf.length
    }
    let end = nl
    if (end > start && buf.charCodeAt(end - 1) === CR) end--
    const text = buf.slice(start, end)
    if (text.indexOf('"') < 0) {
      const line = this.line
      this.pos = nl + 1
      this.line++
      const fields = text.split(this.delim)
      if (text.length > this.opts.maxCellChars) {
        for (const f of fields)
          if (f.length > this.opts.maxCellChars) return { fields: [], line, error: 'cell_too_large' }
      }
      if (fields.length > this.opts.maxColumns) return { fields: [], line, error: 'too_many_columns' }
      return { fields, line }
    }
    return this.slow(final)
  }

  /** Skips the record that starts at `start`: resumes at the line after its first line. */
  private recover(start: number, line: number, error: CsvRecord['error'], final: boolean): CsvRecord {
    const nl = this.buf.indexOf('\n', start)
    if (nl < 0) {
      this.pos = this.buf.length
      if (!final) this.skipping = true
    } else {
      this.pos = nl + 1
      this.line = line + 1
    }
    return { fields: [], line, error }
  }

  /** The buffer ends inside the record: wait for more text, unless the record is already too long. */
  private more(start: number, line: number, inQuotes: boolean, final: boolean): CsvRecord | null {
    if (!final && this.buf.length - start <= this.opts.maxRecordChars) return MORE
    return this.recover(start, line, inQuotes ? 'bad_quotes' : 'cell_too_large', final)
  }

  /** A record with at least one quote on its first line. */
  private slow(final: boolean): CsvRecord | null {
    const buf = this.buf
    const len = buf.length
    const start = this.pos
    const line = this.line
    const { maxCellChars, maxColumns } = this.opts
    const delim = this.delimCode
    const fields: string[] = []
    let tooLarge = false
    let i = start
    for (;;) {
      let value: string
      if (i < len && buf.charCodeAt(i) === QUOTE) {
        // quoted field
        let seg = i + 1
        let j = seg
        value = ''
        for (;;) {
          const q = buf.indexOf('"', j)
          if (q < 0) return this.more(start, line, true, final)
          if (q + 1 >= len && !final) return this.more(start, line, true, final)
          if (buf.charCodeAt(q + 1) === QUOTE) {
            if (!tooLarge) value += buf.slice(seg, q + 1)
            j = q + 2
            seg = j
            continue
          }
          if (!tooLarge) value += buf.slice(seg, q)
          i = q + 1
          break
        }
        // spaces after the closing quote are tolerated
        while (i < len && (buf.charCodeAt(i) === SPACE || buf.charCodeAt(i) === TAB) && buf.charCodeAt(i) !== delim) i++
        if (i >= len) {
          if (!final) return this.more(start, line, false, final)
        } else {
          const c = buf.charCodeAt(i)
          if (c === CR && i + 1 >= len && !final) return this.more(start, line, false, final)
          if (c !== delim && c !== LF && !(c === CR && (i + 1 >= len || buf.charCodeAt(i + 1) === LF))) {
            return this.recover(start, line, 'bad_quotes', final)
          }
        }
      } else {
        // unquoted field: up to the next delimiter or line end; a quote inside is taken literally
        let lineEnd = buf.indexOf('\n', i)
        if (lineEnd < 0) {
          if (!final) return this.more(start, line, false, final)
          lineEnd = len
        }
        let d = buf.indexOf(this.delim, i)
        if (d < 0 || d > lineEnd) d = lineEnd
        let e = d
        if (d === lineEnd && e > i && buf.charCodeAt(e - 1) === CR) e--
        value = buf.slice(i, e)
        i = d
      }
      if (value.length > maxCellChars) tooLarge = true
      fields.push(tooLarge ? '' : value)
      if (fields.length > maxColumns) return this.recover(start, line, 'too_many_columns', final)
      // i is at a delimiter, a line end, or the end of the text
      if (i < len && buf.charCodeAt(i) === delim) {
        i++
        continue
      }
      if (i < len && buf.charCodeAt(i) === CR) i++
      if (i < len && buf.charCodeAt(i) === LF) i++
      break
    }
    // count the line feeds inside the record
    let lines = 0
    let k = buf.indexOf('\n', start)
    while (k >= 0 && k < i) {
      lines++
      k = buf.indexOf('\n', k + 1)
    }
    this.pos = i
    this.line = line + Math.max(lines, 1)
    if (tooLarge) return { fields: [], line, error: 'cell_too_large' }
    return { fields, line }
  }
}

/** Delimiter of a header line: tab or semicolon when they outnumber commas (outside quotes), else comma. */
export function detectDelimiter(headerLine: string): string {
  let comma = 0
  let tab = 0
  let semi = 0
  let quoted = false
  for (let i = 0; i < headerLine.length; i++) {
    const c = headerLine.charCodeAt(i)
    if (c === QUOTE) quoted = !quoted
    else if (!quoted) {
      if (c === 44) comma++
      else if (c === TAB) tab++
      else if (c === 59) semi++
    }
  }
  if (tab > comma && tab >= semi) return '\t'
  if (semi > comma && semi > tab) return ';'
  return ','
}
