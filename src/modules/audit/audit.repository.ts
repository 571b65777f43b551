import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { AuditEventsTable, AuditHeadTable } from './audit.tables.js'

export type AuditEventRow = Selectable<AuditEventsTable>

export const GENESIS_HASH = '0'.repeat(64)

/**
 * Takes the chain's write lock and returns the head. The no-op update locks the head row on
 * PostgreSQL (row lock until commit); SQLite write transactions are already serialised.
 */
export async function lockHead(db: Db, now: string): Promise<Selectable<AuditHeadTable>> {
  const res = await db.updateTable('audit_head').set({ updated_at: now }).where('id', '=', 1).executeTakeFirst()
  if (Number(res.numUpdatedRows) === 0) {
    await db
      .insertInto('audit_head')
      .values({ id: 1, seq: 0, hash: GENESIS_HASH, updated_at: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute()
    await db.updateTable('audit_head').set({ updated_at: now }).where('id', '=', 1).execute()
  }
  return db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow()
}

export async function insertEvents(
  db: Db,
  rows: Insertable<AuditEventsTable>[],
  head: { seq: number; hash: string; at: string },
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('audit_events')
      .values(rows.slice(i, i + 500))
      .execute()
  await db
    .updateTable('audit_head')
    .set({ seq: head.seq, hash: head.hash, updated_at: head.at })
    .where('id', '=', 1)
    .execute()
}

export async function readHead(db: Db): Promise<Selectable<AuditHeadTable> | undefined> {
  return db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst()
}

/** Events in chain order, a page at a time (keyset on seq). */
export async function eventsAfter(db: Db, afterSeq: number, limit: number): Promise<AuditEventRow[]> {
  return db.selectFrom('audit_events').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute()
}

export interface AuditFilter {
  action?: string | undefined
  actor?: string | undefined
  targetType?: string | undefined
  targetId?: string | undefined
  from?: string | undefined
  to?: string | undefined
}

function filtered(db: Db, f: AuditFilter) {
  let q = db.selectFrom('audit_events')
  const action = f.action
  // prefix match without LIKE wildcards ('_' is common in action codes)
  if (action)
    q = q.where((eb) => eb(eb.fn<string>('substr', ['action', eb.lit(1), eb.lit(action.length)]), '=', action))
  if (f.actor) q = q.where('actor_id', '=', f.actor)
  if (f.targetType) q = q.where('target_type', '=', f.targetType)
  if (f.targetId) q = q.where('target_id', '=', f.targetId)
  if (f.from) q = q.where('at', '>=', f.from)
  if (f.to) q = q.where('at', '<', f.to)
  return q
}

export async function countEvents(db: Db, f: AuditFilter): Promise<number> {
  const r = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function listEvents(db: Db, f: AuditFilter, offset: number, limit: number): Promise<AuditEventRow[]> {
  return filtered(db, f).selectAll().orderBy('seq', 'desc').offset(offset).limit(limit).execute()
}
