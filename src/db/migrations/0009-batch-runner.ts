import type { Kysely } from 'kysely'

/**
 * Batches name the process running them (`host:pid@start`; null when none is): a rerun of the same content resumes a
 * batch only when that process is gone, so two processes never run one batch.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('batches').addColumn('runner', 'text').execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('batches').dropColumn('runner').execute()
}
