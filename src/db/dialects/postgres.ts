import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database, DbHandle } from '../database.js'
import { dbError } from '../errors/index.js'
import { translatePostgresError } from '../errors/postgres.js'
import { postgresBulkInsert } from '../helpers/bulk/postgres.js'
import { postgresEntityChanges } from '../helpers/changes/postgres.js'
import { postgresSearchIndexDown, postgresSearchIndexUp } from '../helpers/search-schema/postgres.js'
import { postgresTableExists } from '../helpers/schema/postgres.js'
import { postgresSearchHelpers } from '../helpers/search/postgres.js'
import { postgresRefreshStatistics } from '../helpers/statistics/postgres.js'
import { registerHelpers } from '../helpers/registry.js'
import { translatingDialect } from '../translating-dialect.js'

// bigint (int8) and count() come back as numbers: our counters stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v))

export async function openPostgres(url: string): Promise<DbHandle> {
  const u = new URL(url)
  const target = `${u.hostname}:${u.port || '5432'}${u.pathname}`
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 })
  pool.on('error', () => {
    /* idle client errors surface on the next query */
  })
  let schema: string
  try {
    const c = await pool.connect()
    try {
      schema = (await c.query<{ s: string }>('select current_schema() as s')).rows[0]?.s ?? 'public'
    } finally {
      c.release()
    }
  } catch (e) {
    await pool.end().catch(() => {})
    throw dbError('db.unreachable', { target, reason: (e as Error).message }, { cause: e })
  }
  const db = new Kysely<Database>({
    dialect: translatingDialect(new PostgresDialect({ pool }), translatePostgresError),
  })
  return {
    db,
    kind: 'postgres',
    target,
    helpers: registerHelpers(db, {
      bulkInsert: postgresBulkInsert,
      search: postgresSearchHelpers,
      refreshStatistics: postgresRefreshStatistics,
      entityChanges: postgresEntityChanges,
      tableExists: postgresTableExists,
      schema: { searchIndexUp: postgresSearchIndexUp, searchIndexDown: postgresSearchIndexDown, bytesType: 'bytea' },
    }),
    schema,
    close: () => db.destroy(),
  }
}
