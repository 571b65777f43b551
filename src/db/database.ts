import type { Insertable, Kysely } from 'kysely'
import type { Config } from '../core/config.js'
import type { AccessTables } from '../modules/access/access.tables.js'
import type { AuditTables } from '../modules/audit/audit.tables.js'
import type { CalendarTables } from '../modules/calendar/calendar.tables.js'
import type { CatalogTables } from '../modules/catalog/catalog.tables.js'
import type { EntityTables } from '../modules/entities/entities.tables.js'
import type { RecordTables } from '../modules/records/records.tables.js'

/** The whole schema: the union of every module's tables. */
export interface Database extends AccessTables, AuditTables, CalendarTables, CatalogTables, EntityTables, RecordTables {}

/** A database or a transaction: repositories take this first. */
export type Db = Kysely<Database>

export type TableName = keyof Database & string

/** Behaviour that differs per dialect, chosen once in db/; modules never ask which database they are on. */
export interface DialectHelpers {
  /** Fast insert of many rows. Call it inside a transaction. */
  bulkInsert<T extends TableName>(db: Db, table: T, rows: Insertable<Database[T]>[]): Promise<void>
}

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
