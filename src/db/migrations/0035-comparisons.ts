import type { Kysely } from 'kysely'

/**
 * Batch comparisons (批量比对, docs/compare.md): one row per uploaded list (`comparisons`: who, scenario, purpose,
 * status, progress and outcome counts, the process running it), its rows as read from the file (`comparison_inputs`:
 * codes kept masked, an ID number only as its keyed hash; deleted once the comparison is done) and one result per
 * row (`comparison_results`: outcome, subject, candidates, hits). A chunk of results and the progress it adds commit
 * together, so a run stopped at any point resumes after the last committed chunk and no row is counted twice.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('comparisons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('requester_kind', 'text', (c) => c.notNull())
    .addColumn('requester_id', 'text')
    .addColumn('requester_role', 'text')
    .addColumn('dept', 'text')
    .addColumn('scenario', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('all_measures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('file_name', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('runner', 'text')
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hit', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('no_hit', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ambiguous', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unresolved', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.createIndex('comparisons_dept_created').on('comparisons').columns(['dept', 'created_at']).execute()
  await db.schema.createIndex('comparisons_status').on('comparisons').column('status').execute()

  await db.schema
    .createTable('comparison_inputs')
    .addColumn('comparison_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('row_no', 'integer')
    .addColumn('code', 'text')
    .addColumn('name', 'text')
    .addColumn('uscc', 'text')
    .addColumn('other_code', 'text')
    .addColumn('id_hmac', 'text')
    .addColumn('id_masked', 'text')
    .addColumn('rejected', 'text')
    .addPrimaryKeyConstraint('comparison_inputs_pk', ['comparison_id', 'seq'])
    .execute()

  await db.schema
    .createTable('comparison_results')
    .addColumn('comparison_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('row_no', 'integer')
    .addColumn('code', 'text')
    .addColumn('name', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('subject', 'text')
    .addColumn('candidates', 'text', (c) => c.notNull())
    .addColumn('hits', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .addPrimaryKeyConstraint('comparison_results_pk', ['comparison_id', 'seq'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('comparison_results').ifExists().execute()
  await db.schema.dropTable('comparison_inputs').ifExists().execute()
  await db.schema.dropIndex('comparisons_status').ifExists().execute()
  await db.schema.dropIndex('comparisons_dept_created').ifExists().execute()
  await db.schema.dropTable('comparisons').ifExists().execute()
}
