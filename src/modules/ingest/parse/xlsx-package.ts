// The parts of an XLSX file (a zip package), read through its central directory with limits on how far each part
// may expand. A zip bomb - kilobytes that inflate to gigabytes - is refused before it costs memory: first by the
// sizes the central directory declares, then by counting the bytes actually inflated (declared sizes can lie).
import { type Readable, Transform } from 'node:stream'
import yauzl, { type Entry, type ZipFile } from 'yauzl'
import { parseError } from './parse.errors.js'

const MiB = 1024 * 1024

/** How far the parts of a workbook may expand (bytes of XML after inflating). */
export interface XlsxLimits {
  /** The worksheet read (streamed: this bounds time and work, not memory). */
  maxSheetBytes: number
  /** The shared-strings table: every text cell of the workbook, held in memory while the sheet is read. */
  maxSharedStringsBytes: number
}

export const DEFAULT_XLSX_LIMITS: Readonly<XlsxLimits> = Object.freeze({
  maxSheetBytes: 256 * MiB,
  maxSharedStringsBytes: 64 * MiB,
})

/** Any other part read whole (workbook, relationships, styles): a real one is a few hundred kilobytes at most. */
export const MAX_OTHER_PART_BYTES = 16 * MiB
/** A workbook is a few dozen parts (a few hundred with pictures); a directory of more is not a workbook. */
export const MAX_PACKAGE_ENTRIES = 10_000

export type PartKind = 'sheet' | 'shared_strings' | 'part'

/** Limits in megabytes, as the configuration gives them. */
export function xlsxLimitsMb(c: { xlsxMaxSheetMb: number; xlsxMaxSharedStringsMb: number }): XlsxLimits {
  return { maxSheetBytes: c.xlsxMaxSheetMb * MiB, maxSharedStringsBytes: c.xlsxMaxSharedStringsMb * MiB }
}

function capOf(kind: PartKind, limits: XlsxLimits): number {
  return kind === 'sheet'
    ? limits.maxSheetBytes
    : kind === 'shared_strings'
      ? limits.maxSharedStringsBytes
      : MAX_OTHER_PART_BYTES
}

/** ingest.xlsx_too_large for a part; `size` is the declared size when the directory already says it is too large. */
function tooLarge(kind: PartKind, part: string, limit: number, size: number | null) {
  return parseError('ingest.xlsx_too_large', {
    kind,
    part,
    limitBytes: limit,
    ...(size !== null ? { declaredBytes: size } : {}),
  })
}

/** A pass-through that fails with ingest.xlsx_too_large once more than `limit` bytes went through. */
function limitBytes(kind: PartKind, part: string, limit: number): Transform {
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length
      if (seen > limit) cb(tooLarge(kind, part, limit, null))
      else cb(null, chunk)
    },
  })
}

export interface XlsxPackage {
  /** Part names in the order of the central directory. */
  readonly names: readonly string[]
  has(name: string): boolean
  /**
   * The inflated bytes of a part, refused with ingest.xlsx_too_large (413) when its declared size is over the limit
   * of its kind, or when inflating it passes that limit. The part is inflated and counted once before the stream is
   * handed out, so a lying part is refused before a single row of it is used.
   */
  open(name: string, kind: PartKind): Promise<Readable>
  close(): void
}

function unreadable(e: unknown) {
  return parseError(
    'ingest.unreadable',
    { reason: '不是有效的 XLSX 工作簿或文件已损坏', cause: e instanceof Error ? e.message : String(e) },
    { cause: e },
  )
}

/**
 * Opens the XLSX file at `path`: reads its central directory (nothing is inflated yet).
 * @throws ingest.unreadable (not a zip) or ingest.xlsx_too_large (too many entries)
 */
export async function openXlsxPackage(path: string, limits: XlsxLimits): Promise<XlsxPackage> {
  let zip: ZipFile
  try {
    zip = await yauzl.openPromise(path, { autoClose: false, validateEntrySizes: false, strictFileNames: false })
  } catch (e) {
    throw unreadable(e)
  }
  const entries = new Map<string, Entry>()
  try {
    if (zip.entryCount > MAX_PACKAGE_ENTRIES)
      throw parseError('ingest.xlsx_too_large', { kind: 'entries', limit: MAX_PACKAGE_ENTRIES, count: zip.entryCount })
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry)
  } catch (e) {
    zip.close()
    throw e instanceof Error && (e as { code?: string }).code?.startsWith('ingest.') ? e : unreadable(e)
  }

  const inflate = async (name: string, kind: PartKind): Promise<Readable> => {
    const entry = entries.get(name)
    if (!entry) throw unreadable(new Error(`no part ${name}`))
    const limit = capOf(kind, limits)
    if (entry.uncompressedSize > limit) throw tooLarge(kind, name, limit, entry.uncompressedSize)
    let raw: Readable
    try {
      raw = await zip.openReadStreamPromise(entry)
    } catch (e) {
      throw unreadable(e)
    }
    const counted = limitBytes(kind, name, limit)
    raw.on('error', (e) => counted.destroy(unreadable(e)))
    counted.on('close', () => {
      raw.unpipe(counted)
      if (!raw.destroyed) raw.destroy()
    })
    return raw.pipe(counted)
  }

  return {
    names: [...entries.keys()],
    has: (name) => entries.has(name),
    async open(name, kind) {
      // count first: the bytes are inflated and dropped, so the check costs time but no memory
      const probe = await inflate(name, kind)
      for await (const _ of probe) void _
      return inflate(name, kind)
    },
    close: () => zip.close(),
  }
}
