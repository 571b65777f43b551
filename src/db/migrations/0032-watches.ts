import { type Kysely, sql } from 'kysely'

/**
 * Watch lists and early warning (docs/watches.md): watches (a department's list of entities, the event types it
 * wants, an optional signed webhook with its encrypted secret and delivery cursor), their entities, the watch
 * events (the transactional outbox: written with seq null in the transaction of the change, then given their place
 * in the feed - seq - by the sequencer, one at a time under the counter's row lock), the counter, and the dead
 * letters of webhook deliveries. Instants as UTC text, JSON as text.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('watches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('owner_kind', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('owner_role', 'text', (c) => c.notNull())
    .addColumn('owner_dept', 'text')
    .addColumn('permissions', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('webhook_url', 'text')
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('start_seq', 'integer', (c) => c.notNull())
    .addColumn('delivered_seq', 'integer', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_delivered_at', 'text')
    .addColumn('delivered_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('deleted_at', 'text')
    .execute()
  await db.schema.createIndex('watches_owner').on('watches').columns(['owner_dept', 'created_at']).execute()

  await db.schema
    .createTable('watch_entities')
    .addColumn('watch_id', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('watch_entities_pk', ['watch_id', 'entity_id'])
    .execute()
  await db.schema.createIndex('watch_entities_entity').on('watch_entities').columns(['entity_id', 'watch_id']).execute()

  await db.schema
    .createTable('watch_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('emit_order', 'integer', (c) => c.notNull())
    .execute()
  await sql`create unique index watch_events_seq on watch_events (seq) where seq is not null`.execute(db)
  await sql`create index watch_events_pending on watch_events (occurred_at, emit_order) where seq is null`.execute(db)
  await db.schema.createIndex('watch_events_entity').on('watch_events').columns(['entity_id', 'seq']).execute()

  await db.schema
    .createTable('watch_sequence')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute()
  await db.insertInto('watch_sequence').values({ name: 'events', value: 0 }).execute()

  await db.schema
    .createTable('watch_dead_letters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('watch_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('dead_at', 'text', (c) => c.notNull())
    .addColumn('replayed_at', 'text')
    .execute()
  await db.schema
    .createIndex('watch_dead_letters_watch')
    .on('watch_dead_letters')
    .columns(['watch_id', 'seq'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['watch_dead_letters', 'watch_sequence', 'watch_events', 'watch_entities', 'watches'])
    await db.schema.dropTable(t).ifExists().execute()
}
