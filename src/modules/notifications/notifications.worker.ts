// The outbox worker of a serving process: deliverDue on an interval (config outboxIntervalSeconds; 0: none). One run at
// a time per process; a run's failure is logged and the next run tries again.
import type { Ctx } from '../../core/context.js'
import { deliverDue } from './notifications.service.js'

/** Starts the worker; the returned function stops it and waits for a run in progress. */
export function startOutboxWorker(ctx: Ctx): () => Promise<void> {
  const seconds = ctx.config.outboxIntervalSeconds
  if (seconds <= 0) return async () => {}
  let running: Promise<void> | null = null
  const tick = () => {
    if (running) return
    running = deliverDue(ctx)
      .then((r) => {
        if (r.attempted) ctx.logger.info({ outbox: r }, 'outbox run')
      })
      .catch((e: unknown) => ctx.logger.error({ err: e }, 'outbox run failed'))
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
