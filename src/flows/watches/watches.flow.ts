// The watch use cases that need the disclosure rule (who receives what) and the records (early-warning counts):
// the webhook worker's run, the pull feed, and the worker of a serving process.
import type { Actor } from '../../core/actor.js'
import type { Ctx } from '../../core/context.js'
import type { Principal } from '../../modules/access/index.js'
import {
  deliverWatchWebhooks,
  sequenceWatchEvents,
  type WebhookRunResult,
  watchFeed,
} from '../../modules/watches/index.js'
import { deriveAlerts } from './watches.rules.js'
import { watcherMaySee } from './watches.scope.js'

/** One run: new events placed in the feed (with their alerts), then every due webhook posted. */
export function runWatchDelivery(ctx: Ctx): Promise<WebhookRunResult> {
  return deliverWatchWebhooks(ctx, { canSee: watcherMaySee, derive: deriveAlerts })
}

/** Places committed events in the feed (with their alerts) without posting anything. */
export function sequenceEvents(ctx: Ctx) {
  return sequenceWatchEvents(ctx, deriveAlerts)
}

/** The pull feed of a watch (GET /api/v1/watches/:id/events). */
export function readWatchFeed(
  ctx: Ctx,
  actor: Actor,
  principal: Principal,
  id: string,
  query: { after?: string | undefined; limit?: number | undefined },
) {
  return watchFeed(ctx, actor, principal, id, query, watcherMaySee, deriveAlerts)
}

/**
 * The watch worker of a serving process: runWatchDelivery every watchIntervalSeconds (0: none), one run at a time;
 * a failed run is logged and the next one tries again. The returned function stops it and waits for a run.
 */
export function startWatchWorker(ctx: Ctx): () => Promise<void> {
  const seconds = ctx.config.watchIntervalSeconds
  if (seconds <= 0) return async () => {}
  let running: Promise<void> | null = null
  const tick = () => {
    if (running) return
    running = runWatchDelivery(ctx)
      .then((r) => {
        if (r.watches) ctx.logger.info({ watches: r }, 'watch webhooks run')
      })
      .catch((e: unknown) => ctx.logger.error({ err: e }, 'watch webhooks run failed'))
      .finally(() => {
        running = null
      })
  }
  const timer = setInterval(tick, seconds * 1000)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await running
  }
}
