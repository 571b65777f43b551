import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { revokeBatchIn } from '../../modules/records/index.js'
import { withdrawBatchRows } from '../../modules/unmatched/index.js'

/**
 * A provider takes a whole batch back: its records are revoked and its rows still waiting in the queue of unmatched
 * subjects leave it, in one transaction (no operator can release a row of a revoked batch afterwards).
 */
export async function revokeSubmittedBatch(
  ctx: Ctx,
  actor: Actor,
  batchId: string,
  reason: string,
): Promise<{ revoked: number; withdrawn: number }> {
  return runCommand(ctx, actor, async ({ ctx: tctx, trx, now }) => {
    const revoked = await revokeBatchIn(tctx, trx, actor, batchId, reason)
    const withdrawn = await withdrawBatchRows(trx, now.toISOString(), batchId)
    return { revoked, withdrawn }
  })
}
