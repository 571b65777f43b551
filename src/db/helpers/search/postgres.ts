// Entity search on PostgreSQL: `search_names` rows with a pg_trgm GIN index on the key (substrings of 3+
// characters), a GIN index on `bigrams` (the key's bigram codes, plain and tagged with the name's length), a
// pattern-ops B-tree on the key (whole keys and prefixes) and a covering B-tree on (name length, entity id collate
// "C"). Ranked reads go by name length, shortest first, a window of lengths per probe (the tagged codes find the
// candidates of those lengths without touching the others): a window with few hits is read whole and sorted here;
// a length with many is walked on the (length, id) B-tree in order until the page is full. Counting goes window by
// window too and stops at the cap. Every read runs with JIT off: the planner's cost estimates for LIMIT queries
// over GIN bitmaps would often trigger a JIT compilation (~100 ms) for a query that takes a millisecond.
import { type Kysely, type RawBuilder, sql } from 'kysely'
import { defineErrors } from '../../../core/errors.js'
import type { Db, SearchCategory, SearchHelpers, SearchIndexRow } from '../../database.js'

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
const MAX_LEN = 255
/**
 * Tuning (tests lower the thresholds to exercise every path on small data): lengths with fewer hits than
 * `windowRead` (together) are read whole and sorted in memory; one probe covers `window` name lengths.
 */
export const postgresSearchTuning = { windowRead: 1000, window: 8 }
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

/** A bigram as a 32-bit code (lossy beyond U+FFFF: every match is rechecked on the key). */
function bigramCode(a: number, b: number): number {
  return ((a & 0xffff) << 16) | (b & 0xffff) | 0
}

/** Names longer than this share one length tag. */
const TAG_MAX = 64
const tagOf = (len: number): number => Math.min(len, TAG_MAX)

/** The code of a bigram in names of one length (murmur3 finalizer: spread over 32 bits). */
function taggedCode(code: number, tag: number): number {
  let h = (code ^ Math.imul(tag, 0x9e3779b1)) | 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h | 0
}

/** The index codes of a key: each distinct bigram, plain and tagged with the key's length. */
export function bigramCodes(cps: readonly number[], len = cps.length): number[] {
  const tag = tagOf(Math.min(len, MAX_LEN))
  const seen = new Set<number>()
  for (let i = 0; i + 1 < cps.length; i++) {
    const c = bigramCode(cps[i] as number, cps[i + 1] as number)
    seen.add(c)
    seen.add(taggedCode(c, tag))
  }
  return [...seen]
}

/** Up to 4 distinct bigram codes of the query (first, last and evenly between): selective enough. */
function queryBigrams(cps: readonly number[]): number[] {
  const all: number[] = []
  for (let i = 0; i + 1 < cps.length; i++) all.push(bigramCode(cps[i] as number, cps[i + 1] as number))
  const pick = new Set<number>()
  const k = Math.min(4, all.length)
  for (let j = 0; j < k; j++) pick.add(all[Math.round((j * (all.length - 1)) / Math.max(1, k - 1))] as number)
  return [...pick]
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`)
}

const TRUE = sql<boolean>`true`
const ORGS = sql<boolean>`s.kind <> 'natural_person'`

function intArray(codes: readonly number[]): RawBuilder<unknown> {
  return sql`array[${sql.join(codes.map((c) => sql.lit(c)))}]::integer[]`
}

/** Any name containing the key, through an index (GIN), rechecked on the key. */
function indexedContains(key: string, cps: readonly number[]): RawBuilder<boolean> {
  if (cps.length === 2)
    return sql<boolean>`s.bigrams @> ${intArray([bigramCode(cps[0] as number, cps[1] as number)])} and strpos(s.name_key, ${key}) > 0`
  return sql<boolean>`s.name_key like ${`%${likeEscape(key)}%`}`
}

/** The category's own condition (no index needed). */
function categoryPred(key: string, n: number, category: SearchCategory): RawBuilder<boolean> {
  if (category === 'exact') return sql<boolean>`s.name_key = ${key}`
  if (category === 'prefix') return sql<boolean>`left(s.name_key, ${n}) = ${key} and s.name_len > ${n}`
  return sql<boolean>`strpos(s.name_key, ${key}) > 0 and left(s.name_key, ${n}) <> ${key}`
}

/** Candidates with a name length in [lo, hi], through the length-tagged bigram codes (a BitmapOr of GIN scans). */
function lengthCandidates(cps: readonly number[], lo: number, hi: number): RawBuilder<boolean> {
  const bigrams = queryBigrams(cps)
  const tags: number[] = []
  for (let t = tagOf(lo); t <= tagOf(hi); t++) tags.push(t)
  const ors = tags.map((t) => sql<boolean>`s.bigrams @> ${intArray(bigrams.map((c) => taggedCode(c, t)))}`)
  return sql<boolean>`(${sql.join(ors, sql` or `)}) and s.name_len between ${lo} and ${hi}`
}

function byRank(a: { entityId: string; len: number }, b: { entityId: string; len: number }): number {
  return a.len - b.len || (a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 : 0)
}

/** Runs `fn` with JIT off (in the caller's transaction, or in a short read transaction of its own). */
async function jitOff<T>(db: Db, fn: (db: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) {
    await sql`set local jit = off`.execute(db)
    return fn(db)
  }
  return db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx)
    return fn(trx)
  })
}

interface Candidate {
  entityId: string
  len: number
  multi: number
}

/** Entities (with more than one name) that have a name in a better category than `category`. */
async function betterElsewhere(
  db: Db,
  rows: readonly Candidate[],
  key: string,
  category: SearchCategory,
): Promise<Set<string>> {
  const ids = [...new Set(rows.filter((r) => Number(r.multi) === 1).map((r) => r.entityId))]
  const out = new Set<string>()
  if (category === 'exact' || ids.length === 0) return out
  const r = await sql<{
    entityId: string
    key: string
  }>`select entity_id as "entityId", name_key as key from search_names where entity_id = any(${ids}::text[])`.execute(
    db,
  )
  for (const x of r.rows) if (category === 'prefix' ? x.key === key : x.key.startsWith(key)) out.add(x.entityId)
  return out
}

interface RankState {
  key: string
  cps: readonly number[]
  category: SearchCategory
  filter: RawBuilder<boolean> | null
  need: number
  seen: Set<string>
  out: { entityId: string; len: number }[]
}

/** Adds candidates in rank order (skipping entities already placed or better placed elsewhere). */
async function take(db: Db, st: RankState, rows: Candidate[]): Promise<void> {
  const drop = await betterElsewhere(db, rows, st.key, st.category)
  for (const r of rows) {
    if (st.out.length >= st.need) return
    if (st.seen.has(r.entityId) || drop.has(r.entityId)) continue
    st.seen.add(r.entityId)
    st.out.push({ entityId: r.entityId, len: r.len })
  }
}

/** Best row per entity, in rank order. */
function bestPerEntity(rows: readonly Candidate[]): Candidate[] {
  const best = new Map<string, Candidate>()
  for (const r of rows) {
    const cur = best.get(r.entityId)
    if (!cur || r.len < cur.len) best.set(r.entityId, r)
  }
  return [...best.values()].sort(byRank)
}

/** Reads the names of lengths [lo, hi] whole when they have few hits; returns false when they have many. */
async function readWhole(db: Db, st: RankState, lo: number, hi: number): Promise<boolean> {
  const read = Math.max(postgresSearchTuning.windowRead, 2 * (st.need - st.out.length))
  const r = await sql<Candidate>`select s.entity_id as "entityId", s.name_len as len, s.multi from search_names s
    where ${ORGS} and ${lengthCandidates(st.cps, lo, hi)} and ${categoryPred(st.key, st.cps.length, st.category)} and ${st.filter ?? TRUE}
    limit ${read}`.execute(db)
  if (r.rows.length >= read) return false
  await take(db, st, bestPerEntity(r.rows))
  return true
}

/** Names of one length in id order from the (length, id) B-tree, until the page is full. */
async function walkLength(db: Db, st: RankState, len: number): Promise<void> {
  const pred = categoryPred(st.key, st.cps.length, st.category)
  const page = Math.max(64, 2 * (st.need - st.out.length))
  let after = ''
  for (;;) {
    const r = await sql<Candidate>`select s.entity_id as "entityId", s.name_len as len, s.multi from search_names s
      where s.name_len = ${len} and s.entity_id collate "C" > ${after} collate "C" and ${ORGS} and ${pred} and ${st.filter ?? TRUE}
      order by s.entity_id collate "C" limit ${page}`.execute(db)
    await take(db, st, r.rows)
    if (st.out.length >= st.need || r.rows.length < page) return
    after = (r.rows.at(-1) as Candidate).entityId
  }
}

async function maxLength(db: Db): Promise<number> {
  const r = await sql<{ m: number | null }>`select max(name_len) as m from search_names`.execute(db)
  return Number(r.rows[0]?.m ?? 0)
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
      return sql`(${group * GROUP + len * LEN + seq++}, ${row.entityId}, ${row.name}, ${row.key}, ${len}, ${row.former ? 1 : 0}, ${row.multi ? 1 : 0}, ${row.kind}, ${row.district}, ${row.industry}, ${row.uscc}, ${row.status}, ${bigramCodes(cps, len)}::integer[])`
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
    // VACUUM sets the visibility map, so that ordered walks on the (length, id) index can skip the table
    if (db.isTransaction) await sql`analyze search_names`.execute(db)
    else await sql`vacuum (analyze) search_names`.execute(db)
  },

  contains(haystack, needle) {
    return sql<boolean>`strpos(${haystack}, ${needle}) > 0`
  },

  organisations(db, key, filter) {
    return {
      count: (cap) => orgQueries.countOrganisations(db, key, filter, cap),
      all: (limit) => orgQueries.organisationMatches(db, key, filter, limit),
      rank: (category, need) => orgQueries.rankOrganisations(db, key, category, filter, need),
    }
  },
}

const orgQueries = {
  async countOrganisations(db: Db, key: string, filter: RawBuilder<boolean> | null, cap: number): Promise<number> {
    const cps = codePoints(key)
    const n = cps.length
    return jitOff(db, async (db) => {
      // current names (one row per organisation), shortest names first: stops at the cap
      const top = await maxLength(db)
      let n0 = 0
      for (let lo = n; lo <= top && n0 < cap; lo += postgresSearchTuning.window) {
        const r = await sql<{ c: number }>`select count(*) as c from (select 1 from search_names s
          where s.former = 0 and ${ORGS} and ${lengthCandidates(cps, lo, Math.min(top, lo + postgresSearchTuning.window - 1))} and strpos(s.name_key, ${key}) > 0
            and ${filter ?? TRUE} limit ${cap - n0}) x`.execute(db)
        n0 += Number(r.rows[0]?.c ?? 0)
      }
      if (n0 >= cap) return cap
      // former names of organisations whose current name does not match
      const former = await sql<{ entityId: string }>`select distinct s.entity_id as "entityId" from search_names s
        where s.former = 1 and ${ORGS} and ${indexedContains(key, cps)} and ${filter ?? TRUE}`.execute(db)
      const ids = former.rows.map((r) => r.entityId)
      if (ids.length === 0) return n0
      const current = await sql<{
        c: number
      }>`select count(*) as c from search_names where former = 0 and entity_id = any(${ids}::text[]) and strpos(name_key, ${key}) > 0`.execute(
        db,
      )
      return Math.min(cap, n0 + ids.length - Number(current.rows[0]?.c ?? 0))
    })
  },

  async organisationMatches(db: Db, key: string, filter: RawBuilder<boolean> | null, limit: number) {
    return jitOff(db, async (db) => {
      const r = await sql<{
        entityId: string
        key: string
        len: number
      }>`select s.entity_id as "entityId", s.name_key as key, s.name_len as len
        from search_names s where ${ORGS} and ${indexedContains(key, codePoints(key))} and ${filter ?? TRUE} limit ${limit + 1}`.execute(
        db,
      )
      return r.rows.length > limit ? null : r.rows
    })
  },

  async rankOrganisations(
    db: Db,
    key: string,
    category: SearchCategory,
    filter: RawBuilder<boolean> | null,
    need: number,
  ) {
    const cps = codePoints(key)
    const n = cps.length
    return jitOff(db, async (db) => {
      const st: RankState = { key, cps, category, filter, need, seen: new Set(), out: [] }
      if (category === 'exact') {
        const r = await sql<Candidate>`select s.entity_id as "entityId", s.name_len as len, s.multi from search_names s
          where s.name_key = ${key} and ${ORGS} and ${filter ?? TRUE} order by s.entity_id collate "C" limit ${need * 2 + 10}`.execute(
          db,
        )
        await take(db, st, bestPerEntity(r.rows))
        return st.out
      }
      if (category === 'prefix') {
        // few names start with the key: all of them from the pattern B-tree
        const read = Math.max(postgresSearchTuning.windowRead, 2 * need)
        const r = await sql<Candidate>`select s.entity_id as "entityId", s.name_len as len, s.multi from search_names s
          where s.name_key like ${`${likeEscape(key)}%`} and s.name_len > ${n} and ${ORGS} and ${filter ?? TRUE} limit ${read}`.execute(
          db,
        )
        if (r.rows.length < read) {
          await take(db, st, bestPerEntity(r.rows))
          return st.out
        }
      }
      // shortest names first: a window of lengths at a time; a window with many hits one length at a time
      const top = await maxLength(db)
      for (
        let lo = category === 'prefix' ? n + 1 : n;
        lo <= top && st.out.length < need;
        lo += postgresSearchTuning.window
      ) {
        const hi = Math.min(top, lo + postgresSearchTuning.window - 1)
        if (await readWhole(db, st, lo, hi)) continue
        for (let len = lo; len <= hi && st.out.length < need; len++) {
          if (!(await readWhole(db, st, len, len))) await walkLength(db, st, len)
        }
      }
      return st.out
    })
  },
}
