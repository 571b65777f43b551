import type { Transaction } from 'kysely'
import type { Database } from '../db/database.js'
import type { Actor } from './actor.js'
import { type Clock, civilDate } from './clock.js'
import type { Ctx } from './context.js'

/** An open transaction: commands write through it; `recordAudit` accepts nothing else. */
export type Trx = Transaction<Database>

/** What a command's body gets: its transaction, who acts, and the one clock (read once as `now`). */
export interface CommandScope<C extends Pick<Ctx, 'db' | 'clock'> = Ctx> {
  /** The context with its `db` bound to the transaction: services called with it join the same transaction. */
  ctx: C
  trx: Trx
  clock: Clock
  actor: Actor
  /** The command's instant (the clock read once when it started). */
  now: Date
  /** `now` as the civil date in Asia/Shanghai (YYYY-MM-DD). */
  today: string
}

/**
 * The one way to run a state change: opens a transaction (or joins the one `ctx.db` already is, so that a flow can
 * compose several commands into one) and calls `fn` with its scope. The change, its history and its audit events
 * commit together or not at all.
 */
export async function runCommand<C extends Pick<Ctx, 'db' | 'clock'>, T>(
  ctx: C,
  actor: Actor,
  fn: (scope: CommandScope<C>) => Promise<T>,
): Promise<T> {
  if (ctx.db.isTransaction) return fn(scopeOf(ctx, ctx.db as Trx, actor))
  return ctx.db.transaction().execute((trx) => fn(scopeOf({ ...ctx, db: trx }, trx, actor)))
}

function scopeOf<C extends Pick<Ctx, 'db' | 'clock'>>(ctx: C, trx: Trx, actor: Actor): CommandScope<C> {
  const now = ctx.clock.now()
  return { ctx, trx, clock: ctx.clock, actor, now, today: civilDate(now) }
}
