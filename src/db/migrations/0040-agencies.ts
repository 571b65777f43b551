import type { Kysely } from 'kysely'

/**
 * Credit agencies (信用服务机构, docs/agencies.md): the registry (备案: the agency's entity, USCC, name, filing
 * number, business scope, status filed / suspended / cancelled), the agency an agency principal belongs to
 * (`users.agency_id`, `api_keys.agency_id`), the subjects each agency read and when last (`agency_reads`: who is told
 * of a repair or revocation), and the updates pushed to agencies (`agency_updates`: their pull feed, `seq` allocated
 * under the audit chain's lock in the transaction of the change, so that seq order is commit order).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('agencies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entity_id', 'text', (c) => c.notNull().unique().references('entities.id'))
    .addColumn('uscc', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('filing_no', 'text', (c) => c.notNull().unique())
    .addColumn('business_scope', 'text', (c) => c.notNull())
    .addColumn('filed_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('status_changed_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .alterTable('users')
    .addColumn('agency_id', 'text', (c) => c.references('agencies.id'))
    .execute()
  await db.schema
    .alterTable('api_keys')
    .addColumn('agency_id', 'text', (c) => c.references('agencies.id'))
    .execute()
  await db.schema.createIndex('users_agency').on('users').column('agency_id').execute()
  await db.schema.createIndex('api_keys_agency').on('api_keys').column('agency_id').execute()

  await db.schema
    .createTable('agency_reads')
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('entity_id', 'text', (c) => c.notNull().references('entities.id'))
    .addColumn('classes', 'text', (c) => c.notNull())
    .addColumn('first_read_at', 'text', (c) => c.notNull())
    .addColumn('last_read_at', 'text', (c) => c.notNull())
    .addColumn('reads', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('agency_reads_pk', ['agency_id', 'entity_id'])
    .execute()
  await db.schema.createIndex('agency_reads_entity').on('agency_reads').columns(['entity_id', 'last_read_at']).execute()

  await db.schema
    .createTable('agency_updates')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('agency_updates_agency').on('agency_updates').columns(['agency_id', 'seq']).execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('agency_updates').ifExists().execute()
  await db.schema.dropTable('agency_reads').ifExists().execute()
  await db.schema.dropIndex('api_keys_agency').ifExists().execute()
  await db.schema.dropIndex('users_agency').ifExists().execute()
  await db.schema.alterTable('api_keys').dropColumn('agency_id').execute()
  await db.schema.alterTable('users').dropColumn('agency_id').execute()
  await db.schema.dropTable('agencies').ifExists().execute()
}
