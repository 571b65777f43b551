import { sql, type Kysely } from 'kysely'

/**
 * Credit evaluation (docs/grading.md): the current grades by the day their validity ends, so that an incremental run
 * finds the grades time alone has changed without reading every current grade.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index grades_valid_until on grades (model_code, valid_until) where is_current = 1 and valid_until is not null`.execute(
    db,
  )
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists grades_valid_until`.execute(db)
}
