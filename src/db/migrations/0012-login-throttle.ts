import type { Kysely } from 'kysely'

/**
 * Login throttling replaces the per-user lockout (docs/access.md): one row per bucket - an (account, client
 * address) pair, an account, a client address - keyed by a hash, so that several server processes on one database
 * share it. The users' failure counter and lock time are no longer used (left in place: nothing is dropped).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('account', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('leaked_at', 'text', (c) => c.notNull())
    .addColumn('blocked_until', 'text')
    .addColumn('forget_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('login_throttle_account').on('login_throttle').column('account').execute()
  await db.schema.createIndex('login_throttle_forget').on('login_throttle').column('forget_at').execute()
  await db.schema.createIndex('sessions_user_ip').on('sessions').columns(['user_id', 'ip', 'created_at']).execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sessions_user_ip').execute()
  await db.schema.dropTable('login_throttle').execute()
}
