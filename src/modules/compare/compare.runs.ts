// Who runs a comparison: a comparison names the process running it (`runner`); these are the only state changes of
// that claim. The background runner (src/flows/compare) decides when a process is gone.
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import { maskPersonalText } from '../../identifiers/index.js'
import { recordAudit } from '../audit/index.js'
import { claimComparison, type ComparisonRow, unfinishedComparisons, updateComparison } from './compare.repository.js'

/** Comparisons queued or running (running ones may have been left by a process that is gone). */
export function unfinishedComparisonRows(ctx: Ctx): Promise<ComparisonRow[]> {
  return unfinishedComparisons(ctx.db)
}

/** Takes a comparison for `runner` from whoever the row names (guarded): false when another run took it first. */
export function claimComparisonRun(ctx: Ctx, c: ComparisonRow, runner: string): Promise<boolean> {
  return claimComparison(ctx.db, c.id, c.runner, runner, ctx.clock.now().toISOString())
}

/** Lets go of a comparison without finishing it (the server stops between chunks): the next start continues it. */
export async function releaseComparisonRun(ctx: Ctx, id: string, runner: string): Promise<void> {
  await updateComparison(ctx.db, id, { runner: null, updated_at: ctx.clock.now().toISOString() }, runner)
}

/** Marks a comparison failed (an error that a retry would meet again), with the error's message, audited. */
export async function failComparison(ctx: Ctx, c: ComparisonRow, runner: string, message: string): Promise<void> {
  const error = maskPersonalText(message.slice(0, 500))
  await runCommand(
    ctx,
    { kind: 'system', id: 'compare-runner', role: null, dept: c.dept },
    async ({ trx, clock, actor, now }) => {
      if (
        !(await updateComparison(
          trx,
          c.id,
          { status: 'failed', error, runner: null, updated_at: now.toISOString() },
          runner,
        ))
      )
        return
      await recordAudit(trx, clock, actor, {
        action: 'compare.fail',
        targetType: 'comparison',
        targetId: c.id,
        details: { error },
      })
    },
  )
}
