import type { Kysely } from 'kysely'

/**
 * Credit repair (信用修复, docs/rights.md): the facts of each repair case and of each application to leave a list
 * early (申请移出) - the case itself (number, state, history, clocks) is in `cases` - and one counter of changes that
 * take figures off the portal before their time (`figure_changes`, a single row): the public figures cache of every
 * server process compares it before serving.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('repairs')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id'))
    .addColumn('record_id', 'text', (c) => c.notNull().references('records.id'))
    .addColumn('record_version', 'integer', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull().references('entities.id'))
    .addColumn('class_code', 'text', (c) => c.notNull())
    .addColumn('rule_set', 'text')
    .addColumn('severity', 'text')
    .addColumn('earliest_on', 'text')
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('commitment_id', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('sealed', 'text')
    .addColumn('recipients', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute()
  await db.schema.createIndex('repairs_record').on('repairs').columns(['record_id']).execute()

  await db.schema
    .createTable('list_exits')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id'))
    .addColumn('record_id', 'text', (c) => c.notNull().references('records.id'))
    .addColumn('record_version', 'integer', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull().references('entities.id'))
    .addColumn('class_code', 'text', (c) => c.notNull())
    .addColumn('ground', 'text', (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('commitment_id', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('sealed', 'text')
    .addColumn('last_day', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute()
  await db.schema.createIndex('list_exits_record').on('list_exits').columns(['record_id']).execute()

  await db.schema
    .createTable('figure_changes')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('figure_changes').ifExists().execute()
  await db.schema.dropTable('list_exits').ifExists().execute()
  await db.schema.dropTable('repairs').ifExists().execute()
}
