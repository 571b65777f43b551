import { type Kysely, sql } from 'kysely'
import { searchNames } from './common.js'

// The SQLite half of migration 0004 (the entity search index, docs/search.md), frozen with it: `search_names` and
// two contentless FTS5 tables over its rows, `search_tri` (trigram tokenizer, over "\x02" key "\x03", for
// substrings of 3+ characters, prefixes and whole keys) and `search_bi` (the key's bigrams as ASCII tokens, for
// 2-character queries), and a B-tree on (name length, entity id) for ordered scans.

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function sqliteSearchIndexUp(db: Kysely<any>): Promise<void> {
  await searchNames(db, 'integer').execute()
  await db.schema.createIndex('search_names_entity').on('search_names').column('entity_id').execute()
  await sql`create index search_names_len on search_names (name_len, entity_id)`.execute(db)
  await sql`create virtual table search_tri using fts5(k, content='', contentless_delete=1, tokenize='trigram case_sensitive 1')`.execute(
    db,
  )
  await sql`create virtual table search_bi using fts5(b, content='', contentless_delete=1, detail=none, tokenize='ascii')`.execute(
    db,
  )
  // merge segments less eagerly while loading (16 per level instead of 4): a third faster bulk indexing;
  // `gongxin search reindex` ends with an optimize
  await sql`insert into search_tri(search_tri, rank) values ('automerge', 16)`.execute(db)
  await sql`insert into search_bi(search_bi, rank) values ('automerge', 16)`.execute(db)
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function sqliteSearchIndexDown(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists search_tri`.execute(db)
  await sql`drop table if exists search_bi`.execute(db)
  await db.schema.dropTable('search_names').ifExists().execute()
}
