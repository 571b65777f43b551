import type { Kysely } from 'kysely'

/**
 * Proactive notices sent exactly once (docs/notifications.md, 主动提示): the notifications module's `notice_log`, one
 * row per thing told (topic, record or case, date or deadline code). Instants as UTC text.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notice_log')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notice_log').ifExists().execute()
}
