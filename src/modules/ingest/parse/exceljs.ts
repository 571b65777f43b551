import { createRequire } from 'node:module'
import type { Readable } from 'node:stream'
import type ExcelJSType from 'exceljs'
import { parseError } from './parse.errors.js'
import type { XlsxPackage } from './xlsx-package.js'

/**
 * exceljs with two changes. Import ExcelJS from here, never from 'exceljs' directly.
 *
 * 1. Its streaming XML reader decodes every compressed chunk to text on its own, so a Chinese character split
 *    across two chunks turns into U+FFFD (seen on large .xlsx files: 法人及非法人组织 became 法人及非法人��织).
 *    We replace its parse-sax helper with one that decodes with a streaming TextDecoder before exceljs loads it.
 *    The same helper bounds what a small file can make the reader hold in memory: a text or tag of more than
 *    MAX_XML_RUN characters (the XML parser holds a text node whole until it ends), and more elements than
 *    ELEMENT_LIMITS of the kinds the worksheet reader keeps (a row of millions of cells) refuse the file.
 * 2. `packageWorkbookReader` reads a workbook's parts through its central directory (xlsx-package.ts), with the
 *    limits on how far each part may expand, instead of exceljs's sequential unzip of the whole file; it keeps
 *    shared strings as plain text (a rich-text string as exceljs keeps it costs ten times its XML in memory).
 */
const require = createRequire(import.meta.url)
const parseSaxPath = require.resolve('exceljs/lib/utils/parse-sax.js')
const fromExceljs = createRequire(parseSaxPath)
const { SaxesParser } = fromExceljs('saxes') as { SaxesParser: new () => SaxParser }
const { PassThrough } = fromExceljs('readable-stream') as { PassThrough: new () => NodeJS.ReadWriteStream }

interface SaxParser {
  on(event: string, fn: (value: unknown) => void): void
  write(text: string): void
}

/**
 * Longest text or tag, in characters of XML, the reader accepts: eight times the largest cell the readers accept
 * (MAX_CELL_CHARS, 1 Mi characters), room for escapes such as &amp;. Excel itself stops at 32,767 per cell.
 */
export const MAX_XML_RUN = 8 * (1 << 20)

/**
 * Elements exceljs's worksheet reader keeps in memory, at most Excel's own limits: cells in a row (16,384 columns),
 * column definitions, hyperlinks (65,530 per sheet) and merged ranges.
 */
const ELEMENT_LIMITS: Record<string, number> = { c: 16_384, col: 16_384, hyperlink: 65_530, mergeCell: 100_000 }

async function* parseSax(
  iterable: AsyncIterable<Uint8Array | string> & { pipe?: unknown },
): AsyncGenerator<{ eventType: string; value: unknown }[]> {
  let source: AsyncIterable<Uint8Array | string> = iterable
  if (typeof iterable.pipe === 'function' && !(Symbol.asyncIterator in iterable)) {
    source = (iterable as unknown as NodeJS.ReadableStream).pipe(
      new PassThrough(),
    ) as unknown as AsyncIterable<Uint8Array>
  }
  const parser = new SaxesParser()
  let error: unknown
  parser.on('error', (e) => {
    error = e
  })
  let events: { eventType: string; value: unknown }[] = []
  const counts = new Map<string, number>()
  parser.on('opentag', (value) => {
    const name = (value as { name: string }).name
    if (name === 'row') counts.set('c', 0)
    const limit = ELEMENT_LIMITS[name]
    if (limit !== undefined) {
      const n = (counts.get(name) ?? 0) + 1
      counts.set(name, n)
      if (n > limit && !error) error = parseError('ingest.xlsx_too_large', { kind: 'elements', element: name, limit })
    }
    events.push({ eventType: 'opentag', value })
  })
  parser.on('text', (value) => events.push({ eventType: 'text', value }))
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }))
  const decoder = new TextDecoder('utf-8')
  let run = 0 // characters since the last < or >
  const guard = (text: string) => {
    const last = Math.max(text.lastIndexOf('<'), text.lastIndexOf('>'))
    run = last < 0 ? run + text.length : text.length - last - 1
    if (run > MAX_XML_RUN) throw parseError('ingest.xlsx_too_large', { kind: 'cell', limit: MAX_XML_RUN })
  }
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    guard(text)
    parser.write(text)
    if (error) throw error
    yield events
    events = []
  }
  const rest = decoder.decode()
  if (rest) {
    guard(rest)
    parser.write(rest)
    if (error) throw error
    yield events
  }
}

require(parseSaxPath)
const cached = require.cache[parseSaxPath]
if (cached) cached.exports = parseSax

const ExcelJS = require('exceljs') as typeof ExcelJSType
export default ExcelJS

/** The parts of exceljs's WorkbookReader that read one part each (they take any readable or async iterable). */
interface ReaderParts {
  options: { styles?: string }
  sharedStrings?: (string | null)[]
  _parseRels(part: Readable): Promise<void>
  _parseWorkbook(part: Readable): Promise<void>
  _parseStyles(part: Readable): Promise<void>
  _parseWorksheet(rows: AsyncIterable<unknown>, sheetNo: string): Generator<{ eventType: string; value: unknown }>
}

/**
 * The shared-strings table as plain strings (a rich-text string becomes the text of its runs; phonetic guides are
 * left out), null for an empty one, as exceljs's cells expect them.
 */
async function sharedStrings(part: AsyncIterable<Uint8Array>): Promise<(string | null)[]> {
  const out: (string | null)[] = []
  let text: string | null = null
  let inText = false
  let inPhonetic = false
  for await (const events of parseSax(part)) {
    for (const { eventType, value } of events) {
      if (eventType === 'text') {
        if (inText && !inPhonetic) text = text === null ? (value as string) : text + (value as string)
        continue
      }
      const name = (value as { name: string }).name
      const open = eventType === 'opentag'
      if (name === 't') inText = open
      else if (name === 'rPh') inPhonetic = open
      else if (name === 'si') {
        if (!open) out.push(text)
        text = null
      }
    }
  }
  return out
}

const WORKSHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/
const Base = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (input: unknown, options: object) => object

/**
 * exceljs's streaming WorkbookReader over a package opened by openXlsxPackage: relationships, workbook, styles and
 * shared strings first, then the worksheets in directory order. A worksheet is inflated only when its rows are read
 * (one that is skipped costs nothing), never spilled to a temporary file; parts the reader does not use (themes,
 * pictures, document properties) are never inflated.
 */
class PackageWorkbookReader extends Base {
  constructor(
    private readonly pkg: XlsxPackage,
    options: object,
  ) {
    super(null, options)
  }

  async *parse(): AsyncGenerator<{ eventType: string; value: unknown }> {
    const self = this as unknown as ReaderParts
    const pkg = this.pkg
    const part = (name: string) => pkg.open(name, 'part')
    if (pkg.has('xl/_rels/workbook.xml.rels')) await self._parseRels(await part('xl/_rels/workbook.xml.rels'))
    if (pkg.has('xl/workbook.xml')) await self._parseWorkbook(await part('xl/workbook.xml'))
    if (self.options.styles === 'cache' && pkg.has('xl/styles.xml'))
      await self._parseStyles(await part('xl/styles.xml'))
    if (pkg.has('xl/sharedStrings.xml'))
      self.sharedStrings = await sharedStrings(await pkg.open('xl/sharedStrings.xml', 'shared_strings'))
    for (const name of pkg.names) {
      const sheetNo = WORKSHEET.exec(name)?.[1]
      if (sheetNo === undefined) continue
      const rows = (async function* () {
        yield* await pkg.open(name, 'sheet')
      })()
      yield* self._parseWorksheet(rows, sheetNo)
    }
  }
}

/** A streaming WorkbookReader (exceljs's options) over an opened package; iterate it for its worksheets. */
export function packageWorkbookReader(pkg: XlsxPackage, options: object): ExcelJSType.stream.xlsx.WorkbookReader {
  return new PackageWorkbookReader(pkg, options) as unknown as ExcelJSType.stream.xlsx.WorkbookReader
}
