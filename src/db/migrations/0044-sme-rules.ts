import { type Kysely, sql } from 'kysely'

/**
 * 优质中小企业名单 (信易贷, docs/grading.md): the sme module's screening-rule versions (`sme_rules`, a versioned
 * policy kind): which grading models, the lowest grade each admits, the lists and records that exclude.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sme_rules')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('reason', 'text')
    .addColumn('is_current', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('sme_rules_pk', ['code', 'version'])
    .execute()
  await sql`create unique index sme_rules_current on sme_rules (code) where is_current = 1`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sme_rules').ifExists().execute()
}
