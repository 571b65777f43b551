import type { Kysely } from 'kysely'

/**
 * Credit commitments (信用承诺): one row per commitment holding its current state (a projection), and every
 * transition as an append-only version (filed, published, fulfilled, breached, withdrawn, breach record linked).
 * Instants as UTC text, civil dates as YYYY-MM-DD text, JSON as text, booleans as 0/1.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('commitments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('matter', 'text', (c) => c.notNull())
    .addColumn('matter_code', 'text')
    .addColumn('dept', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('filed_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text')
    .addColumn('valid_to', 'text')
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('filed_by', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text')
    .addColumn('breach_record_id', 'text')
    .addColumn('decided_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('commitments_dept_number')
    .unique()
    .on('commitments')
    .columns(['dept', 'number'])
    .execute()
  await db.schema.createIndex('commitments_entity').on('commitments').columns(['entity_id', 'filed_on']).execute()
  await db.schema
    .createIndex('commitments_dept_status')
    .on('commitments')
    .columns(['dept', 'status', 'due_on'])
    .execute()

  await db.schema
    .createTable('commitment_versions')
    .addColumn('commitment_id', 'text', (c) => c.notNull().references('commitments.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_dept', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('commitment_versions_pk', ['commitment_id', 'version'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['commitment_versions', 'commitments']) await db.schema.dropTable(t).ifExists().execute()
}
