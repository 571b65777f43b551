// Planning on a second core: a worker thread reads and plans a file's rows while this thread writes the chunks
// before them. The worker script is the compiled sibling of this module (from TypeScript sources, dist/ holds it).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { AppError, type ErrorDetails } from '../../core/errors.js'
import type { XlsxLimits } from '../../modules/ingest/parse/index.js'
import { ingestError } from './ingest.errors.js'
import type { Planner } from './ingest.types.js'
import type { PlannedRow } from './plan-rows.js'
import type { ClassSource } from './prepare.js'

/** What the worker is given (plain data: it crosses threads by structured clone). */
export interface WorkerJob {
  keysFile: string
  path: string
  encoding: 'utf-8' | 'gb18030' | null
  xlsxLimits: XlsxLimits
  source: ClassSource
  headers: string[]
  resumeAfter: number
  chunkSize: number
  today: string
}

export type WorkerMessage =
  | { type: 'chunk'; rows: PlannedRow[] }
  | { type: 'end' }
  | { type: 'error'; error: { code: string | null; status: number; message: string; details: ErrorDetails } }

/** The worker script, or null when there is none to run (sources not compiled). */
export function planWorkerScript(): string | null {
  const here = fileURLToPath(new URL('./plan-worker.js', import.meta.url))
  if (existsSync(here)) return here
  const compiled = here.replace(/([\\/])src([\\/]flows[\\/]ingest[\\/]plan-worker\.js)$/, '$1dist$1src$2')
  return compiled !== here && existsSync(compiled) ? compiled : null
}

/**
 * A planner that reads and plans the file `path` in a worker thread. Chunks are acknowledged as they are taken, so
 * the worker stays at most two chunks ahead (bounded memory); stopping early terminates it.
 */
export function planInWorker(
  script: string,
  o: { keysFile: string; path: string; xlsxLimits: XlsxLimits; encoding?: 'utf-8' | 'gb18030'; heapMb?: number },
): Planner {
  return (job) => ({
    async *[Symbol.asyncIterator]() {
      const data: WorkerJob = {
        keysFile: o.keysFile,
        path: o.path,
        encoding: o.encoding ?? null,
        xlsxLimits: o.xlsxLimits,
        ...job,
      }
      // a heap limit (512 MB unless told) also makes V8 size the heap more tightly: a 1,000,000-row import peaks
      // ~85 MB lower than without one
      const worker = new Worker(script, {
        workerData: data,
        resourceLimits: { maxOldGenerationSizeMb: o.heapMb ?? 512 },
      })
      const inbox: (WorkerMessage | { type: 'exit'; error: Error })[] = []
      let wake: (() => void) | null = null
      const deliver = (m: WorkerMessage | { type: 'exit'; error: Error }) => {
        inbox.push(m)
        wake?.()
        wake = null
      }
      worker.on('message', deliver)
      worker.on('error', (error) =>
        deliver({
          type: 'exit',
          error:
            (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? ingestError('ingest.rows_too_large', {}, { cause: error })
              : error,
        }),
      )
      worker.on('exit', (code) => deliver({ type: 'exit', error: new Error(`planning worker exited (${code})`) }))
      try {
        for (;;) {
          while (inbox.length === 0) await new Promise<void>((r) => (wake = r))
          const m = inbox.shift() as WorkerMessage | { type: 'exit'; error: Error }
          if (m.type === 'chunk') {
            yield m.rows
            worker.postMessage('ack')
          } else if (m.type === 'end') return
          else if (m.type === 'error') {
            const e = m.error
            throw e.code ? new AppError(e.code, e.status, e.message, e.details) : new Error(e.message)
          } else throw m.error
        }
      } finally {
        await worker.terminate()
      }
    },
  })
}
