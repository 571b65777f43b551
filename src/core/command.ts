import { sql, type Transaction } from 'kysely'
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

class RolledBack<T> extends Error {
  constructor(readonly value: T) {
    super('rolled back')
  }
}

let savepoints = 0

/**
 * Runs `fn` as `runCommand` does and then undoes everything it wrote (a dry run): its own transaction is rolled
 * back, or, inside an open transaction, a savepoint of it, so that the writes of the enclosing command stay and the
 * enclosing command can go on. Returns what `fn` returned; an error thrown by `fn` is thrown after the undo.
 */
export async function runRolledBack<C extends Pick<Ctx, 'db' | 'clock'>, T>(
  ctx: C,
  actor: Actor,
  fn: (scope: CommandScope<C>) => Promise<T>,
): Promise<T> {
  if (ctx.db.isTransaction) {
    const trx = ctx.db as Trx
    const name = sql.id(`gx_dry_${++savepoints}`)
    await sql`savepoint ${name}`.execute(trx)
    try {
      return await fn(scopeOf(ctx, trx, actor))
    } finally {
      await sql`rollback to savepoint ${name}`.execute(trx)
      await sql`release savepoint ${name}`.execute(trx)
    }
  }
  try {
    await ctx.db.transaction().execute(async (trx) => {
      throw new RolledBack(await fn(scopeOf({ ...ctx, db: trx }, trx, actor)))
    })
  } catch (e) {
    if (e instanceof RolledBack) return e.value as T
    throw e
  }
  throw new Error('unreachable: a rolled-back command returned')
}

function scopeOf<C extends Pick<Ctx, 'db' | 'clock'>>(ctx: C, trx: Trx, actor: Actor): CommandScope<C> {
  const now = ctx.clock.now()
  return { ctx, trx, clock: ctx.clock, actor, now, today: civilDate(now) }
}
