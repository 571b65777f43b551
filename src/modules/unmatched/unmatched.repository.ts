// SQL of the queue of unmatched subjects: its own tables only (entries and their rows). The rows of an entry with
// their batches are read by the queue-rows read model (src/read-models/queue-rows).
import { type Insertable, type Selectable, sql, type Updateable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { UnmatchedEntriesTable, UnmatchedRowsTable } from './unmatched.tables.js'

export type EntryRow = Selectable<UnmatchedEntriesTable>
export type QueueRow = Selectable<UnmatchedRowsTable>

const CHUNK = 500

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK))
  return out
}

// ---------------------------------------------------------------- entries

/**
 * Moves the open entry of a subject key to the latest row's description and returns its id (undefined: no open
 * entry). Updating first also takes the entry's row lock on PostgreSQL, so an operator's release and a chunk that
 * adds rows to the same entry run one after the other.
 */
export async function touchOpenEntry(
  db: Db,
  subjectKey: string,
  patch: Pick<UnmatchedEntriesTable, 'cause' | 'message' | 'subject' | 'name' | 'uscc' | 'last_seen_at' | 'updated_at'>,
): Promise<string | undefined> {
  const r = await db
    .updateTable('unmatched_entries')
    .set(patch)
    .where('subject_key', '=', subjectKey)
    .where('status', '=', 'open')
    .returning('id')
    .executeTakeFirst()
  return r?.id
}

/** Inserts an open entry unless the subject key has one already (two chunks may race for it). */
export async function insertOpenEntry(db: Db, row: Insertable<UnmatchedEntriesTable>): Promise<void> {
  await db
    .insertInto('unmatched_entries')
    .values(row)
    // the index predicate as a literal: a bound parameter does not match the partial index on SQLite
    .onConflict((oc) => oc.column('subject_key').where('status', '=', sql.lit('open')).doNothing())
    .execute()
}

export async function findEntry(db: Db, id: string): Promise<EntryRow | undefined> {
  return db.selectFrom('unmatched_entries').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Closes an open entry (matched, registered, resubmitted); false when it was not open any more. */
export async function closeEntry(db: Db, id: string, patch: Updateable<UnmatchedEntriesTable>): Promise<boolean> {
  const r = await db
    .updateTable('unmatched_entries')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** Takes the row locks of open entries (PostgreSQL) in id order, before their rows change. */
export async function lockOpenEntries(db: Db, ids: readonly string[], now: string): Promise<void> {
  for (const id of [...ids].sort())
    await db
      .updateTable('unmatched_entries')
      .set({ updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .execute()
}

export interface EntryFilter {
  status?: string | undefined
  dept?: string | undefined
  classCode?: string | undefined
  /** Part of the name or of the USCC. */
  q?: string | undefined
}

function filtered(db: Db, f: EntryFilter) {
  let q = db.selectFrom('unmatched_entries as e')
  if (f.status) q = q.where('e.status', '=', f.status)
  const text = f.q?.replace(/[%_\\]/g, '').trim()
  if (text)
    q = q.where((eb) => eb.or([eb('e.name', 'like', `%${text}%`), eb('e.uscc', 'like', `%${text.toUpperCase()}%`)]))
  if (f.dept || f.classCode)
    q = q.where((eb) => {
      let rows = eb.selectFrom('unmatched_rows as r').select('r.entry_id').whereRef('r.entry_id', '=', 'e.id')
      if (f.dept) rows = rows.where('r.dept', '=', f.dept)
      if (f.classCode) rows = rows.where('r.class_code', '=', f.classCode)
      return eb.exists(rows)
    })
  return q
}

/** A page of entries, the most recently seen first. */
export async function entryPage(
  db: Db,
  f: EntryFilter,
  page: number,
  pageSize: number,
): Promise<{ total: number; rows: EntryRow[] }> {
  const count = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const rows = await filtered(db, f)
    .selectAll('e')
    .orderBy('e.last_seen_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()
  return { total: Number(count.n), rows }
}

export interface EntryRowGroup {
  entryId: string
  status: string
  batchId: string
  dept: string
  classCode: string
  rows: number
}

/** Rows of these entries counted per status, batch, department and class. */
export async function rowGroups(db: Db, entryIds: readonly string[]): Promise<EntryRowGroup[]> {
  const out: EntryRowGroup[] = []
  for (const part of chunks(entryIds))
    for (const r of await db
      .selectFrom('unmatched_rows')
      .select((eb) => ['entry_id', 'status', 'batch_id', 'dept', 'class_code', eb.fn.countAll<number>().as('n')])
      .where('entry_id', 'in', part)
      .groupBy(['entry_id', 'status', 'batch_id', 'dept', 'class_code'])
      .execute())
      out.push({
        entryId: r.entry_id,
        status: r.status,
        batchId: r.batch_id,
        dept: r.dept,
        classCode: r.class_code,
        rows: Number(r.n),
      })
  return out
}

// ---------------------------------------------------------------- rows

export async function insertQueueRows(db: Db, rows: Insertable<UnmatchedRowsTable>[]): Promise<void> {
  for (const part of chunks(rows)) await db.insertInto('unmatched_rows').values(part).execute()
}

/** Settles one pending row; false when it was not pending any more. */
export async function settleRow(
  db: Db,
  batchId: string,
  rowNo: number,
  patch: Updateable<UnmatchedRowsTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('unmatched_rows')
    .set(patch)
    .where('batch_id', '=', batchId)
    .where('row_no', '=', rowNo)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** Whether any row of the class waits in the queue (a cheap probe before looking for resubmissions). */
export async function anyPendingOfClass(db: Db, classCode: string): Promise<boolean> {
  const r = await db
    .selectFrom('unmatched_rows')
    .select('row_no')
    .where('class_code', '=', classCode)
    .where('status', '=', 'pending')
    .limit(1)
    .executeTakeFirst()
  return r !== undefined
}

/** Pending rows of a class with one of these provider keys. */
export async function pendingByProviderKeys(
  db: Db,
  classCode: string,
  providerKeys: readonly string[],
): Promise<
  Pick<QueueRow, 'batch_id' | 'row_no' | 'entry_id' | 'dept' | 'provider_key' | 'name_key' | 'subject_key'>[]
> {
  const out: Pick<
    QueueRow,
    'batch_id' | 'row_no' | 'entry_id' | 'dept' | 'provider_key' | 'name_key' | 'subject_key'
  >[] = []
  for (const part of chunks([...new Set(providerKeys)]))
    out.push(
      ...(await db
        .selectFrom('unmatched_rows')
        .select(['batch_id', 'row_no', 'entry_id', 'dept', 'provider_key', 'name_key', 'subject_key'])
        .where('class_code', '=', classCode)
        .where('status', '=', 'pending')
        .where('provider_key', 'in', part)
        .execute()),
    )
  return out
}

/** The pending rows of a batch. */
export async function pendingOfBatch(db: Db, batchId: string): Promise<Pick<QueueRow, 'row_no' | 'entry_id'>[]> {
  return db
    .selectFrom('unmatched_rows')
    .select(['row_no', 'entry_id'])
    .where('batch_id', '=', batchId)
    .where('status', '=', 'pending')
    .execute()
}

/** Of these entries, those without pending rows. */
export async function entriesWithoutPending(db: Db, entryIds: readonly string[]): Promise<string[]> {
  const busy = new Set<string>()
  for (const part of chunks(entryIds))
    for (const r of await db
      .selectFrom('unmatched_rows')
      .select('entry_id')
      .distinct()
      .where('entry_id', 'in', part)
      .where('status', '=', 'pending')
      .execute())
      busy.add(r.entry_id)
  return entryIds.filter((id) => !busy.has(id))
}
