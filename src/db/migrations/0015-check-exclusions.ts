import type { Kysely } from 'kysely'

/**
 * A check keeps the measures an exclusion took away (a reward for a subject with an active serious record, on a
 * black or focus list) with the records that excluded them, for its receipt. Earlier checks had none: '[]'.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('checks')
    .addColumn('exclusions', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('checks').dropColumn('exclusions').execute()
}
