import type { Kysely } from 'kysely'

/** The columns both dialects share. */
// biome-ignore lint/suspicious/noExplicitAny: see above
export function searchNames(db: Kysely<any>, idType: 'bigint' | 'integer') {
  return db.schema
    .createTable('search_names')
    .addColumn('id', idType, (c) => c.primaryKey())
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
}
