import { type Kysely, PostgresAdapter, sql } from 'kysely'
import { ensurePgTrgm } from '../helpers/search/postgres.js'

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
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter
  let trgmSchema = ''
  if (postgres) trgmSchema = await ensurePgTrgm(db)

  let t = db.schema
    .createTable('search_names')
    .addColumn('id', postgres ? 'bigint' : 'integer', (c) => c.primaryKey())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('name_len', 'integer', (c) => c.notNull())
    .addColumn('former', 'integer', (c) => c.notNull())
    .addColumn('multi', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('district', 'text')
    .addColumn('industry', 'text')
    .addColumn('uscc', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
  if (postgres) t = t.addColumn('bigrams', sql`integer[]`, (c) => c.notNull())
  await t.execute()
  await db.schema.createIndex('search_names_entity').on('search_names').column('entity_id').execute()

  await db.schema
    .createTable('search_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('next_seq', 'bigint', (c) => c.notNull())
    .execute()
  await db.insertInto('search_state').values({ id: 1, next_seq: 1 }).execute()

  if (postgres) {
    await sql`create index search_names_len on search_names (name_len, entity_id collate "C") include (name_key, kind, multi)`.execute(
      db,
    )
    await sql`create index search_names_key on search_names (name_key text_pattern_ops)`.execute(db)
    await sql`create index search_names_trgm on search_names using gin (name_key ${sql.id(trgmSchema)}.gin_trgm_ops)`.execute(
      db,
    )
    await sql`create index search_names_bigrams on search_names using gin (bigrams)`.execute(db)
  } else {
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
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter
  if (!postgres) {
    await sql`drop table if exists search_tri`.execute(db)
    await sql`drop table if exists search_bi`.execute(db)
  }
  await db.schema.dropTable('search_state').ifExists().execute()
  await db.schema.dropTable('search_names').ifExists().execute()
}
