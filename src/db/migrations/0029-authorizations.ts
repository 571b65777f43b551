import type { Kysely } from 'kysely'

/**
 * Authorisation grants (docs/reports.md): a subject lets a grantee (an agency or a department: its code, its USCC or
 * an account id) use some of its rights (`scopes`, e.g. `report.full`) until a time; revoked grants stay, with when
 * and by whom. Every use is an audit event indexed under the subject (its access log).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('authorization_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('grantee', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('until', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema
    .createIndex('authorization_grants_entity')
    .on('authorization_grants')
    .columns(['entity_id', 'created_at'])
    .execute()
  await db.schema.createIndex('authorization_grants_grantee').on('authorization_grants').column('grantee').execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('authorization_grants').ifExists().execute()
}
