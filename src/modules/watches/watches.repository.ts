// Every SQL statement on the watch tables.
import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { WatchDeadLettersTable, WatchEntitiesTable, WatchesTable, WatchEventsTable } from './watches.tables.js'

export type WatchRow = Selectable<WatchesTable>
export type WatchEventRow = Selectable<WatchEventsTable>
export type DeadLetterRow = Selectable<WatchDeadLettersTable>

const CHUNK = 500

export async function insertWatch(db: Db, row: Insertable<WatchesTable>): Promise<void> {
  await db.insertInto('watches').values(row).execute()
}

export async function insertWatchEntities(db: Db, rows: Insertable<WatchEntitiesTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto('watch_entities')
      .values(rows.slice(i, i + CHUNK))
      .execute()
}

export async function findWatch(db: Db, id: string): Promise<WatchRow | undefined> {
  return db.selectFrom('watches').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst()
}

export async function listWatchRows(db: Db, owner: { dept: string | null; id: string | null }): Promise<WatchRow[]> {
  let q = db.selectFrom('watches').selectAll().where('deleted_at', 'is', null)
  q = owner.dept ? q.where('owner_dept', '=', owner.dept) : q.where('owner_id', '=', owner.id)
  return q.orderBy('created_at', 'desc').orderBy('id').execute()
}

export async function countWatchEntities(db: Db, watchId: string): Promise<number> {
  const r = await db
    .selectFrom('watch_entities')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('watch_id', '=', watchId)
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

export async function watchEntityIds(db: Db, watchId: string, limit: number): Promise<string[]> {
  return (
    await db
      .selectFrom('watch_entities')
      .select('entity_id')
      .where('watch_id', '=', watchId)
      .orderBy('entity_id')
      .limit(limit)
      .execute()
  ).map((r) => r.entity_id)
}

export async function updateWatch(db: Db, id: string, set: Updateable<WatchesTable>): Promise<void> {
  await db.updateTable('watches').set(set).where('id', '=', id).execute()
}

/** Of these entities, those on at least one live watch (cheap when nobody watches: one indexed lookup). */
export async function watchedAmong(db: Db, entityIds: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>()
  const unique = [...new Set(entityIds)]
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .selectFrom('watch_entities')
      .innerJoin('watches', 'watches.id', 'watch_entities.watch_id')
      .select('watch_entities.entity_id')
      .distinct()
      .where('watch_entities.entity_id', 'in', unique.slice(i, i + CHUNK))
      .where('watches.deleted_at', 'is', null)
      .execute()
    for (const r of rows) out.add(r.entity_id)
  }
  return out
}

export async function insertEvents(db: Db, rows: Insertable<WatchEventsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto('watch_events')
      .values(rows.slice(i, i + CHUNK))
      .execute()
}

/**
 * Takes the feed counter's row lock for the rest of the transaction (an update that changes nothing: PostgreSQL
 * locks the row, SQLite the database) and answers the counter. A second sequencer waits here until the first commits,
 * then reads the counter it left.
 */
export async function lockSequence(db: Db): Promise<number> {
  await db
    .updateTable('watch_sequence')
    .set((eb) => ({ value: eb.ref('value') }))
    .where('name', '=', 'events')
    .execute()
  const r = await db.selectFrom('watch_sequence').select('value').where('name', '=', 'events').executeTakeFirstOrThrow()
  return Number(r.value)
}

export async function setSequence(db: Db, value: number): Promise<void> {
  await db.updateTable('watch_sequence').set({ value }).where('name', '=', 'events').execute()
}

export async function currentSequence(db: Db): Promise<number> {
  const r = await db.selectFrom('watch_sequence').select('value').where('name', '=', 'events').executeTakeFirst()
  return Number(r?.value ?? 0)
}

/** Committed events not yet in the feed, in the order they happened. */
export async function pendingEvents(db: Db, limit: number): Promise<WatchEventRow[]> {
  return db
    .selectFrom('watch_events')
    .selectAll()
    .where('seq', 'is', null)
    .orderBy('occurred_at')
    .orderBy('emit_order')
    .orderBy('id')
    .limit(limit)
    .execute()
}

export async function setEventSeq(db: Db, id: string, seq: number): Promise<void> {
  await db.updateTable('watch_events').set({ seq }).where('id', '=', id).execute()
}

/** A watch's events after a feed position, of its types, in feed order. */
export async function feedRows(
  db: Db,
  watchId: string,
  after: number,
  types: readonly string[],
  limit: number,
): Promise<WatchEventRow[]> {
  if (types.length === 0) return []
  return db
    .selectFrom('watch_events')
    .innerJoin('watch_entities', (j) =>
      j.onRef('watch_entities.entity_id', '=', 'watch_events.entity_id').on('watch_entities.watch_id', '=', watchId),
    )
    .selectAll('watch_events')
    .where('watch_events.seq', '>', after)
    .where('watch_events.type', 'in', [...types])
    .orderBy('watch_events.seq')
    .limit(limit)
    .execute()
}

/** How many of a watch's events are after a position (the webhook's backlog). */
export async function countFeedRows(db: Db, watchId: string, after: number, types: readonly string[]): Promise<number> {
  if (types.length === 0) return 0
  const r = await db
    .selectFrom('watch_events')
    .innerJoin('watch_entities', (j) =>
      j.onRef('watch_entities.entity_id', '=', 'watch_events.entity_id').on('watch_entities.watch_id', '=', watchId),
    )
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('watch_events.seq', '>', after)
    .where('watch_events.type', 'in', [...types])
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

/** Live watches with a webhook whose next attempt is due (null: at once). */
export async function dueWebhookWatches(db: Db, now: string, limit: number): Promise<WatchRow[]> {
  return db
    .selectFrom('watches')
    .selectAll()
    .where('deleted_at', 'is', null)
    .where('webhook_url', 'is not', null)
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
    .orderBy('id')
    .limit(limit)
    .execute()
}

/** Claims a watch's webhook for one run: sets its lease only if nobody else changed it since it was read. */
export async function claimWatch(db: Db, row: WatchRow, leaseUntil: string): Promise<boolean> {
  let q = db.updateTable('watches').set({ next_attempt_at: leaseUntil }).where('id', '=', row.id)
  q =
    row.next_attempt_at === null
      ? q.where('next_attempt_at', 'is', null)
      : q.where('next_attempt_at', '=', row.next_attempt_at)
  const r = await q.where('delivered_seq', '=', row.delivered_seq).executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function insertDeadLetter(db: Db, row: Insertable<WatchDeadLettersTable>): Promise<void> {
  await db.insertInto('watch_dead_letters').values(row).execute()
}

export async function deadLettersOf(db: Db, watchId: string, limit: number): Promise<DeadLetterRow[]> {
  return db
    .selectFrom('watch_dead_letters')
    .selectAll()
    .where('watch_id', '=', watchId)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute()
}

export async function findDeadLetter(db: Db, watchId: string, id: string): Promise<DeadLetterRow | undefined> {
  return db
    .selectFrom('watch_dead_letters')
    .selectAll()
    .where('watch_id', '=', watchId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** Dead letters after a position are delivered again (a replay): marked replayed. */
export async function markReplayed(db: Db, watchId: string, after: number, at: string): Promise<number> {
  const r = await db
    .updateTable('watch_dead_letters')
    .set({ replayed_at: at })
    .where('watch_id', '=', watchId)
    .where('seq', '>', after)
    .where('replayed_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}
