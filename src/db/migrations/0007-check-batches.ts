import type { Kysely } from 'kysely'

/**
 * Batch comparisons (批量比对): one row per batch request with what was asked for each subject (the code as given,
 * ID numbers masked, and the name), the check it produced or the error, so the result can be downloaded later with
 * the failed rows inline. The checks themselves stay in `checks` (with batch_id).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('check_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('requester_kind', 'text', (c) => c.notNull())
    .addColumn('requester_id', 'text')
    .addColumn('dept', 'text')
    .addColumn('scenario', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text')
    .addColumn('all_measures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('checked', 'integer', (c) => c.notNull())
    .addColumn('failed', 'integer', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('check_batches_dept_at').on('check_batches').columns(['dept', 'at']).execute()
  await db.schema.createIndex('checks_batch').on('checks').column('batch_id').execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('checks_batch').ifExists().execute()
  await db.schema.dropTable('check_batches').ifExists().execute()
}
