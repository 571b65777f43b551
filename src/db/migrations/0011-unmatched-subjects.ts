import { type Kysely, sql } from 'kysely'

/**
 * The queue of unmatched subjects (待匹配主体): one open entry per subject key, the rows waiting in it (their plans,
 * payloads sealed as in records), and the provenance of a record version an operator released from the queue
 * (`record_versions.resubmitted_from`: the entry). Instants as UTC text, JSON as text.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('unmatched_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('uscc', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.references('entities.id'))
    .addColumn('decided_at', 'text')
    .addColumn('decided_by_kind', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('unmatched_entries_status')
    .on('unmatched_entries')
    .columns(['status', 'last_seen_at'])
    .execute()
  await sql`create unique index unmatched_entries_open on unmatched_entries (subject_key) where status = 'open'`.execute(
    db,
  )

  await db.schema
    .createTable('unmatched_rows')
    .addColumn('batch_id', 'text', (c) => c.notNull().references('batches.id'))
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull().references('unmatched_entries.id'))
    .addColumn('dept', 'text', (c) => c.notNull())
    .addColumn('class_code', 'text', (c) => c.notNull())
    .addColumn('class_version', 'integer', (c) => c.notNull())
    .addColumn('provider_key', 'text', (c) => c.notNull())
    .addColumn('document_no', 'text')
    .addColumn('decided_on', 'text')
    .addColumn('subject_key', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text')
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('outcome_message', 'text')
    .addColumn('record_id', 'text')
    .addColumn('resubmitted_batch_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('settled_at', 'text')
    .addPrimaryKeyConstraint('unmatched_rows_pk', ['batch_id', 'row_no'])
    .execute()
  await db.schema.createIndex('unmatched_rows_entry').on('unmatched_rows').columns(['entry_id', 'status']).execute()
  // a provider's resubmission finds the queued copies of its records by (class, provider key)
  await db.schema
    .createIndex('unmatched_rows_key')
    .on('unmatched_rows')
    .columns(['class_code', 'status', 'provider_key'])
    .execute()

  await db.schema.alterTable('record_versions').addColumn('resubmitted_from', 'text').execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('record_versions').dropColumn('resubmitted_from').execute()
  for (const t of ['unmatched_rows', 'unmatched_entries']) await db.schema.dropTable(t).ifExists().execute()
}
