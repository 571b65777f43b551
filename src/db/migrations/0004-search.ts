import type { Kysely } from 'kysely'
import { helpersOf } from '../helpers/registry.js'

/**
 * Entity search (docs/search.md): `search_names`, one row per name (current and former) of every entity, with its
 * matching key and the entity's filter columns; the row id orders rows by (group, name length, sequence).
 * SQLite: two contentless FTS5 tables over the rows, `search_tri` (trigram tokenizer, over "\x02" key "\x03", for
 * substrings of 3+ characters, prefixes and whole keys) and `search_bi` (the key's bigrams as ASCII tokens, for
 * 2-character queries). PostgreSQL: pg_trgm GIN over the key, GIN over the bigram codes, a pattern-ops B-tree for
 * whole keys and prefixes. Both: a B-tree on (name length, entity id) for ordered scans.
 * Also `entity_flags` (per-entity flags with until-instants, maintained by disclosure) when it does not exist yet.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  // the search index itself differs per dialect: each dialect's helper holds its half of this migration
  await helpersOf(db).schema.searchIndexUp(db)
  await db.schema
    .createTable('search_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('next_seq', 'bigint', (c) => c.notNull())
    .execute()
  await db.insertInto('search_state').values({ id: 1, next_seq: 1 }).execute()

  await db.schema
    .createTable('entity_flags')
    .ifNotExists()
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('flag', 'text', (c) => c.notNull())
    .addColumn('until', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('entity_flags_pk', ['entity_id', 'flag'])
    .execute()
  await db.schema
    .createIndex('entity_flags_flag_until')
    .ifNotExists()
    .on('entity_flags')
    .columns(['flag', 'until'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_state').ifExists().execute()
  await helpersOf(db).schema.searchIndexDown(db)
}
