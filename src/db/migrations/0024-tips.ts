import { type Kysely, sql } from 'kysely'

/**
 * Tips (有奖举报, docs/rights.md): the kind's own facts beside its case (cases, migration 0021) - what was reported,
 * the tipster's contact details encrypted, the query code's hash, the routing suggestion and the reward - and the
 * versions of the category-to-department routing table (a versioned policy, one single policy). Instants as UTC text.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tips')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('entity_name', 'text')
    .addColumn('entity_uscc', 'text')
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text')
    .addColumn('contact', 'text')
    .addColumn('wants_reward', 'integer', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('routing_version', 'integer', (c) => c.notNull())
    .addColumn('suggested_dept', 'text')
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('reward_fen', 'integer')
    .addColumn('reward_paid_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('tip_routing_versions')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('reason', 'text')
    .addColumn('is_current', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await sql`create unique index tip_routing_versions_current on tip_routing_versions (is_current) where is_current = 1`.execute(
    db,
  )
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['tip_routing_versions', 'tips']) await db.schema.dropTable(t).ifExists().execute()
}
