// Worker thread of `planInWorker`: reads a file and plans its rows (parse, map, normalise, validate, severity and
// window, sealing of ID numbers), posting a chunk at a time, at most two ahead of the writer's acknowledgements.
import { parentPort, workerData } from 'node:worker_threads'
import { AppError } from '../../core/errors.js'
import { loadKeys } from '../../core/keys.js'
import { openRowSource } from '../../modules/ingest/parse/index.js'
import { type PlannedRow, planInProcess } from './plan-rows.js'
import type { WorkerJob, WorkerMessage } from './plan-thread.js'
import { buildClassContext } from './prepare.js'

const AHEAD = 2

async function main(port: NonNullable<typeof parentPort>, job: WorkerJob): Promise<void> {
  let unacknowledged = 0
  let wake: (() => void) | null = null
  port.on('message', (m: unknown) => {
    if (m !== 'ack') return
    unacknowledged--
    wake?.()
    wake = null
  })
  const post = async (rows: PlannedRow[]) => {
    port.postMessage({ type: 'chunk', rows } satisfies WorkerMessage)
    unacknowledged++
    while (unacknowledged >= AHEAD) await new Promise<void>((r) => (wake = r))
  }
  const keys = loadKeys(job.keysFile, { create: false })
  const cc = buildClassContext(job.source, job.headers)
  const source = await openRowSource(
    { path: job.path },
    { ...(job.encoding ? { encoding: job.encoding } : {}), xlsxLimits: job.xlsxLimits },
  )
  const today = () => job.today
  for await (const rows of planInProcess(keys, cc, source.rows, {
    resumeAfter: job.resumeAfter,
    chunkSize: job.chunkSize,
    today,
  }))
    await post(rows)
  port.postMessage({ type: 'end' } satisfies WorkerMessage)
}

const port = parentPort
if (port)
  main(port, workerData as WorkerJob).catch((e: unknown) => {
    const error =
      e instanceof AppError
        ? { code: e.code, status: e.status, message: e.message, details: e.details }
        : { code: null, status: 500, message: (e as Error)?.message ?? String(e), details: {} }
    port.postMessage({ type: 'error', error } satisfies WorkerMessage)
  })
