import type { Insertable, Kysely, Selectable, Updateable } from 'kysely'
import type { Database, Db } from '../../db/database.js'
import type { MarkTables, RecordMarksTable } from './marks.tables.js'

export type MarkRow = Selectable<RecordMarksTable>

function mdb(db: Db): Kysely<Database & MarkTables> {
  return db.withTables<MarkTables>()
}

export async function insertMark(db: Db, row: Insertable<RecordMarksTable>): Promise<void> {
  await mdb(db).insertInto('record_marks').values(row).execute()
}

export async function findOpenMark(db: Db, recordId: string, kind: string): Promise<MarkRow | undefined> {
  return mdb(db)
    .selectFrom('record_marks')
    .selectAll()
    .where('record_id', '=', recordId)
    .where('kind', '=', kind)
    .where('closed_at', 'is', null)
    .executeTakeFirst()
}

/** Closes a mark that is still open; false when somebody closed it first. */
export async function closeMarkRow(db: Db, id: string, patch: Updateable<RecordMarksTable>): Promise<boolean> {
  const r = await mdb(db)
    .updateTable('record_marks')
    .set(patch)
    .where('id', '=', id)
    .where('closed_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** Every mark of a record, oldest first. */
export async function marksOfRecord(db: Db, recordId: string): Promise<MarkRow[]> {
  return mdb(db)
    .selectFrom('record_marks')
    .selectAll()
    .where('record_id', '=', recordId)
    .orderBy('opened_at')
    .orderBy('id')
    .execute()
}

/** Open marks of the records (chunked IN lists). */
export async function openMarksOfRecords(db: Db, recordIds: string[]): Promise<MarkRow[]> {
  const out: MarkRow[] = []
  const unique = [...new Set(recordIds)]
  for (let i = 0; i < unique.length; i += 500) {
    out.push(
      ...(await mdb(db)
        .selectFrom('record_marks')
        .selectAll()
        .where('record_id', 'in', unique.slice(i, i + 500))
        .where('closed_at', 'is', null)
        .execute()),
    )
  }
  return out
}

/** Open marks on any record of the entity. */
export async function openMarksOfEntity(db: Db, entityId: string): Promise<MarkRow[]> {
  return mdb(db)
    .selectFrom('record_marks')
    .selectAll()
    .where('entity_id', '=', entityId)
    .where('closed_at', 'is', null)
    .orderBy('opened_at')
    .execute()
}
