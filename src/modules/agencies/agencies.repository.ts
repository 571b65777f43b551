import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { AgenciesTable, AgencyReadsTable, AgencyUpdatesTable } from './agencies.tables.js'

export type AgencyRow = Selectable<AgenciesTable>
export type AgencyReadRow = Selectable<AgencyReadsTable>
export type AgencyUpdateRow = Selectable<AgencyUpdatesTable>

// ---------------------------------------------------------------- the registry

export async function insertAgency(db: Db, row: Insertable<AgenciesTable>): Promise<void> {
  await db.insertInto('agencies').values(row).execute()
}

export async function findAgency(db: Db, id: string): Promise<AgencyRow | undefined> {
  return db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findAgencyByUscc(db: Db, uscc: string): Promise<AgencyRow | undefined> {
  return db.selectFrom('agencies').selectAll().where('uscc', '=', uscc).executeTakeFirst()
}

export async function findAgencyByFilingNo(db: Db, filingNo: string): Promise<AgencyRow | undefined> {
  return db.selectFrom('agencies').selectAll().where('filing_no', '=', filingNo).executeTakeFirst()
}

export async function findAgencyByEntity(db: Db, entityId: string): Promise<AgencyRow | undefined> {
  return db.selectFrom('agencies').selectAll().where('entity_id', '=', entityId).executeTakeFirst()
}

/** Agencies, optionally of one status; the caller sorts. */
export async function selectAgencies(db: Db, status?: string): Promise<AgencyRow[]> {
  let q = db.selectFrom('agencies').selectAll()
  if (status) q = q.where('status', '=', status)
  return q.execute()
}

/** Moves an agency from one status to another; false when its status is no longer `from` (a concurrent change). */
export async function updateAgencyStatus(
  db: Db,
  id: string,
  from: string,
  set: Pick<Updateable<AgenciesTable>, 'status' | 'status_reason' | 'status_changed_at' | 'updated_at'>,
): Promise<boolean> {
  const r = await db.updateTable('agencies').set(set).where('id', '=', id).where('status', '=', from).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

// ---------------------------------------------------------------- reads

export async function findAgencyRead(db: Db, agencyId: string, entityId: string): Promise<AgencyReadRow | undefined> {
  return db
    .selectFrom('agency_reads')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .where('entity_id', '=', entityId)
    .executeTakeFirst()
}

/** Inserts the first read of a subject by an agency; false when another read inserted it first (it is updated then). */
export async function insertAgencyRead(db: Db, row: Insertable<AgencyReadsTable>): Promise<boolean> {
  const r = await db
    .insertInto('agency_reads')
    .values(row)
    .onConflict((oc) => oc.columns(['agency_id', 'entity_id']).doNothing())
    .executeTakeFirst()
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
}

export async function updateAgencyRead(
  db: Db,
  agencyId: string,
  entityId: string,
  set: Pick<AgencyReadRow, 'classes' | 'last_read_at' | 'reads'>,
): Promise<void> {
  await db
    .updateTable('agency_reads')
    .set(set)
    .where('agency_id', '=', agencyId)
    .where('entity_id', '=', entityId)
    .execute()
}

/**
 * The reads of these entities since `since` by agencies that are not cancelled, with the agency's status (one indexed
 * lookup per call: the hook of every record revocation and repair).
 */
export async function recentReadsOf(
  db: Db,
  entityIds: readonly string[],
  since: string,
): Promise<(AgencyReadRow & { status: string; name: string })[]> {
  if (entityIds.length === 0) return []
  return db
    .selectFrom('agency_reads')
    .innerJoin('agencies', 'agencies.id', 'agency_reads.agency_id')
    .selectAll('agency_reads')
    .select(['agencies.status as status', 'agencies.name as name'])
    .where('agency_reads.entity_id', 'in', [...new Set(entityIds)])
    .where('agency_reads.last_read_at', '>=', since)
    .where('agencies.status', '<>', 'cancelled')
    .orderBy('agency_reads.agency_id')
    .execute()
}

/** How many subjects an agency read since an instant. */
export async function countReadsSince(db: Db, agencyId: string, since: string): Promise<number> {
  const r = await db
    .selectFrom('agency_reads')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('agency_id', '=', agencyId)
    .where('last_read_at', '>=', since)
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

// ---------------------------------------------------------------- updates (the pull feed)

/** The highest update seq (0 when none); call with the audit chain's lock held. */
export async function maxUpdateSeq(db: Db): Promise<number> {
  const r = await db
    .selectFrom('agency_updates')
    .select((eb) => eb.fn.max<number>('seq').as('m'))
    .executeTakeFirst()
  return r?.m == null ? 0 : Number(r.m)
}

export async function insertUpdates(db: Db, rows: Insertable<AgencyUpdatesTable>[]): Promise<void> {
  if (rows.length === 0) return
  await db.insertInto('agency_updates').values(rows).execute()
}

/** An agency's updates after a position, in order. */
export async function updatesAfter(db: Db, agencyId: string, after: number, limit: number): Promise<AgencyUpdateRow[]> {
  return db
    .selectFrom('agency_updates')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit)
    .execute()
}
