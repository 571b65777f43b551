// SQL over the shared columns of the versions tables (key, version, definition, hash, source, created_at,
// created_by, reason, is_current). Each kind names its own table and key column; this is the only SQL of the
// versioned-policy shell.
import type { Kysely } from 'kysely'
import type { Db } from '../../db/database.js'
import type { PolicyTable, PolicyVersionColumns } from './policies.kind.js'

/** One stored version (the key column is `code` or `year`; a single policy has none). */
export interface PolicyRow extends PolicyVersionColumns {
  key: string | number | null
}
export type PolicyMetaRow = Omit<PolicyRow, 'definition'>

export interface NewPolicyRow extends Omit<PolicyRow, 'key'> {}

// The shared columns seen as one table type: every versions table has them, under its own name.
type Shared = Omit<PolicyRow, 'key'> & { code: string; year: number }
type AnyDb = Kysely<Record<string, Shared>>

const COLUMNS = ['version', 'hash', 'source', 'created_at', 'created_by', 'reason', 'is_current'] as const

/** Counts this process's writes by table: a cache of a table's current versions is stale once it changes. */
const writes = new Map<string, number>()
export const policyWriteCount = (table: PolicyTable): number => writes.get(table) ?? 0

export function policyRepository(table: PolicyTable, keyColumn: 'code' | 'year' | null) {
  const db = (d: Db) => d as unknown as AnyDb
  const col = (keyColumn ?? 'version') as 'code'
  const meta = (d: Db) => {
    const q = db(d).selectFrom(table)
    return keyColumn ? q.select([...COLUMNS, `${keyColumn} as key` as 'code as key']) : q.select(COLUMNS)
  }
  const keyed = <Q extends { where: (...a: never[]) => Q }>(q: Q, key: string | number | null): Q =>
    keyColumn ? (q as unknown as { where(c: string, o: string, v: unknown): Q }).where(col, '=', key) : q
  const withKey = <R extends object>(r: R): R & { key: string | number | null } =>
    ({ key: null, ...r }) as R & { key: string | number | null }
  const order = keyColumn ? ([col, 'version'] as const) : (['version'] as const)

  return {
    /** The current version's bookkeeping, or one version's. */
    async meta(d: Db, key: string | number | null, version?: number): Promise<PolicyMetaRow | undefined> {
      let q = keyed(meta(d), key)
      q = version === undefined ? q.where('is_current', '=', 1) : q.where('version', '=', version)
      const r = await q.executeTakeFirst()
      return r ? withKey(r as unknown as PolicyMetaRow) : undefined
    },
    async definition(d: Db, key: string | number | null, version: number): Promise<string | undefined> {
      const r = await keyed(db(d).selectFrom(table).select('definition'), key)
        .where('version', '=', version)
        .executeTakeFirst()
      return r?.definition
    },
    /** Every version of one policy, oldest first, without definitions. */
    async versions(d: Db, key: string | number | null): Promise<PolicyMetaRow[]> {
      const rows = await keyed(meta(d), key).orderBy('version').execute()
      return rows.map((r) => withKey(r as unknown as PolicyMetaRow))
    },
    /** Every version of one policy, oldest first, with definitions. */
    async versionRows(d: Db, key: string | number | null): Promise<PolicyRow[]> {
      const rows = await keyed(db(d).selectFrom(table).selectAll(), key).orderBy('version').execute()
      return rows.map((r) => withKey({ ...r, key: keyColumn ? r[col] : null }) as PolicyRow)
    },
    /** Every version of every policy of the table, without definitions (small: used to load defaults). */
    async allMeta(d: Db): Promise<PolicyMetaRow[]> {
      let q = meta(d)
      for (const c of order) q = q.orderBy(c)
      return (await q.execute()).map((r) => withKey(r as unknown as PolicyMetaRow))
    },
    /** (key, version, hash) of every current version: the fingerprint of the current set. */
    async currentKeys(d: Db): Promise<{ key: string | number | null; version: number; hash: string }[]> {
      let q = db(d)
        .selectFrom(table)
        .select(keyColumn ? ['version', 'hash', `${keyColumn} as key` as 'code as key'] : ['version', 'hash'])
        .where('is_current', '=', 1)
      for (const c of order) q = q.orderBy(c)
      return (await q.execute()).map((r) => withKey(r as { version: number; hash: string }))
    },
    /** The current version of every policy of the table, with definitions, by key. */
    async currentRows(d: Db): Promise<PolicyRow[]> {
      let q = db(d).selectFrom(table).selectAll().where('is_current', '=', 1)
      for (const c of order) q = q.orderBy(c)
      return (await q.execute()).map((r) => withKey({ ...r, key: keyColumn ? r[col] : null }) as PolicyRow)
    },
    async clearCurrent(d: Db, key: string | number | null): Promise<void> {
      writes.set(table, policyWriteCount(table) + 1)
      await keyed(db(d).updateTable(table).set({ is_current: 0 }), key)
        .where('is_current', '=', 1)
        .execute()
    },
    async insert(d: Db, key: string | number | null, row: NewPolicyRow): Promise<void> {
      writes.set(table, policyWriteCount(table) + 1)
      await db(d)
        .insertInto(table)
        .values((keyColumn ? { [keyColumn]: key, ...row } : row) as Shared)
        .execute()
    },
  }
}

export type PolicyRepository = ReturnType<typeof policyRepository>
