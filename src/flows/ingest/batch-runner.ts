// Which process runs a batch: a batch row names its runner (`host:pid`), so a rerun of the same content resumes it
// only when that process is gone (killed, crashed) and never runs it beside a live one.
import { hostname } from 'node:os'

/** This process, as the runner of the batches it imports. */
export const THIS_RUNNER = `${hostname()}:${process.pid}`

/** A runner on another host is taken to be alive while its batch moved within this long (chunks commit in ~1 s). */
export const RUNNER_STALE_MS = 5 * 60_000

/**
 * Whether the runner named on a batch may still be running it. On this host the process is asked (this process's
 * own runs are tracked in memory by the caller); on another host, whether the batch moved recently.
 */
export function runnerAlive(runner: string | null, updatedAt: string, now: Date): boolean {
  if (runner === null || runner === THIS_RUNNER) return false
  const at = runner.lastIndexOf(':')
  const host = runner.slice(0, at)
  const pid = Number(runner.slice(at + 1))
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0)
    return now.getTime() - Date.parse(updatedAt) < RUNNER_STALE_MS
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: the process exists but belongs to another user
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
