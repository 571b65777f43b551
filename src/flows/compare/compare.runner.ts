// The background runner of comparisons (批量比对): a comparison is run by one process at a time (the one its row
// names), chunk by chunk; a server continues, at start and every minute, the comparisons whose process is gone
// (killed, crashed, restarted) from their last committed chunk. Which process is alive is decided as for imports
// (src/flows/ingest/batch-runner.ts).
import type { Ctx } from '../../core/context.js'
import { AppError } from '../../core/errors.js'
import {
  claimComparisonRun,
  compareNextChunk,
  comparisonRow,
  DEFAULT_CHUNK_ROWS,
  failComparison,
  releaseComparisonRun,
  unfinishedComparisonRows,
} from '../../modules/compare/index.js'
import { runnerAlive, THIS_RUNNER } from '../ingest/index.js'

/** Comparisons this process is running (a second run of one of them here is not started). */
const runningHere = new Set<string>()

/** Whether a comparison is left without a live process (a restart continues it): for its status answers. */
export function comparisonInterrupted(
  c: { id: string; status: string; runner: string | null; updated_at: string },
  now: Date,
): boolean {
  if (c.status !== 'running' && c.status !== 'queued') return false
  if (runningHere.has(c.id)) return false
  return c.runner === null ? c.status === 'running' : !runnerAlive(c.runner, c.updated_at, now)
}

export type RunOutcome = 'done' | 'stopped' | 'busy' | 'failed'

export interface RunOptions {
  chunkRows?: number
  /** Asked between chunks: true lets the comparison go (still running, without a runner) for the next start. */
  shouldStop?: () => boolean
}

/**
 * Runs a comparison to its end in this process: takes it over (unless a live process has it: `busy`), then compares
 * chunk after chunk. An error marks it failed (with the message); a lost claim leaves it to the run that took it.
 */
export async function runComparison(ctx: Ctx, id: string, options: RunOptions = {}): Promise<RunOutcome> {
  if (runningHere.has(id)) return 'busy'
  runningHere.add(id)
  try {
    const c = await comparisonRow(ctx, id)
    if (!c || (c.status !== 'queued' && c.status !== 'running')) return 'busy'
    if (c.runner !== null && c.runner !== THIS_RUNNER && runnerAlive(c.runner, c.updated_at, ctx.clock.now()))
      return 'busy'
    if (!(await claimComparisonRun(ctx, c, THIS_RUNNER))) return 'busy'
    try {
      for (;;) {
        if (options.shouldStop?.()) {
          await releaseComparisonRun(ctx, id, THIS_RUNNER)
          return 'stopped'
        }
        const step = await compareNextChunk(ctx, id, THIS_RUNNER, options.chunkRows ?? DEFAULT_CHUNK_ROWS)
        if (step.done) return 'done'
      }
    } catch (e) {
      if (e instanceof AppError && e.code === 'compare.in_progress') return 'busy'
      ctx.logger.error({ err: e, comparisonId: id }, 'comparison failed')
      await failComparison(ctx, c, THIS_RUNNER, e instanceof Error ? e.message : String(e)).catch(() => {})
      return 'failed'
    }
  } finally {
    runningHere.delete(id)
  }
}

/** Comparisons run in the background by one app or server; `stop` lets each go between two chunks and waits. */
export class ComparisonRuns {
  private readonly running = new Map<string, Promise<RunOutcome>>()
  private stopping = false

  constructor(
    private readonly ctx: Ctx,
    private readonly options: { chunkRows?: number } = {},
  ) {}

  /** Starts a comparison in the background (once per id at a time); resolves when the run ends. */
  start(id: string): Promise<RunOutcome> {
    const known = this.running.get(id)
    if (known) return known
    const run = runComparison(this.ctx, id, {
      ...(this.options.chunkRows ? { chunkRows: this.options.chunkRows } : {}),
      shouldStop: () => this.stopping,
    }).catch((e: unknown) => {
      this.ctx.logger.error({ err: e, comparisonId: id }, 'comparison run failed')
      return 'failed' as const
    })
    this.running.set(id, run)
    void run.finally(() => this.running.delete(id))
    return run
  }

  /** Starts every unfinished comparison no live process has (left by a crash or a stop); answers their ids. */
  async resume(): Promise<string[]> {
    if (this.stopping) return []
    const now = this.ctx.clock.now()
    const orphans = (await unfinishedComparisonRows(this.ctx)).filter(
      (c) => !this.running.has(c.id) && comparisonInterruptedOrQueued(c, now),
    )
    for (const c of orphans) void this.start(c.id)
    return orphans.map((c) => c.id)
  }

  /** Waits for the runs started so far. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.running.values()])
  }

  async stop(): Promise<void> {
    this.stopping = true
    await this.settle()
  }
}

/** Queued with nobody on it, or running without a live process. */
function comparisonInterruptedOrQueued(
  c: { id: string; status: string; runner: string | null; updated_at: string },
  now: Date,
): boolean {
  if (runningHere.has(c.id)) return false
  if (c.status === 'queued' && c.runner === null) return true
  return comparisonInterrupted(c, now)
}

/**
 * The comparison worker of a server: continues interrupted comparisons at start, then looks every `seconds` (a
 * comparison queued by another process that stopped before starting it, one whose process died since). Returns stop.
 */
export function startCompareWorker(ctx: Ctx, seconds = 60): () => Promise<void> {
  const runs = new ComparisonRuns(ctx)
  const tick = () => {
    runs.resume().catch((e: unknown) => ctx.logger.error({ err: e }, 'comparison resume failed'))
  }
  const first = setTimeout(tick, 0)
  first.unref()
  const timer = setInterval(tick, seconds * 1000)
  timer.unref()
  return async () => {
    clearTimeout(first)
    clearInterval(timer)
    await runs.stop()
  }
}
