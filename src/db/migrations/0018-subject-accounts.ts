import type { Kysely } from 'kysely'

/**
 * Subject accounts (docs/rights.md): one-time activation codes an operator issues for an entity (only their keyed
 * hash is stored), and the agent accounts (经办人) a subject account adds, pending an operator's approval.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('subject_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entity_id', 'text', (c) => c.notNull().references('entities.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('used_at', 'text')
    .addColumn('used_by', 'text', (c) => c.references('users.id'))
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .addColumn('revoke_reason', 'text')
    .execute()
  await db.schema
    .createIndex('subject_invitations_entity')
    .on('subject_invitations')
    .columns(['entity_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('subject_agents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entity_id', 'text', (c) => c.notNull().references('entities.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().unique().references('users.id'))
    .addColumn('letter_file_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .execute()
  await db.schema.createIndex('subject_agents_state').on('subject_agents').columns(['state', 'created_at']).execute()
  await db.schema.createIndex('subject_agents_entity').on('subject_agents').column('entity_id').execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('subject_agents').execute()
  await db.schema.dropTable('subject_invitations').execute()
}
