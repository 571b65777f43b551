import { type Kysely, sql } from 'kysely'

/**
 * Credit evaluation (公共信用综合评价, docs/grading.md): the grading module's model versions (`grading_models`, a
 * versioned policy kind), grades kept as history (`grades`, one current row per model and entity) and the queue of
 * entities to grade again (`grading_queue`, marked in the transaction of every record or mark change).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('grading_models')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('reason', 'text')
    .addColumn('is_current', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('grading_models_pk', ['code', 'version'])
    .execute()
  await sql`create unique index grading_models_current on grading_models (code) where is_current = 1`.execute(db)

  await db.schema
    .createTable('grades')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('model_code', 'text', (c) => c.notNull())
    .addColumn('model_version', 'integer', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('base', 'integer', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('dimensions', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('under_objection', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('entity_version', 'bigint', (c) => c.notNull())
    .addColumn('graded_at', 'text', (c) => c.notNull())
    .addColumn('is_current', 'integer', (c) => c.notNull())
    .execute()
  await sql`create unique index grades_current on grades (model_code, entity_id) where is_current = 1`.execute(db)
  await db.schema.createIndex('grades_entity').on('grades').columns(['entity_id', 'model_code', 'as_of']).execute()

  await db.schema
    .createTable('grading_queue')
    .addColumn('entity_id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('marked_at', 'text', (c) => c.notNull())
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('grading_queue').ifExists().execute()
  await db.schema.dropTable('grades').ifExists().execute()
  await db.schema.dropTable('grading_models').ifExists().execute()
}
