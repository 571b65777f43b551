import { type Kysely, sql } from 'kysely'

/**
 * Peer platforms (docs/federation.md): the records module's change feed `record_changes` (one row per stored record
 * version, its `seq` the feed's cursor, written in the version's transaction under the audit chain's lock so that seq
 * order is commit order), filled here with the versions stored before it in the order they were stored; the
 * federation module's `federation_peers` (registered peers, their keys, exchanged classes, pull cursor and state) and
 * `federation_records` (provenance of every record a peer sent: source platform and its record id).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('record_changes')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('record_changes_record').on('record_changes').columns(['record_id', 'version']).execute()
  // the versions stored so far, oldest first (ties: record, version): the feed starts with them
  await sql`insert into record_changes (seq, record_id, version, created_at)
    select row_number() over (order by v.created_at, v.record_id, v.version), v.record_id, v.version, v.created_at
    from record_versions v`.execute(db)

  await db.schema
    .createTable('federation_peers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('platform_id', 'text', (c) => c.notNull().unique())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('dept_code', 'text', (c) => c.notNull().references('departments.code'))
    .addColumn('keys', 'text', (c) => c.notNull())
    .addColumn('classes', 'text', (c) => c.notNull())
    .addColumn('measure_classes', 'text', (c) => c.notNull())
    .addColumn('api_key_id', 'text')
    .addColumn('pull_key', 'text')
    .addColumn('cursor', 'text', (c) => c.notNull().defaultTo('0'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_pull_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('received', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('federation_records')
    .addColumn('record_id', 'text', (c) => c.primaryKey().references('records.id'))
    .addColumn('peer_id', 'text', (c) => c.notNull().references('federation_peers.id'))
    .addColumn('source_platform', 'text', (c) => c.notNull())
    .addColumn('source_record_id', 'text', (c) => c.notNull())
    .addColumn('source_version', 'integer', (c) => c.notNull())
    .addColumn('source_seq', 'bigint', (c) => c.notNull())
    .addColumn('measures', 'integer', (c) => c.notNull())
    .addColumn('stored_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('federation_records_source', ['source_platform', 'source_record_id'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['federation_records', 'federation_peers', 'record_changes'])
    await db.schema.dropTable(t).ifExists().execute()
}
