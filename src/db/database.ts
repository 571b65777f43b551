import type { Insertable, Kysely, RawBuilder } from 'kysely'
import type { Config } from '../core/config.js'

/**
 * The whole schema: every module adds its tables to this interface by declaration merging, in its own `*.tables.ts`
 * (`declare module '../../db/database.js' { interface Database extends XTables {} }`), so the db layer imports no
 * module. Programs that type-check queries include every module's tables file (see web/tsconfig.json).
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the modules' declarations
export interface Database {}

/** A database or a transaction: repositories take this first. */
export type Db = Kysely<Database>

export type TableName = keyof Database & string

/** Behaviour that differs per dialect, chosen once in db/; modules never ask which database they are on. */
export interface DialectHelpers {
  /** Fast insert of many rows. Call it inside a transaction. */
  bulkInsert<T extends TableName>(db: Db, table: T, rows: Insertable<Database[T]>[]): Promise<void>
  /** The entity search index: SQLite FTS5 (trigram + bigram), PostgreSQL pg_trgm + bigram GIN (docs/search.md). */
  search: SearchHelpers
  /**
   * Refreshes the planner statistics of the tables (all tables of the schema when none are named) after a bulk load
   * (the demo, large imports): PostgreSQL ANALYZE; nothing on SQLite. Returns the tables analysed.
   */
  refreshStatistics(db: Db, tables?: readonly string[]): Promise<string[]>
  /** The entities' change counters (`entity_changes`): read on every cached entity file, bumped by every change. */
  entityChanges: EntityChangeHelpers
  /** Whether a table exists in this database (PostgreSQL: in the connection's schema). */
  tableExists(db: Db, table: string): Promise<boolean>
  /** Schema steps of migrations that differ per dialect (frozen with their migration). */
  schema: SchemaHelpers
}

export interface SchemaHelpers {
  /** Migration 0004: creates the entity search index (`search_names` and the dialect's indexes over it). */
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
  searchIndexUp(db: Kysely<any>): Promise<void>
  /** Migration 0004 undone: drops the search index. */
  // biome-ignore lint/suspicious/noExplicitAny: see searchIndexUp
  searchIndexDown(db: Kysely<any>): Promise<void>
  /** The column type of binary content (migration 0017, evidence files): bytea (PostgreSQL), blob (SQLite). */
  bytesType: 'bytea' | 'blob'
}

export interface EntityChangeHelpers {
  /** Adds one to the change counter of each entity (a row per entity; ids distinct); call it in the transaction. */
  bump(db: Db, entityIds: readonly string[], at: string): Promise<void>
  /** The entity's change counter (0 when it never changed). */
  version(db: Db, entityId: string): Promise<number>
}

/** One row of the search index: one name (current or former) of one entity. */
export interface SearchIndexRow {
  entityId: string
  name: string
  /** The matching key (nameKey without control characters); at least one character. */
  key: string
  former: boolean
  /** The entity has more than one name in the index. */
  multi: boolean
  person: boolean
  kind: string
  district: string | null
  industry: string | null
  uscc: string | null
  status: string
}

/** exact: the whole key; prefix: starts with the query (not exact); substring: contains it elsewhere. */
export type SearchCategory = 'exact' | 'prefix' | 'substring'

/**
 * Search index operations that differ per dialect. `filter` fragments are dialect-neutral SQL over the index row
 * alias `s` (columns of `search_names`); null means no filter. Only organisations (not natural persons) are
 * ranked here; persons are found through their flags (module search).
 */
export interface SearchHelpers {
  /** Adds the rows (one per name); call inside a transaction. */
  insertRows(db: Db, rows: readonly SearchIndexRow[]): Promise<void>
  /** Removes every index row of these entities; call inside a transaction. */
  deleteEntities(db: Db, entityIds: readonly string[]): Promise<void>
  /** Empties the index. */
  clear(db: Db): Promise<void>
  /** Compacts the index (after a rebuild). */
  optimize(db: Db): Promise<void>
  /** SQL: `haystack` contains `needle` (both text). */
  contains(haystack: RawBuilder<unknown>, needle: string): RawBuilder<boolean>
  /** A name search over organisations (not natural persons): its count and reads share work. */
  organisations(db: Db, key: string, filter: RawBuilder<boolean> | null): OrganisationMatches
}

/** The organisations whose current or former name contains a key (searchKey, 2+ characters), after `filter`. */
export interface OrganisationMatches {
  /** How many, each entity once, counted up to `cap`. */
  count(cap: number): Promise<number>
  /** Every matching name row, or null when there are more than `limit`. */
  all(limit: number): Promise<{ entityId: string; key: string; len: number }[] | null>
  /**
   * The first `need` organisations whose best match is of `category`, in rank order: the length of the matching
   * name, then the entity id (binary order). Entities with a name in a better category are left out.
   */
  rank(category: SearchCategory, need: number): Promise<{ entityId: string; len: number }[]>
}

// The registry lives in its own file so that the dialects register their helpers without importing this one back.
export { helpersOf } from './helpers/registry.js'

export interface DbHandle {
  db: Db
  kind: Config['dbKind']
  /** Where the data lives, without credentials (for messages). */
  target: string
  helpers: DialectHelpers
  /** PostgreSQL: the schema this connection works in (search_path); SQLite: undefined. */
  schema?: string | undefined
  close(): Promise<void>
}

export async function openDatabase(config: Pick<Config, 'db' | 'dbKind'>): Promise<DbHandle> {
  if (config.dbKind === 'postgres') {
    const { openPostgres } = await import('./dialects/postgres.js')
    return openPostgres(config.db)
  }
  const { openSqlite } = await import('./dialects/sqlite.js')
  return openSqlite(config.db)
}
