// Every SQL statement on the inbox, the delivery targets and the outbox.
import type { ExpressionBuilder, Insertable, Selectable, Updateable } from 'kysely'
import type { Database, Db } from '../../db/database.js'
import type { DeliveriesTable, DeliveryTargetsTable, NotificationsTable } from './notifications.tables.js'

export type NotificationRow = Selectable<NotificationsTable>
export type DeliveryRow = Selectable<DeliveriesTable>
export type TargetRow = Selectable<DeliveryTargetsTable>

/** An addressee a reader stands for: (kind, id). */
export type Addressee = { kind: string; id: string }

export async function insertNotification(db: Db, row: Insertable<NotificationsTable>): Promise<void> {
  await db.insertInto('notifications').values(row).execute()
}

function addressed(addressees: readonly Addressee[]) {
  return (eb: ExpressionBuilder<Database, 'notifications'>) =>
    eb.or(addressees.map((a) => eb.and([eb('to_kind', '=', a.kind), eb('to_id', '=', a.id)])))
}

export async function findInbox(
  db: Db,
  addressees: readonly Addressee[],
  options: { unread: boolean; offset: number; limit: number },
): Promise<{ rows: NotificationRow[]; total: number; unread: number }> {
  if (addressees.length === 0) return { rows: [], total: 0, unread: 0 }
  const base = db.selectFrom('notifications').where(addressed(addressees))
  const filtered = options.unread ? base.where('read_at', 'is', null) : base
  const rows = await filtered
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(options.offset)
    .limit(options.limit)
    .execute()
  const total = await filtered.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst()
  const unread = await base
    .where('read_at', 'is', null)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst()
  return { rows, total: Number(total?.n ?? 0), unread: Number(unread?.n ?? 0) }
}

export async function findNotification(
  db: Db,
  id: string,
  addressees: readonly Addressee[],
): Promise<NotificationRow | undefined> {
  if (addressees.length === 0) return undefined
  return db.selectFrom('notifications').selectAll().where('id', '=', id).where(addressed(addressees)).executeTakeFirst()
}

export async function markNotificationRead(db: Db, id: string, at: string, by: string | null): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ read_at: at, read_by: by })
    .where('id', '=', id)
    .where('read_at', 'is', null)
    .execute()
}

export async function findTarget(db: Db, code: string): Promise<TargetRow | undefined> {
  return db.selectFrom('delivery_targets').selectAll().where('code', '=', code).executeTakeFirst()
}

export async function listTargetRows(db: Db): Promise<TargetRow[]> {
  return db.selectFrom('delivery_targets').selectAll().orderBy('code').execute()
}

/** Active relay targets with a webhook: where notices to subjects are also posted. */
export async function activeRelays(db: Db): Promise<TargetRow[]> {
  return db
    .selectFrom('delivery_targets')
    .selectAll()
    .where('kind', '=', 'relay')
    .where('active', '=', 1)
    .where('webhook_url', 'is not', null)
    .orderBy('code')
    .execute()
}

export async function upsertTarget(db: Db, row: Insertable<DeliveryTargetsTable>): Promise<void> {
  const existing = await findTarget(db, row.code)
  if (existing) {
    const { code: _c, created_at: _a, ...rest } = row
    await db.updateTable('delivery_targets').set(rest).where('code', '=', row.code).execute()
  } else await db.insertInto('delivery_targets').values(row).execute()
}

export async function insertDelivery(db: Db, row: Insertable<DeliveriesTable>): Promise<void> {
  await db.insertInto('deliveries').values(row).execute()
}

export async function findDelivery(db: Db, id: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Pending deliveries whose next attempt is due at `now`, oldest first. */
export async function dueDeliveries(db: Db, now: string, limit: number): Promise<DeliveryRow[]> {
  return db
    .selectFrom('deliveries')
    .selectAll()
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute()
}

/**
 * Claims a delivery for one attempt: moves its next attempt to `leaseUntil` only if nobody else did since it was read
 * (another server's worker loses the race and skips it).
 */
export async function claimDelivery(db: Db, row: DeliveryRow, leaseUntil: string): Promise<boolean> {
  const r = await db
    .updateTable('deliveries')
    .set({ next_attempt_at: leaseUntil })
    .where('id', '=', row.id)
    .where('state', '=', 'pending')
    .where('next_attempt_at', '=', row.next_attempt_at as string)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function updateDelivery(db: Db, id: string, set: Updateable<DeliveriesTable>): Promise<void> {
  await db.updateTable('deliveries').set(set).where('id', '=', id).execute()
}

export async function findDeliveries(
  db: Db,
  filter: {
    state?: string | undefined
    target?: string | undefined
    refType?: string | undefined
    refId?: string | undefined
  },
  offset: number,
  limit: number,
): Promise<{ rows: DeliveryRow[]; total: number }> {
  let q = db.selectFrom('deliveries')
  if (filter.state) q = q.where('state', '=', filter.state)
  if (filter.target) q = q.where('target', '=', filter.target)
  if (filter.refType) q = q.where('ref_type', '=', filter.refType)
  if (filter.refId) q = q.where('ref_id', '=', filter.refId)
  const rows = await q
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(offset)
    .limit(limit)
    .execute()
  const total = await q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst()
  return { rows, total: Number(total?.n ?? 0) }
}

/** Pending deliveries whose due date is provisional (recomputed when the calendar gains a year). */
export async function provisionalDeliveries(db: Db): Promise<DeliveryRow[]> {
  return db
    .selectFrom('deliveries')
    .selectAll()
    .where('due_provisional', '=', 1)
    .where('due_start', 'is not', null)
    .execute()
}

/**
 * Takes a notice key for good: true when this call stored it, false when it was stored before (by an earlier run, or
 * by another server's run that committed first - the insert waits for it on PostgreSQL, then does nothing).
 */
export async function claimNoticeKey(db: Db, key: string, at: string): Promise<boolean> {
  const r = await db
    .insertInto('notice_log')
    .values({ key, sent_at: at })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst()
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
}

export async function findNoticeKey(db: Db, key: string): Promise<{ key: string; sent_at: string } | undefined> {
  return db.selectFrom('notice_log').selectAll().where('key', '=', key).executeTakeFirst()
}
