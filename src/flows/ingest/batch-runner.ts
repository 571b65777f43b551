// Which process runs a batch: a batch row names its runner (`host:pid@start`) and this process tracks its own runs
// in memory, so a rerun of the same content resumes a batch only when its runner is gone (killed, crashed) and never
// runs it beside a live one; a batch whose runner is gone shows as interrupted.
import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import type { Db } from '../../db/database.js'
import { type BatchRow, claimBatch } from '../../modules/records/index.js'
import { ingestError } from './ingest.errors.js'

/**
 * When process `pid` started (clock ticks since boot, field 22 of /proc/PID/stat), or null where there is no /proc
 * or no such process. With the pid it names one process even after the pid is reused (a server restarted as pid 1
 * in its container, a busy host cycling pids).
 */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // the command name (field 2) may hold spaces and parentheses: count from its closing parenthesis
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null
  } catch {
    return null
  }
}

const ownStart = processStart(process.pid)

/** This process, as the runner of the batches it imports: `host:pid@start` (`host:pid` without /proc). */
export const THIS_RUNNER = `${hostname()}:${process.pid}${ownStart ? `@${ownStart}` : ''}`

/** A runner on another host is taken to be alive while its batch moved within this long (chunks commit in ~1 s). */
export const RUNNER_STALE_MS = 5 * 60_000

/**
 * Whether the runner named on a batch may still be running it. On this host the process is asked (this process's
 * own runs are tracked in memory: see claimHere); on another host, whether the batch moved recently.
 */
export function runnerAlive(runner: string | null, updatedAt: string, now: Date): boolean {
  if (runner === null || runner === THIS_RUNNER) return false
  const at = runner.lastIndexOf(':')
  const host = runner.slice(0, at)
  const [pidText, start] = runner.slice(at + 1).split('@')
  const pid = Number(pidText)
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0)
    return now.getTime() - Date.parse(updatedAt) < RUNNER_STALE_MS
  try {
    process.kill(pid, 0)
  } catch (e) {
    // EPERM: the process exists but belongs to another user
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  // a process with that pid exists: the runner only if it started when the runner did
  const started = start ? processStart(pid) : null
  return started === null || started === start
}

/** Batches runs of this process are working on (a second run of one of them is refused, not run twice). */
const runningHere = new Set<string>()

/** Marks a batch as run here; `ingest.batch_in_progress` when a run of this process already has it. */
export function claimHere(batchId: string): void {
  if (runningHere.has(batchId)) throw ingestError('ingest.batch_in_progress', { batchId })
  runningHere.add(batchId)
}

export function releaseHere(batchId: string): void {
  runningHere.delete(batchId)
}

/**
 * Takes an unfinished batch (running or failed) over for this process, in one guarded update;
 * `ingest.batch_in_progress` while a live process runs it or when another run took it first.
 */
export async function takeOver(db: Db, batch: BatchRow, now: Date): Promise<void> {
  if (
    (batch.status === 'running' && runnerAlive(batch.runner, batch.updated_at, now)) ||
    !(await claimBatch(db, batch.id, batch.runner, THIS_RUNNER, now.toISOString()))
  )
    throw ingestError('ingest.batch_in_progress', { batchId: batch.id })
}

/**
 * A batch left `running` by a process that is gone (killed, crashed, a server restarted mid-import): nothing moves
 * it any more until the same content is submitted again, which resumes it.
 */
export function batchInterrupted(b: BatchRow, now: Date): boolean {
  return b.status === 'running' && !runningHere.has(b.id) && !runnerAlive(b.runner, b.updated_at, now)
}
