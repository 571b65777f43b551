import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type {
  AuditCheckpointsTable,
  AuditEventsTable,
  AuditHeadTable,
  AuditSubjectsTable,
  AuditTreeNodesTable,
} from './audit.tables.js'

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

/** Indexes events by the entities they read about (same transaction as the events). */
export async function insertSubjects(db: Db, rows: Insertable<AuditSubjectsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('audit_subjects')
      .values(rows.slice(i, i + 500))
      .execute()
}

export interface SubjectFilter {
  entityId: string
  /** Only these actions (exact codes). */
  actions: readonly string[]
  /** Instants (ISO), from inclusive, to exclusive. */
  from?: string | undefined
  to?: string | undefined
}

function subjectEvents(db: Db, f: SubjectFilter) {
  let q = db
    .selectFrom('audit_subjects')
    .innerJoin('audit_events', 'audit_events.seq', 'audit_subjects.seq')
    .where('audit_subjects.entity_id', '=', f.entityId)
    .where('audit_events.action', 'in', f.actions.length > 0 ? [...f.actions] : [''])
    // reads by the anonymous public (the portal) are not reads of non-public data
    .where('audit_events.actor_kind', '<>', 'public')
  if (f.from) q = q.where('audit_events.at', '>=', f.from)
  if (f.to) q = q.where('audit_events.at', '<', f.to)
  return q
}

export async function countSubjectEvents(db: Db, f: SubjectFilter): Promise<number> {
  const r = await subjectEvents(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** An entity's events, newest first. */
export async function listSubjectEvents(
  db: Db,
  f: SubjectFilter,
  offset: number,
  limit: number,
): Promise<AuditEventRow[]> {
  return subjectEvents(db, f)
    .selectAll('audit_events')
    .orderBy('audit_events.seq', 'desc')
    .offset(offset)
    .limit(limit)
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

/** Event hashes in chain order from seq `afterSeq + 1`, a page at a time (the tree's catch-up). */
export async function eventHashesAfter(
  db: Db,
  afterSeq: number,
  limit: number,
): Promise<{ seq: number; hash: string }[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash }))
}

export async function findEventSeq(db: Db, id: string): Promise<{ seq: number; hash: string } | undefined> {
  const r = await db.selectFrom('audit_events').select(['seq', 'hash']).where('id', '=', id).executeTakeFirst()
  return r ? { seq: Number(r.seq), hash: r.hash } : undefined
}

/** One event by id, as stored. */
export async function findEvent(db: Db, id: string): Promise<AuditEventRow | undefined> {
  return db.selectFrom('audit_events').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The number of leaves in the stored tree. */
export async function treeSize(db: Db): Promise<number> {
  const r = await db
    .selectFrom('audit_tree_nodes')
    .select((eb) => eb.fn.max<number>('idx').as('m'))
    .where('level', '=', 0)
    .executeTakeFirst()
  return r?.m == null ? 0 : Number(r.m) + 1
}

/** One stored full-subtree hash (one indexed read). */
export async function treeNode(db: Db, level: number, idx: number): Promise<string | undefined> {
  const r = await db
    .selectFrom('audit_tree_nodes')
    .select('hash')
    .where('level', '=', level)
    .where('idx', '=', idx)
    .executeTakeFirst()
  return r?.hash
}

export async function insertTreeNodes(db: Db, rows: Insertable<AuditTreeNodesTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('audit_tree_nodes')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['level', 'idx']).doNothing())
      .execute()
}

export type CheckpointRow = Selectable<AuditCheckpointsTable>

export async function latestCheckpointRow(db: Db): Promise<CheckpointRow | undefined> {
  const r = await db.selectFrom('audit_checkpoints').selectAll().orderBy('size', 'desc').limit(1).executeTakeFirst()
  return r ? { ...r, size: Number(r.size) } : undefined
}

export async function insertCheckpoint(db: Db, row: Insertable<AuditCheckpointsTable>): Promise<void> {
  await db
    .insertInto('audit_checkpoints')
    .values(row)
    .onConflict((oc) => oc.column('size').doNothing())
    .execute()
}
