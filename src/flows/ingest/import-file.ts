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
  onProgress?: (rows: number) => void
}

/** SHA-256 of a file, streamed: a rerun of the same file resumes its unfinished batch. */
export async function fileHash(path: string): Promise<string> {
  const h = createHash('sha256')
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer)
  return h.digest('hex')
}

/** Imports one file (CSV in UTF-8 or GBK, XLSX, JSON lines) through the collection pipeline. */
export async function importFile(ctx: Ctx, actor: Actor, o: ImportFileOptions): Promise<IngestResult> {
  const source = await openRowSource({ path: o.path })
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
  })
}
