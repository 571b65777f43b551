import { type Kysely, sql } from 'kysely'

/**
 * Grade publication (评价结果公开, docs/grading.md): the versions of the one policy that says which grading models'
 * grades the public entity file shows (`grade_publication_versions`, a versioned policy kind). No version, or an
 * empty list: no grade is public.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('grade_publication_versions')
    .addColumn('version', 'integer', (c) => c.notNull().primaryKey())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('reason', 'text')
    .addColumn('is_current', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await sql`create unique index grade_publication_current on grade_publication_versions (is_current) where is_current = 1`.execute(
    db,
  )
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('grade_publication_versions').ifExists().execute()
}
