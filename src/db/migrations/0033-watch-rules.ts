import { type Kysely, sql } from 'kysely'

/**
 * Early-warning rules (预警规则, docs/watches.md) as a versioned policy kind keyed by code: immutable versions, one
 * current per code (the shared columns of the policies feature).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('watch_rules')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('reason', 'text')
    .addColumn('is_current', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('watch_rules_pk', ['code', 'version'])
    .execute()
  await sql`create unique index watch_rules_current on watch_rules (code) where is_current = 1`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('watch_rules').ifExists().execute()
}
