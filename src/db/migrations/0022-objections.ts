import type { Kysely } from 'kysely'

/**
 * Objections (异议): the facts of an objection case beside its row in `cases` (0021) - the record and its version
 * objected to, the providing department, the applicant's reason and contact (masked; clear text sealed when it held
 * an ID number), the evidence files and whether an operator filed it at the window on the subject's behalf,
 * and the record while the case is open (unique: one open objection per record).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('objections')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id'))
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('record_version', 'integer', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('provider_dept', 'text', (c) => c.notNull())
    .addColumn('class_code', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('contact', 'text')
    .addColumn('sealed', 'text')
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('on_behalf', 'integer', (c) => c.notNull())
    .addColumn('open_record', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('objections_record').on('objections').columns(['record_id']).execute()
  // one open objection per record, whatever races: the record id while the case is open, null once it is closed
  await db.schema.createIndex('objections_open_record').on('objections').column('open_record').unique().execute()
  await db.schema.createIndex('objections_provider').on('objections').columns(['provider_dept']).execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('objections').ifExists().execute()
}
