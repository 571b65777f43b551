// The search migration's pg_trgm check, against a scripted PostgreSQL (no server needed).
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../src/core/errors.js'
import { ensurePgTrgm } from '../../src/db/helpers/search/postgres.js'

type Script = (sql: string) => unknown[] | Error

function scripted(script: Script, log: string[]): Kysely<Record<string, never>> {
  const connection: DatabaseConnection = {
    async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
      log.push(q.sql)
      const r = script(q.sql)
      if (r instanceof Error) throw r
      return { rows: r as R[] }
    },
    // biome-ignore lint/correctness/useYield: never streamed
    async *streamQuery() {
      throw new Error('not used')
    },
  }
  const dialect: Dialect = {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => ({
      init: async () => {},
      acquireConnection: async () => connection,
      beginTransaction: async () => {},
      commitTransaction: async () => {},
      rollbackTransaction: async () => {},
      releaseConnection: async () => {},
      destroy: async () => {},
    }),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  }
  return new Kysely({ dialect })
}

async function codeOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, message: e.message }
    throw e
  }
  return { code: 'no error', message: '' }
}

describe('search migration: pg_trgm', () => {
  it('uses an installed pg_trgm where it is', async () => {
    const log: string[] = []
    const db = scripted((q) => (q.includes('from pg_extension') ? [{ s: 'extensions' }] : []), log)
    expect(await ensurePgTrgm(db)).toBe('extensions')
    expect(log.some((q) => q.includes('create extension'))).toBe(false)
  })

  it('installs it into public when the server has it', async () => {
    const log: string[] = []
    let installed = false
    const db = scripted((q) => {
      if (q.includes('from pg_extension')) return installed ? [{ s: 'public' }] : []
      if (q.includes('pg_available_extensions')) return [{ '?column?': 1 }]
      if (q.includes("nspname = 'public'")) return [{ '?column?': 1 }]
      if (q.startsWith('create extension')) installed = true
      return []
    }, log)
    expect(await ensurePgTrgm(db)).toBe('public')
    expect(log).toContain('create extension if not exists pg_trgm with schema "public"')
  })

  it('fails with a coded error telling the operator to install postgresql-contrib', async () => {
    const db = scripted(() => [], [])
    const e = await codeOf(ensurePgTrgm(db))
    expect(e.code).toBe('search.pg_trgm_missing')
    expect(e.message).toContain('postgresql-contrib')
  })

  it('says so when the user may not create the extension', async () => {
    const db = scripted((q) => {
      if (q.includes('pg_available_extensions') || q.includes("nspname = 'public'")) return [{ x: 1 }]
      if (q.startsWith('create extension')) return new Error('permission denied to create extension "pg_trgm"')
      return []
    }, [])
    const e = await codeOf(ensurePgTrgm(db))
    expect(e.code).toBe('search.pg_trgm_denied')
    expect(e.message).toContain('create extension pg_trgm')
  })
})
