// The queries of the queue-rows read model (the tables they read: reads.ts).
import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { UnmatchedRowsTable } from '../../modules/unmatched/index.js'

export type QueueRowOfBatch = Selectable<UnmatchedRowsTable> & { batch_created_at: string; file_name: string | null; batch_status: string }

/** The rows of an entry (all, or of one status) in submission order: batch time, batch, row. */
export async function rowsOfEntry(db: Db, entryId: string, status?: string): Promise<QueueRowOfBatch[]> {
  let q = db
    .selectFrom('unmatched_rows as r')
    .innerJoin('batches as b', 'b.id', 'r.batch_id')
    .selectAll('r')
    .select(['b.created_at as batch_created_at', 'b.file_name as file_name', 'b.status as batch_status'])
    .where('r.entry_id', '=', entryId)
  if (status) q = q.where('r.status', '=', status)
  return q.orderBy('b.created_at').orderBy('r.batch_id').orderBy('r.row_no').execute()
}

