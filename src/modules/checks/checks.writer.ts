// Group commit of checks: the receipts and audit events of the checks that finish while a write is in progress
// are stored together in the next transaction, in arrival order. A caller's promise settles only after its own
// rows are committed (or failed), so a check is never answered before its receipt and audit event are durable.
// If a group fails, its members are retried one by one, so one bad write never costs the others.
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { type AuditInput, recordAuditEntries } from '../audit/index.js'
import { civilDate } from '../../core/clock.js'
import type { Db } from '../../db/database.js'
import { insertChecks, takeCheckNumbers } from './checks.repository.js'
import type { ChecksTable } from './checks.tables.js'

/** A readable check number: HC-, the Beijing day (YYYYMMDD), the check's place in that day (6 digits or more). */
export function formatCheckNumber(day: string, n: number): string {
  return `HC-${day}-${String(n).padStart(6, '0')}`
}

/**
 * Gives each check its number (核查编号) from the counters of the Beijing days they were made, in the order given;
 * the caller stores them in the same transaction (the counters' rows stay locked until it ends, so numbers are
 * unique and, unless the transaction rolls back, without gaps). Days are taken in order (no lock-order deadlocks).
 */
export async function numberChecks(trx: Db, rows: ChecksTable[]): Promise<void> {
  const byDay = new Map<string, ChecksTable[]>()
  for (const r of rows) {
    const day = civilDate(new Date(r.at)).replaceAll('-', '')
    byDay.set(day, [...(byDay.get(day) ?? []), r])
  }
  for (const day of [...byDay.keys()].sort()) {
    const list = byDay.get(day) as ChecksTable[]
    const last = await takeCheckNumbers(trx, day, list.length)
    list.forEach((r, i) => {
      r.number = formatCheckNumber(day, last - list.length + 1 + i)
    })
  }
}

interface Pending {
  rows: ChecksTable[]
  actor: Actor
  event: AuditInput
  resolve: () => void
  reject: (e: unknown) => void
}

/** Upper bound on the checks of one transaction (a batch request counts its subjects). */
const MAX_GROUP_ROWS = 2000

class CheckWriter {
  private queue: Pending[] = []
  private running = false

  constructor(private readonly ctx: Ctx) {}

  write(rows: ChecksTable[], actor: Actor, event: AuditInput): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, actor, event, resolve, reject })
      if (!this.running) {
        this.running = true
        // let the requests that are finishing in this turn of the event loop join the group
        setImmediate(() => void this.drain())
      }
    })
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        let n = 0
        let rows = 0
        while (n < this.queue.length && (n === 0 || rows + (this.queue[n] as Pending).rows.length <= MAX_GROUP_ROWS))
          rows += (this.queue[n++] as Pending).rows.length
        const group = this.queue.splice(0, n)
        try {
          await this.commit(group)
          for (const p of group) p.resolve()
        } catch (e) {
          if (group.length === 1) (group[0] as Pending).reject(e)
          else
            for (const p of group)
              await this.commit([p]).then(
                () => p.resolve(),
                (err: unknown) => p.reject(err),
              )
        }
      }
    } finally {
      this.running = false
      if (this.queue.length > 0) {
        this.running = true
        setImmediate(() => void this.drain())
      }
    }
  }

  private commit(group: Pending[]): Promise<void> {
    return commitChecks(this.ctx, group)
  }
}

/** One command storing the checks of a group and their audit events (each event with its own requester). */
function commitChecks(ctx: Ctx, group: Pick<Pending, 'rows' | 'actor' | 'event'>[]): Promise<void> {
  return runCommand(ctx, (group[0] as Pending).actor, async ({ trx }) => {
    const rows = group.flatMap((p) => p.rows)
    await numberChecks(trx, rows)
    await insertChecks(trx, rows)
    await recordAuditEntries(
      trx,
      ctx.clock,
      group.map((p) => ({ actor: p.actor, event: p.event })),
    )
  })
}

const writers = new WeakMap<Ctx, CheckWriter>()

/** Stores the checks and their audit event (group commit); resolves once they are committed. */
export function storeChecks(ctx: Ctx, rows: ChecksTable[], actor: Actor, event: AuditInput): Promise<void> {
  // inside a caller's command the check is one more step of that command's transaction
  if (ctx.db.isTransaction) return commitChecks(ctx, [{ rows, actor, event }])
  let w = writers.get(ctx)
  if (!w) {
    w = new CheckWriter(ctx)
    writers.set(ctx, w)
  }
  return w.write(rows, actor, event)
}
