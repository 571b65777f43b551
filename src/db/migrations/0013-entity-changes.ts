import type { Kysely } from 'kysely'

/**
 * A change counter per entity (`entity_changes`), bumped in the transaction of every change that shows in the
 * entity's files (its records, their marks, its register data): a cache in any process compares it with the
 * version it computed a file at before serving that file (docs/disclosure.md, the public entity file). Entities
 * that never changed have no row (version 0).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('entity_changes')
    .addColumn('entity_id', 'text', (c) => c.primaryKey().references('entities.id'))
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('entity_changes').ifExists().execute()
}
