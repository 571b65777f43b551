import { type Kysely, sql } from 'kysely'

/**
 * Supervision by grade (分级分类监管, docs/grading.md): the supervision module's policy versions
 * (`supervision_policies`, a versioned policy kind): per grade of a grading model, the share of the stratum a
 * 双随机 draw inspects, how often, and what else applies.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('supervision_policies')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('reason', 'text')
    .addColumn('is_current', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('supervision_policies_pk', ['code', 'version'])
    .execute()
  await sql`create unique index supervision_policies_current on supervision_policies (code) where is_current = 1`.execute(
    db,
  )
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('supervision_policies').ifExists().execute()
}
