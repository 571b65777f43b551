import { createRequire } from 'node:module'
import type ExcelJSType from 'exceljs'

/**
 * exceljs with one fix: its streaming XML reader decodes every compressed chunk to text on its own, so a
 * Chinese character split across two chunks turns into U+FFFD (seen on large .xlsx files: 法人及非法人组织
 * became 法人及非法人��织). We replace its parse-sax helper with one that decodes with a streaming
 * TextDecoder before exceljs loads it. Import ExcelJS from here, never from 'exceljs' directly.
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

async function* parseSax(iterable: AsyncIterable<Uint8Array | string> & { pipe?: unknown }): AsyncGenerator<{ eventType: string; value: unknown }[]> {
  let source: AsyncIterable<Uint8Array | string> = iterable
  if (typeof iterable.pipe === 'function' && !(Symbol.asyncIterator in iterable)) {
    source = (iterable as unknown as NodeJS.ReadableStream).pipe(new PassThrough()) as unknown as AsyncIterable<Uint8Array>
  }
  const parser = new SaxesParser()
  let error: unknown
  parser.on('error', (e) => {
    error = e
  })
  let events: { eventType: string; value: unknown }[] = []
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }))
  parser.on('text', (value) => events.push({ eventType: 'text', value }))
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }))
  const decoder = new TextDecoder('utf-8')
  for await (const chunk of source) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }))
    if (error) throw error
    yield events
    events = []
  }
  const rest = decoder.decode()
  if (rest) {
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
