// SQL of the record-search read model: the console's 信用记录查询 (department, class, decision date, entity, state,
// batch), current records with their entity's name, newest decision first.
import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { RecordsTable } from '../../modules/records/index.js'

export interface RecordSearchFilter {
  dept?: string | undefined
  classCode?: string | undefined
  /** Decided on or after / on or before (civil dates). */
  from?: string | undefined
  to?: string | undefined
  /** An entity id, its USCC, or a fragment of its name. */
  entity?: string | undefined
  state?: 'active' | 'revoked' | 'repaired' | undefined
  /** The batch that created the record or stored its current version. */
  batchId?: string | undefined
  /** List entries only. */
  listed?: boolean | undefined
}

export type RecordSearchRow = Selectable<RecordsTable> & { entity_name: string; entity_uscc: string | null }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function withoutWildcards(text: string): string {
  return text.replace(/[\\%_]/g, '')
}

function searchQuery(db: Db, f: RecordSearchFilter) {
  let q = db.selectFrom('records').innerJoin('entities', 'entities.id', 'records.entity_id')
  if (f.dept) q = q.where('records.provider_dept', '=', f.dept)
  if (f.classCode) q = q.where('records.class_code', '=', f.classCode)
  if (f.from) q = q.where('records.decided_on', '>=', f.from)
  if (f.to) q = q.where('records.decided_on', '<=', f.to)
  if (f.state) q = q.where('records.state', '=', f.state)
  if (f.listed) q = q.where('records.list_kind', 'is not', null)
  if (f.batchId) {
    const batchId = f.batchId
    // created by the batch, or its current version stored by it (a correction)
    q = q.where((eb) =>
      eb.or([
        eb('records.batch_id', '=', batchId),
        eb.exists(
          eb
            .selectFrom('record_versions')
            .select('record_versions.record_id')
            .whereRef('record_versions.record_id', '=', 'records.id')
            .whereRef('record_versions.version', '=', 'records.version')
            .where('record_versions.batch_id', '=', batchId),
        ),
      ]),
    )
  }
  const entity = f.entity?.trim()
  if (entity) {
    if (UUID.test(entity)) q = q.where('records.entity_id', '=', entity)
    else {
      const upper = entity.toUpperCase()
      const pattern = `%${withoutWildcards(entity)}%`
      q = q.where((eb) =>
        eb.or([
          eb('entities.uscc', '=', upper),
          eb('entities.name', 'like', eb.val(pattern)),
          eb('records.document_no', '=', entity),
        ]),
      )
    }
  }
  return q
}

/** One page of current records matching the filter, newest decision first; and how many match. */
export async function recordSearchPage(
  db: Db,
  f: RecordSearchFilter,
  offset: number,
  limit: number,
): Promise<{ total: number; rows: RecordSearchRow[] }> {
  const count = await searchQuery(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const rows = await searchQuery(db, f)
    .selectAll('records')
    .select(['entities.name as entity_name', 'entities.uscc as entity_uscc'])
    .orderBy('records.decided_on', 'desc')
    .orderBy('records.created_at', 'desc')
    .orderBy('records.id')
    .offset(offset)
    .limit(limit)
    .execute()
  return { total: Number(count.n), rows: rows as RecordSearchRow[] }
}
