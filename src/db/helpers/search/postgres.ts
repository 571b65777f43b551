// Entity search on PostgreSQL: `search_names` rows with a pg_trgm GIN index on the key (substrings of 3+
// characters), a GIN index on the key's bigram codes (2-character substrings), a pattern-ops B-tree on the key
// (whole keys and prefixes) and a B-tree on (name length, entity id collate "C") for ordered scans.
// Each category is first probed through the GIN/pattern indexes: a small match set is read whole and ranked here;
// a big one is read in rank order from the (length, id) B-tree, which stops as soon as the page is full.
import { type Kysely, type RawBuilder, sql } from 'kysely'
import { defineErrors } from '../../../core/errors.js'
import type { SearchCategory, SearchHelpers, SearchIndexRow } from '../../database.js'

export const searchDbError = defineErrors({
  'search.pg_trgm_missing': {
    status: 500,
    message: (d) =>
      `PostgreSQL 缺少 pg_trgm 扩展，无法建立主体搜索索引：请在数据库服务器上安装 postgresql-contrib（Debian/Ubuntu：apt-get install postgresql-contrib；PostgreSQL 15 的 Debian 包已自带），然后重新执行 gongxin migrate。${d.reason ? `（${String(d.reason)}）` : ''}`,
  },
  'search.pg_trgm_denied': {
    status: 500,
    message: (d) =>
      `当前数据库用户无权创建 pg_trgm 扩展：请由数据库管理员在该数据库中执行 create extension pg_trgm; 后重新执行 gongxin migrate。${d.reason ? `（${String(d.reason)}）` : ''}`,
  },
})

const GROUP = 2 ** 48
const LEN = 2 ** 40
const ORGS_END = 2 * GROUP
const MAX_LEN = 255
/** A category with fewer matching rows than this is read whole and ranked in memory. */
const PROBE = 1000
const INSERT_CHUNK = 4000

/**
 * Makes sure pg_trgm is installed (in `public` when that schema exists, so that per-test schemas can come and go)
 * and returns the schema that holds its operator classes. Throws search.pg_trgm_missing / search.pg_trgm_denied.
 */
// biome-ignore lint/suspicious/noExplicitAny: called from a migration, which is typed loosely on purpose
export async function ensurePgTrgm(db: Kysely<any>): Promise<string> {
  const installed = async () =>
    (
      await sql<{
        s: string
      }>`select n.nspname as s from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(
        db,
      )
    ).rows[0]?.s
  const have = await installed()
  if (have) return have
  const available = await sql`select 1 from pg_available_extensions where name = 'pg_trgm'`.execute(db)
  if (available.rows.length === 0) throw searchDbError('search.pg_trgm_missing')
  const pub = await sql`select 1 from pg_namespace where nspname = 'public'`.execute(db)
  const target = pub.rows.length
    ? 'public'
    : ((await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s ?? 'public')
  // a savepoint: another connection may install it at the same moment (tests migrate schemas in parallel)
  await sql`savepoint gongxin_pg_trgm`.execute(db)
  try {
    await sql`create extension if not exists pg_trgm with schema ${sql.id(target)}`.execute(db)
    await sql`release savepoint gongxin_pg_trgm`.execute(db)
  } catch (e) {
    await sql`rollback to savepoint gongxin_pg_trgm`.execute(db)
    const now = await installed()
    if (now) return now
    const reason = (e as Error).message
    if (/permission|must be|privilege/i.test(reason))
      throw searchDbError('search.pg_trgm_denied', { reason }, { cause: e })
    throw searchDbError('search.pg_trgm_missing', { reason }, { cause: e })
  }
  return (await installed()) ?? target
}

function codePoints(s: string): number[] {
  const out: number[] = []
  for (const ch of s) out.push(ch.codePointAt(0) as number)
  return out
}

/** A bigram as a 32-bit code (lossy for characters beyond U+FFFF: matches are always rechecked on the key). */
function bigramCode(a: number, b: number): number {
  return ((a & 0xffff) << 16) | (b & 0xffff) | 0
}

export function bigramCodes(cps: readonly number[]): number[] {
  const seen = new Set<number>()
  for (let i = 0; i + 1 < cps.length; i++) seen.add(bigramCode(cps[i] as number, cps[i + 1] as number))
  return [...seen]
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`)
}

const TRUE = sql<boolean>`true`

function and(parts: (RawBuilder<boolean> | null)[]): RawBuilder<boolean> {
  const list = parts.filter((p): p is RawBuilder<boolean> => p !== null)
  return list.length ? sql<boolean>`(${sql.join(list, sql` and `)})` : TRUE
}

/** Any name containing the key, through an index (GIN for substrings, recheck on the key). */
function indexedContains(key: string, cps: readonly number[]): RawBuilder<boolean> {
  if (cps.length === 2) {
    const code = bigramCode(cps[0] as number, cps[1] as number)
    return sql<boolean>`s.bigrams @> array[${code}]::integer[] and strpos(s.name_key, ${key}) > 0`
  }
  return sql<boolean>`s.name_key like ${`%${likeEscape(key)}%`}`
}

/** The category through an index (for probing and reading small sets). */
function indexedPred(key: string, cps: readonly number[], category: SearchCategory): RawBuilder<boolean> {
  const n = cps.length
  if (category === 'exact') return sql<boolean>`s.name_key = ${key}`
  if (category === 'prefix') return sql<boolean>`s.name_key like ${`${likeEscape(key)}%`} and s.name_len > ${n}`
  return sql<boolean>`${indexedContains(key, cps)} and left(s.name_key, ${n}) <> ${key}`
}

/** The category in a form no text index serves, so that the planner walks the (length, id) B-tree in order. */
function scanPred(key: string, n: number, category: SearchCategory): RawBuilder<boolean> {
  if (category === 'exact') return sql<boolean>`s.name_key = ${key}`
  if (category === 'prefix') return sql<boolean>`left(s.name_key, ${n}) = ${key} and s.name_len > ${n}`
  return sql<boolean>`strpos(s.name_key, ${key}) > 0 and left(s.name_key, ${n}) <> ${key}`
}

function exclusion(key: string, n: number, category: SearchCategory): RawBuilder<boolean> | null {
  if (category === 'exact') return null
  const better =
    category === 'prefix' ? sql<boolean>`x.name_key = ${key}` : sql<boolean>`left(x.name_key, ${n}) = ${key}`
  return sql<boolean>`(s.multi = 0 or not exists (select 1 from search_names x where x.entity_id = s.entity_id and ${better}))`
}

function byRank(a: { entityId: string; len: number }, b: { entityId: string; len: number }): number {
  return a.len - b.len || (a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 : 0)
}

export const postgresSearchHelpers: SearchHelpers = {
  async insertRows(db, rows) {
    if (rows.length === 0) return
    const r = await sql<{
      next_seq: number
    }>`update search_state set next_seq = next_seq + ${rows.length} where id = 1 returning next_seq`.execute(db)
    let seq = Number(r.rows[0]?.next_seq) - rows.length
    const values = rows.map((row: SearchIndexRow) => {
      const cps = codePoints(row.key)
      const len = Math.min(cps.length, MAX_LEN)
      const group = (row.person ? 2 : 0) + (row.former ? 1 : 0)
      return sql`(${group * GROUP + len * LEN + seq++}, ${row.entityId}, ${row.name}, ${row.key}, ${len}, ${row.former ? 1 : 0}, ${row.multi ? 1 : 0}, ${row.kind}, ${row.district}, ${row.industry}, ${row.uscc}, ${row.status}, ${bigramCodes(cps)}::integer[])`
    })
    for (let i = 0; i < values.length; i += INSERT_CHUNK) {
      await sql`insert into search_names (id, entity_id, name, name_key, name_len, former, multi, kind, district, industry, uscc, status, bigrams)
        values ${sql.join(values.slice(i, i + INSERT_CHUNK))}`.execute(db)
    }
  },

  async deleteEntities(db, entityIds) {
    const ids = [...new Set(entityIds)]
    for (let i = 0; i < ids.length; i += 1000) {
      await sql`delete from search_names where entity_id = any(${ids.slice(i, i + 1000)}::text[])`.execute(db)
    }
  },

  async clear(db) {
    await sql`delete from search_names`.execute(db)
    await sql`update search_state set next_seq = 1 where id = 1`.execute(db)
  },

  async optimize(db) {
    await sql`analyze search_names`.execute(db)
  },

  contains(haystack, needle) {
    return sql<boolean>`strpos(${haystack}, ${needle}) > 0`
  },

  async countOrganisations(db, key, filter, cap) {
    const cps = codePoints(key)
    const where = and([indexedContains(key, cps), filter])
    // current names: one row per organisation
    const current = await sql<{ n: number }>`select count(*) as n from (select 1 from search_names s
      where s.id < ${GROUP} and ${where} limit ${cap}) x`.execute(db)
    const n0 = Number(current.rows[0]?.n ?? 0)
    if (n0 >= cap) return cap
    const former = await sql<{ n: number }>`select count(distinct s.entity_id) as n from search_names s
      where s.id >= ${GROUP} and s.id < ${ORGS_END} and ${where}
        and not exists (select 1 from search_names c where c.entity_id = s.entity_id and c.former = 0 and strpos(c.name_key, ${key}) > 0)`.execute(
      db,
    )
    return Math.min(cap, n0 + Number(former.rows[0]?.n ?? 0))
  },

  async organisationMatches(db, key, filter, limit) {
    const r = await sql<{
      entityId: string
      key: string
      len: number
    }>`select s.entity_id as "entityId", s.name_key as key, s.name_len as len
      from search_names s where s.id < ${ORGS_END} and ${and([indexedContains(key, codePoints(key)), filter])} limit ${limit + 1}`.execute(
      db,
    )
    return r.rows.length > limit ? null : r.rows
  },

  async rankOrganisations(db, key, category, filter, need) {
    const cps = codePoints(key)
    const n = cps.length
    const excl = exclusion(key, n, category)
    const probe = Math.max(PROBE, 4 * need)
    const small = await sql<{
      entityId: string
      len: number
    }>`select s.entity_id as "entityId", s.name_len as len from search_names s
      where s.id < ${ORGS_END} and ${and([indexedPred(key, cps, category), excl, filter])} limit ${probe}`.execute(db)
    if (small.rows.length < probe) {
      const best = new Map<string, number>()
      for (const r of small.rows) {
        const cur = best.get(r.entityId)
        if (cur === undefined || r.len < cur) best.set(r.entityId, r.len)
      }
      return [...best]
        .map(([entityId, len]) => ({ entityId, len }))
        .sort(byRank)
        .slice(0, need)
    }
    const out: { entityId: string; len: number }[] = []
    const seen = new Set<string>()
    let after: { len: number; entityId: string } | null = null
    const page = Math.max(64, 2 * need)
    const where = and([scanPred(key, n, category), excl, filter])
    for (;;) {
      const cursor: RawBuilder<boolean> = after
        ? sql<boolean>`(s.name_len, s.entity_id collate "C") > (${after.len}, ${after.entityId} collate "C")`
        : TRUE
      const r = await sql<{
        entityId: string
        len: number
      }>`select s.entity_id as "entityId", s.name_len as len from search_names s
        where s.id < ${ORGS_END} and ${cursor} and ${where}
        order by s.name_len, s.entity_id collate "C" limit ${page}`.execute(db)
      for (const row of r.rows) {
        if (seen.has(row.entityId)) continue
        seen.add(row.entityId)
        out.push(row)
        if (out.length >= need) return out
      }
      if (r.rows.length < page) return out
      const last = r.rows.at(-1) as { entityId: string; len: number }
      after = { len: last.len, entityId: last.entityId }
    }
  },
}
