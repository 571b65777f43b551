import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { basename } from 'node:path'
import type { Actor } from '../../core/actor.js'
import type { Ctx } from '../../container.js'
import { openRowSource } from '../../modules/ingest/parse/index.js'
import type { IngestResult } from './ingest.types.js'
import { runIngest } from './run-ingest.js'

export interface ImportFileOptions {
  path: string
  classCode: string
  dept: string | null
  dryRun?: boolean
  channel?: 'cli' | 'upload'
  fileName?: string
  /** The encoding the provider declares for a text file; the bytes overrule it, with a file warning. */
  encoding?: 'utf-8' | 'gb18030'
  onProgress?: (rows: number) => void
}

/** A declared text encoding: utf-8, or gbk / gb2312 / gb18030 / cp936 (all read as GB18030, their superset); null if unknown. */
export function parseDeclaredEncoding(v: string): 'utf-8' | 'gb18030' | null {
  const k = v.trim().toLowerCase().replace(/[_\s]/g, '-')
  if (k === 'utf-8' || k === 'utf8') return 'utf-8'
  if (k === 'gbk' || k === 'gb2312' || k === 'gb18030' || k === 'cp936') return 'gb18030'
  return null
}

/** SHA-256 of a file, streamed: a rerun of the same file resumes its unfinished batch. */
export async function fileHash(path: string): Promise<string> {
  const h = createHash('sha256')
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer)
  return h.digest('hex')
}

/**
 * Imports one file (CSV in UTF-8 or GBK, XLSX, JSON lines) through the collection pipeline. A declared encoding the
 * bytes contradict is overruled and reported as a file warning (row 0, `ingest.encoding_overruled`) of the batch.
 */
export async function importFile(ctx: Ctx, actor: Actor, o: ImportFileOptions): Promise<IngestResult> {
  const source = await openRowSource({ path: o.path }, o.encoding ? { encoding: o.encoding } : {})
  const contentHash = await fileHash(o.path)
  return runIngest(ctx, actor, {
    classCode: o.classCode,
    dept: o.dept,
    channel: o.channel ?? 'cli',
    fileName: o.fileName ?? basename(o.path),
    contentHash,
    dryRun: o.dryRun,
    headers: source.headers,
    rows: source.rows,
    onProgress: o.onProgress,
    // files are large: fewer, bigger transactions (each commit costs a WAL checkpoint now and then)
    chunkSize: 5000,
    fileWarnings: () =>
      source.encodingWarning ? [{ code: 'ingest.encoding_overruled', message: source.encodingWarning }] : [],
  })
}
