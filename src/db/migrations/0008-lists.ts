import { type Kysely, sql } from 'kysely'

/**
 * Red, black and focus lists: the versioned escalation rule (one current version) and the focus-list proposals the
 * rule produces (at most one open proposal per entity and list). Instants as UTC text, JSON as text, booleans 0/1.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('list_escalation_rules')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('reason', 'text')
    .addColumn('is_current', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await sql`create unique index list_escalation_rules_current on list_escalation_rules (is_current) where is_current = 1`.execute(
    db,
  )

  await db.schema
    .createTable('list_proposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull().references('entities.id'))
    .addColumn('record_ids', 'text', (c) => c.notNull())
    .addColumn('record_count', 'integer', (c) => c.notNull())
    .addColumn('rule_version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('proposed_at', 'text', (c) => c.notNull())
    .addColumn('proposed_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_dept', 'text')
    .addColumn('document_no', 'text')
    .addColumn('decision_date', 'text')
    .addColumn('reason', 'text')
    .addColumn('basis', 'text')
    .addColumn('status_reason', 'text')
    .addColumn('list_record_id', 'text')
    .addColumn('batch_id', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('list_proposals_status').on('list_proposals').columns(['status', 'proposed_at']).execute()
  await db.schema.createIndex('list_proposals_entity').on('list_proposals').columns(['entity_id', 'status']).execute()
  await sql`create unique index list_proposals_open on list_proposals (entity_id, kind) where status = 'proposed'`.execute(
    db,
  )
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['list_proposals', 'list_escalation_rules']) await db.schema.dropTable(t).ifExists().execute()
}
