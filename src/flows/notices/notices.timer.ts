// The proactive notices in a serving process: once at start, then every noticesIntervalHours (config; 0: none). One
// run at a time per process; several servers may run at once (each notice is sent once: the notice_log key). A run's
// failure is logged and the next run tries again.
import type { Ctx } from '../../core/context.js'
import { runNotices } from './notices.flow.js'

/** Starts the timer (and the first run); the returned function stops it and waits for a run in progress. */
export function startNoticesTimer(ctx: Ctx): () => Promise<void> {
  const hours = ctx.config.noticesIntervalHours
  if (hours <= 0) return async () => {}
  let running: Promise<void> | null = null
  let stopped = false
  const tick = () => {
    if (running || stopped) return
    running = runNotices(ctx)
      .then((r) => {
        if (r.inboxNotices) ctx.logger.info({ notices: r }, 'proactive notices sent')
      })
      .catch((e: unknown) => ctx.logger.error({ err: e }, 'proactive notices run failed'))
      .finally(() => {
        running = null
      })
  }
  const first = setTimeout(tick, 0)
  first.unref()
  const timer = setInterval(tick, hours * 60 * 60 * 1000)
  timer.unref()
  return async () => {
    stopped = true
    clearTimeout(first)
    clearInterval(timer)
    await running
  }
}
