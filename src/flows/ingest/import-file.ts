import { createHash } from 'node:crypto'
import { createReadStream, statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { basename } from 'node:path'
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { openRowSource, xlsxLimitsMb } from '../../modules/ingest/parse/index.js'
import type { IngestResult, Planner } from './ingest.types.js'
import { planInWorker, planWorkerScript } from './plan-thread.js'
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
  /** Called once the batch row exists, before its rows are read (see IngestOptions.onBatch). */
  onBatch?: (batchId: string) => void
  /**
   * Where rows are planned: `auto` (default) uses a worker thread for files of 1 MB and more while one is free
   * (cores - 1 per process), `worker` always (an error when the worker script is missing), `in_process` never.
   */
  planning?: 'auto' | 'worker' | 'in_process'
}

/** Files from this size on are planned in a worker thread (below it, starting one costs more than it saves). */
const WORKER_MIN_BYTES = 1 << 20

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
  const xlsxLimits = xlsxLimitsMb(ctx.config)
  const source = await openRowSource({ path: o.path }, { ...(o.encoding ? { encoding: o.encoding } : {}), xlsxLimits })
  let worker: { planner: Planner; release: () => void } | null = null
  try {
    const contentHash = await fileHash(o.path)
    worker = workerPlanner(ctx, o)
    // the worker reads the file itself: this thread only needed the headers and the encoding
    if (worker) await source.close()
    return await runIngest(ctx, actor, {
      classCode: o.classCode,
      dept: o.dept,
      channel: o.channel ?? 'cli',
      fileName: o.fileName ?? basename(o.path),
      contentHash,
      dryRun: o.dryRun,
      headers: source.headers,
      ...(worker ? { planner: worker.planner } : { rows: source.rows }),
      onProgress: o.onProgress,
      onBatch: o.onBatch,
      fileWarnings: () =>
        source.encodingWarning ? [{ code: 'ingest.encoding_overruled', message: source.encodingWarning }] : [],
    })
  } finally {
    worker?.release()
    // a batch refused before its rows were read (unknown class, missing columns) leaves the file open otherwise
    await source.close()
  }
}

/** Planning workers running in this process, and how many `auto` imports may start (one core stays for writing). */
let workersInUse = 0
const MAX_WORKERS = Math.max(1, availableParallelism() - 1)

/** Planning workers running in this process now. */
export function planningWorkersInUse(): number {
  return workersInUse
}

/**
 * A worker planner for the file, reserved until `release` (imports that start while all are busy plan in process),
 * or null when the file is planned in this thread.
 */
function workerPlanner(ctx: Ctx, o: ImportFileOptions): { planner: Planner; release: () => void } | null {
  const planning = o.planning ?? 'auto'
  if (planning === 'in_process') return null
  if (planning === 'auto' && (statSync(o.path).size < WORKER_MIN_BYTES || workersInUse >= MAX_WORKERS)) return null
  const script = planWorkerScript()
  if (!script) {
    if (planning === 'worker')
      throw new Error('the planning worker script is missing: compile the server (npm run build:server)')
    return null
  }
  workersInUse++
  return {
    planner: planInWorker(script, {
      keysFile: ctx.config.keysFile,
      path: o.path,
      xlsxLimits: xlsxLimitsMb(ctx.config),
      ...(o.encoding ? { encoding: o.encoding } : {}),
    }),
    release: () => {
      workersInUse--
    },
  }
}
