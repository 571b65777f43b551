import { type Kysely, sql } from 'kysely'
import { ensurePgTrgm } from '../search/postgres.js'
import { searchNames } from './common.js'

// The PostgreSQL half of migration 0004 (the entity search index, docs/search.md), frozen with it: `search_names`
// with a bigint id and the bigram codes, pg_trgm GIN over the key, GIN over the bigrams, a pattern-ops B-tree for
// whole keys and prefixes, and a B-tree on (name length, entity id) for ordered scans.

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function postgresSearchIndexUp(db: Kysely<any>): Promise<void> {
  const trgmSchema = await ensurePgTrgm(db)
  await searchNames(db, 'bigint')
    .addColumn('bigrams', sql`integer[]`, (c) => c.notNull())
    .execute()
  await db.schema.createIndex('search_names_entity').on('search_names').column('entity_id').execute()
  await sql`create index search_names_len on search_names (name_len, entity_id collate "C") include (name_key, kind, multi)`.execute(
    db,
  )
  await sql`create index search_names_key on search_names (name_key text_pattern_ops)`.execute(db)
  await sql`create index search_names_trgm on search_names using gin (name_key ${sql.id(trgmSchema)}.gin_trgm_ops)`.execute(
    db,
  )
  await sql`create index search_names_bigrams on search_names using gin (bigrams)`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function postgresSearchIndexDown(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_names').ifExists().execute()
}
