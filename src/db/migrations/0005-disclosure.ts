import { type Kysely, sql } from 'kysely'

/**
 * Disclosure: objection marks (「异议处理中」) on records, kept with their history (one row per mark, opened and
 * later closed, who, when, why; never a record version). The per-entity flags (`entity_flags`) that disclosure
 * maintains are created by 0004-search.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('record_marks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('record_id', 'text', (c) => c.notNull().references('records.id'))
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('opened_by_kind', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'text')
    .addColumn('open_reason', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by_kind', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('close_reason', 'text')
    .execute()
  await db.schema.createIndex('record_marks_record').on('record_marks').columns(['record_id', 'opened_at']).execute()
  // at most one open mark of a kind per record, whatever runs concurrently
  await sql`create unique index record_marks_open on record_marks (record_id, kind) where closed_at is null`.execute(db)
  await sql`create index record_marks_entity_open on record_marks (entity_id) where closed_at is null`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('record_marks').ifExists().execute()
}
