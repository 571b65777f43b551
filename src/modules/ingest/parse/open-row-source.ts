// openRowSource: one streaming interface over CSV, XLSX and JSON lines. The format follows the magic bytes first
// (a renamed XLSX is still read, an .xls is refused whatever its name) and the file extension second.
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { ByteSource } from './bytes.js'
import { openCsv } from './csv-reader.js'
import { openJsonl } from './jsonl-reader.js'
import { parseError } from './parse.errors.js'
import type { OpenRowSourceOptions, RowSource, RowSourceInput, SourceFormat } from './types.js'
import { DEFAULT_XLSX_LIMITS } from './xlsx-package.js'
import { openXlsx } from './xlsx-reader.js'

/** Default largest cell: 1 MiB of characters. */
export const MAX_CELL_CHARS = 1 << 20

const CSV_EXT = new Set(['.csv', '.txt', '.tsv'])
const JSONL_EXT = new Set(['.jsonl', '.ndjson'])
/** Extensions a zip-based file may carry and still be read as XLSX (.xls files that are really .xlsx, .xlsm). */
const ZIP_AS_XLSX_EXT = new Set(['.xlsx', '.xlsm', '.xls', '.csv', '.txt', ''])

export type Detected = { format: SourceFormat } | { refuse: 'xls' | 'other'; ext: string } | { unreadable: string }

function startsWith(b: Uint8Array, sig: readonly number[]): boolean {
  if (b.length < sig.length) return false
  for (let i = 0; i < sig.length; i++) if (b[i] !== sig[i]) return false
  return true
}

const ZIP = [0x50, 0x4b, 0x03, 0x04] as const
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06] as const
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const

/** Decides the format from the file name and its first bytes. */
export function detectFormat(fileName: string, head: Uint8Array): Detected {
  const ext = extname(fileName).toLowerCase()
  if (head.length === 0) return { unreadable: '文件为空' }
  if (startsWith(head, OLE)) return { refuse: 'xls', ext: ext || '.xls' }
  if (startsWith(head, ZIP) || startsWith(head, ZIP_EMPTY)) {
    return ZIP_AS_XLSX_EXT.has(ext) ? { format: 'xlsx' } : { refuse: 'other', ext }
  }
  if (ext === '.xls') return { refuse: 'xls', ext }
  if (ext === '.xlsx' || ext === '.xlsm')
    return { unreadable: '扩展名为 .xlsx，但内容不是 XLSX 工作簿（文件可能已损坏）' }
  if (CSV_EXT.has(ext)) return { format: 'csv' }
  if (JSONL_EXT.has(ext)) return { format: 'jsonl' }
  return { refuse: 'other', ext }
}

/** A zip read from a stream is spooled to a temporary file: its central directory is at its end. */
async function spool(bytes: ByteSource): Promise<{ path: string; remove: () => void }> {
  const dir = await mkdtemp(join(tmpdir(), 'gongxin-xlsx-'))
  const remove = () => void rm(dir, { recursive: true, force: true }).catch(() => {})
  const path = join(dir, 'upload.xlsx')
  try {
    await pipeline(Readable.from(bytes.chunks()), createWriteStream(path))
  } catch (e) {
    remove()
    throw e
  }
  return { path, remove }
}

/**
 * Opens a file or stream as rows. Reads ahead only as far as the headers; the rows stream with bounded memory.
 * @throws AppError ingest.unsupported_format (.xls, or any format other than CSV/XLSX/JSON lines),
 *   ingest.unreadable (missing, empty or corrupt file; no header) or ingest.xlsx_too_large (an XLSX part expands
 *   beyond `options.xlsxLimits`: a zip bomb).
 */
export async function openRowSource(input: RowSourceInput, options: OpenRowSourceOptions = {}): Promise<RowSource> {
  const fileName = 'path' in input ? input.path : input.fileName
  const bytes = 'path' in input ? ByteSource.fromPath(input.path) : new ByteSource(input.stream)
  const maxCellChars = options.maxCellChars ?? MAX_CELL_CHARS
  try {
    const head = await bytes.peek(8)
    const d = detectFormat(fileName, head)
    if ('unreadable' in d) throw parseError('ingest.unreadable', { reason: d.unreadable })
    if ('refuse' in d) throw parseError('ingest.unsupported_format', { kind: d.refuse, ext: d.ext })
    switch (d.format) {
      case 'xlsx': {
        const sheet = options.sheet !== undefined ? { sheet: options.sheet } : {}
        const limits = options.xlsxLimits ?? DEFAULT_XLSX_LIMITS
        if ('path' in input) {
          bytes.close()
          return await openXlsx(input.path, { ...sheet, maxCellChars, limits })
        }
        const spooled = await spool(bytes)
        return await openXlsx(spooled.path, { ...sheet, maxCellChars, limits, onClose: spooled.remove })
      }
      case 'jsonl':
        return await openJsonl(bytes, { ...(options.encoding ? { encoding: options.encoding } : {}), maxCellChars })
      default:
        return await openCsv(bytes, {
          ...(options.encoding ? { encoding: options.encoding } : {}),
          ...(extname(fileName).toLowerCase() === '.tsv' ? { delimiter: '\t' } : {}),
          maxCellChars,
        })
    }
  } catch (e) {
    bytes.close()
    throw e
  }
}
