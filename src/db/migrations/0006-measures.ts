import { type Kysely, sql } from 'kysely'

/**
 * Joint rewards and punishments: versioned measures (one current version per code), the checks departments run
 * before approving (one row per check, hits as JSON text) and the feedback on each hit (one current version per
 * check and measure, history kept). Instants as UTC text, JSON as text, booleans as 0/1.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('measures')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('reason', 'text')
    .addColumn('is_current', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('measures_pk', ['code', 'version'])
    .execute()
  await sql`create unique index measures_current on measures (code) where is_current = 1`.execute(db)

  await db.schema
    .createTable('checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('requester_kind', 'text', (c) => c.notNull())
    .addColumn('requester_id', 'text')
    .addColumn('dept', 'text')
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('scenario', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text')
    .addColumn('all_measures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('hit_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('hits', 'text', (c) => c.notNull())
    .addColumn('batch_id', 'text')
    .execute()
  await db.schema.createIndex('checks_dept_at').on('checks').columns(['dept', 'at']).execute()
  await db.schema.createIndex('checks_entity_at').on('checks').columns(['entity_id', 'at']).execute()

  await db.schema
    .createTable('check_feedback')
    .addColumn('check_id', 'text', (c) => c.notNull().references('checks.id'))
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('effect', 'text')
    .addColumn('started_on', 'text')
    .addColumn('ended_on', 'text')
    .addColumn('dept', 'text')
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('is_current', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('check_feedback_pk', ['check_id', 'measure', 'version'])
    .execute()
  await sql`create unique index check_feedback_current on check_feedback (check_id, measure) where is_current = 1`.execute(
    db,
  )
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['check_feedback', 'checks', 'measures']) await db.schema.dropTable(t).ifExists().execute()
}
