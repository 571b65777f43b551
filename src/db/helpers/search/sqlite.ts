// Entity search on SQLite: `search_names` rows plus two contentless FTS5 indexes keyed by the row id,
// `search_tri` (trigram tokenizer over "\x02" key "\x03": substrings of 3+ characters, prefixes, whole keys) and
// `search_bi` (the key's distinct bigrams as 8-character ASCII tokens: 2-character substrings).
// Row ids are group * 2^48 + length * 2^40 + sequence (group 0 organisation current name, 1 organisation former
// name, 2 and 3 the same for natural persons), so a full-text match read in rowid order comes by name length:
// the ranking reads one length bucket at a time and stops as soon as the page is full. Below the count cap the
// counting pass keeps every matching row id, and the ranking reads rows by id instead of searching again. Long
// keys with a rare trigram search by that trigram alone and recheck the key (docs/search.md).
import type BetterSqlite3 from 'better-sqlite3'
import { type RawBuilder, sql } from 'kysely'
import type { Db, SearchCategory, SearchHelpers } from '../../database.js'

const GROUP = 2 ** 48
const LEN = 2 ** 40
const ORGS_END = 2 * GROUP
const MAX_LEN = 255
/** Row ids bound as SQLite integers: FTS5 seeks a rowid range only when its bounds are integers, not REALs. */
const int = (n: number): bigint => BigInt(n)
/**
 * Tuning (tests lower it to exercise every path on small data): a length bucket with fewer full-text hits than
 * `bucketRead` is read whole; a bigger one is scanned in id order on the (length, id) index.
 */
export const sqliteSearchTuning = { bucketRead: 2000 }

/** `len` is the key's length in code points, at most MAX_LEN (longer keys share the last bucket). */
export function searchRowId(person: boolean, former: boolean, len: number, seq: number): number {
  return ((person ? 2 : 0) + (former ? 1 : 0)) * GROUP + len * LEN + seq
}

const codeCache = new Map<number, string>()
/** A code point as 4 base-36 digits (up to U+10FFFF). */
function enc(cp: number): string {
  let s = codeCache.get(cp)
  if (s === undefined) {
    s = cp.toString(36).padStart(4, '0')
    if (codeCache.size < 100_000) codeCache.set(cp, s)
  }
  return s
}

/** The distinct bigrams of a key as ASCII tokens, space separated. */
export function bigramTokens(cps: readonly number[]): string {
  const seen = new Set<string>()
  for (let i = 0; i + 1 < cps.length; i++) seen.add(enc(cps[i] as number) + enc(cps[i + 1] as number))
  return [...seen].join(' ')
}

function codePoints(s: string): number[] {
  const out: number[] = []
  for (const ch of s) out.push(ch.codePointAt(0) as number)
  return out
}

/** An FTS5 phrase: the whole string, literally. */
function phrase(s: string): string {
  return `"${s.replaceAll('"', '""')}"`
}

interface Fts {
  table: 'search_tri' | 'search_bi'
  expr: string
  /** The expression only narrows (one trigram of a longer key): rows must be rechecked on the key. */
  recheck: boolean
}

function ftsFor(
  key: string,
  cps: readonly number[],
  category: SearchCategory | 'any',
  narrow: string | null = null,
): Fts {
  if (category === 'exact') return { table: 'search_tri', expr: phrase(`\u0002${key}\u0003`), recheck: false }
  if (category === 'prefix') return { table: 'search_tri', expr: phrase(`\u0002${key}`), recheck: false }
  if (cps.length === 2)
    return { table: 'search_bi', expr: phrase(enc(cps[0] as number) + enc(cps[1] as number)), recheck: false }
  if (narrow !== null) return { table: 'search_tri', expr: phrase(narrow), recheck: true }
  return { table: 'search_tri', expr: phrase(key), recheck: false }
}

/** Keys at least this long are matched through their rarest trigram when it is rare (see narrowing()). */
const NARROW_FROM = 5
/** A trigram with fewer rows than this counts as rare. */
const RARE = 2000

const TRUE = sql<boolean>`1`

function and(parts: (RawBuilder<boolean> | null)[]): RawBuilder<boolean> {
  const list = parts.filter((p): p is RawBuilder<boolean> => p !== null)
  return list.length ? sql<boolean>`(${sql.join(list, sql` and `)})` : TRUE
}

/** Rows that the full-text match lets through but that belong to a better category. */
function rowPred(key: string, n: number, category: SearchCategory): RawBuilder<boolean> | null {
  if (category === 'prefix') return sql<boolean>`s.name_len > ${n}`
  if (category === 'substring') return sql<boolean>`substr(s.name_key, 1, ${n}) <> ${key}`
  return null
}

/** The category without full-text help (ordered B-tree scans). */
function scanPred(key: string, n: number, category: SearchCategory): RawBuilder<boolean> {
  if (category === 'exact') return sql<boolean>`s.name_key = ${key}`
  if (category === 'prefix') return sql<boolean>`substr(s.name_key, 1, ${n}) = ${key} and s.name_len > ${n}`
  return sql<boolean>`instr(s.name_key, ${key}) > 0 and substr(s.name_key, 1, ${n}) <> ${key}`
}

/** Leaves out entities that have another name in a better category. */
function exclusion(key: string, n: number, category: SearchCategory): RawBuilder<boolean> | null {
  if (category === 'exact') return null
  const better =
    category === 'prefix' ? sql<boolean>`x.name_key = ${key}` : sql<boolean>`substr(x.name_key, 1, ${n}) = ${key}`
  return sql<boolean>`(s.multi = 0 or not exists (select 1 from search_names x where x.entity_id = s.entity_id and ${better}))`
}

function recheck(f: Fts, key: string): RawBuilder<boolean> | null {
  return f.recheck ? sql<boolean>`instr(s.name_key, ${key}) > 0` : null
}

function ftsJoin(f: Fts): RawBuilder<unknown> {
  const t = sql.raw(f.table)
  return sql`${t} cross join search_names s on s.id = ${t}.rowid`
}

async function nextLen(db: Db, f: Fts, where: RawBuilder<boolean>, afterLen: number): Promise<number | null> {
  const t = sql.raw(f.table)
  let best: number | null = null
  for (const group of [0, 1]) {
    const lo = group * GROUP + (afterLen + 1) * LEN
    const hi = (group + 1) * GROUP
    const r = await sql<{ len: number }>`select s.name_len as len from ${ftsJoin(f)}
      where ${t} match ${f.expr} and ${t}.rowid >= ${int(lo)} and ${t}.rowid < ${int(hi)} and ${where}
      order by ${t}.rowid limit 1`.execute(db)
    const len = r.rows[0]?.len
    if (len !== undefined && (best === null || len < best)) best = len
  }
  return best
}

async function bucketByFts(
  db: Db,
  f: Fts,
  where: RawBuilder<boolean>,
  len: number,
  limit: number,
): Promise<string[] | null> {
  const t = sql.raw(f.table)
  const ids: string[] = []
  for (const group of [0, 1]) {
    const lo = group * GROUP + len * LEN
    const r = await sql<{ entityId: string }>`select s.entity_id as "entityId" from ${ftsJoin(f)}
      where ${t} match ${f.expr} and ${t}.rowid >= ${int(lo)} and ${t}.rowid < ${int(lo + LEN)} and ${where}
      limit ${limit}`.execute(db)
    if (r.rows.length >= limit) return null
    for (const row of r.rows) ids.push(row.entityId)
  }
  return [...new Set(ids)].sort()
}

async function bucketByScan(
  db: Db,
  where: RawBuilder<boolean>,
  len: number,
  need: number,
  seen: Set<string>,
): Promise<string[]> {
  const out: string[] = []
  let after = ''
  const page = Math.max(64, need * 2)
  for (;;) {
    const r = await sql<{
      entityId: string
    }>`select s.entity_id as "entityId" from search_names s indexed by search_names_len
      where s.name_len = ${len} and s.id < ${int(ORGS_END)} and s.entity_id > ${after} and ${where}
      order by s.entity_id limit ${page}`.execute(db)
    for (const row of r.rows) {
      if (out.length >= need) return out
      if (!seen.has(row.entityId) && out.at(-1) !== row.entityId) out.push(row.entityId)
    }
    if (r.rows.length < page || out.length >= need) return out
    after = (r.rows.at(-1) as { entityId: string }).entityId
  }
}

export function sqliteSearchHelpers(raw: BetterSqlite3.Database): SearchHelpers {
  // A phrase of many trigrams costs FTS5 a seek in every trigram's doclist per candidate: for long keys with a
  // rare trigram, that trigram alone (then a recheck on the key) reads far less. Which trigram is rarest is
  // remembered per key; a stale choice only costs time, never correctness.
  const narrowCache = new Map<string, string | null>()
  async function narrowing(db: Db, key: string, cps: readonly number[]): Promise<string | null> {
    if (cps.length < NARROW_FROM) return null
    const cached = narrowCache.get(key)
    if (cached !== undefined) return cached
    const trigrams = [...new Set(cps.slice(0, -2).map((_, i) => String.fromCodePoint(...cps.slice(i, i + 3))))]
    const counts = sql.join(
      trigrams.map(
        (t, i) =>
          sql`(select count(*) from (select rowid from search_tri where search_tri match ${phrase(t)} limit ${RARE})) as ${sql.ref(`c${i}`)}`,
      ),
    )
    const row = (await sql<Record<string, number>>`select ${counts}`.execute(db)).rows[0] ?? {}
    let best: string | null = null
    let bestCount = RARE
    trigrams.forEach((t, i) => {
      const c = Number(row[`c${i}`] ?? RARE)
      if (c < bestCount) {
        best = t
        bestCount = c
      }
    })
    if (narrowCache.size >= 2000) narrowCache.delete(narrowCache.keys().next().value as string)
    narrowCache.set(key, best)
    return best
  }

  let statements: ReturnType<typeof prepare> | undefined
  function prepare() {
    return {
      seq: raw.prepare<[number]>('update search_state set next_seq = next_seq + ? where id = 1 returning next_seq'),
      row: raw.prepare(
        'insert into search_names (id, entity_id, name, name_key, name_len, former, multi, kind, district, industry, uscc, status) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      tri: raw.prepare('insert into search_tri (rowid, k) values (?, ?)'),
      bi: raw.prepare('insert into search_bi (rowid, b) values (?, ?)'),
      idsOf: raw.prepare<[string]>('select id from search_names where entity_id = ?').pluck(),
      delTri: raw.prepare('delete from search_tri where rowid = ?'),
      delBi: raw.prepare('delete from search_bi where rowid = ?'),
      delRow: raw.prepare('delete from search_names where id = ?'),
    }
  }
  const stmts = () => {
    statements ??= prepare()
    return statements
  }

  return {
    async insertRows(_db, rows) {
      if (rows.length === 0) return
      const s = stmts()
      const next = Number((s.seq.get(rows.length) as { next_seq: number }).next_seq)
      let seq = next - rows.length
      const prepared = rows.map((r) => {
        const cps = codePoints(r.key)
        const len = Math.min(cps.length, MAX_LEN)
        return { r, cps, len, id: searchRowId(r.person, r.former, len, seq++) }
      })
      // FTS5 keeps a transaction's pending terms in rowid order: ascending ids avoid a flush per out-of-order row
      prepared.sort((a, b) => a.id - b.id)
      for (const { r, cps, len, id } of prepared) {
        s.row.run(
          id,
          r.entityId,
          r.name,
          r.key,
          len,
          r.former ? 1 : 0,
          r.multi ? 1 : 0,
          r.kind,
          r.district,
          r.industry,
          r.uscc,
          r.status,
        )
        s.tri.run(id, `\u0002${r.key}\u0003`)
        if (cps.length >= 2) s.bi.run(id, bigramTokens(cps))
      }
    },

    async deleteEntities(_db, entityIds) {
      const s = stmts()
      for (const entityId of new Set(entityIds)) {
        for (const id of s.idsOf.all(entityId) as number[]) {
          s.delTri.run(id)
          s.delBi.run(id)
          s.delRow.run(id)
        }
      }
    },

    async clear(db) {
      await sql`delete from search_names`.execute(db)
      await sql`insert into search_tri (search_tri) values ('delete-all')`.execute(db)
      await sql`insert into search_bi (search_bi) values ('delete-all')`.execute(db)
      await sql`update search_state set next_seq = 1 where id = 1`.execute(db)
    },

    async optimize(db) {
      await sql`insert into search_tri (search_tri) values ('optimize')`.execute(db)
      await sql`insert into search_bi (search_bi) values ('optimize')`.execute(db)
      await sql`analyze search_names`.execute(db)
    },

    contains(haystack, needle) {
      return sql<boolean>`instr(${haystack}, ${needle}) > 0`
    },

    organisations(db, key, filter) {
      const cps = codePoints(key)
      const n = cps.length
      /** Every matching organisation row id (current names first), once counted below the cap. */
      let known: number[] | null = null
      const any = async () => ftsFor(key, cps, 'any', await narrowing(db, key, cps))

      /** Rows by id (json_each: any number of ids in one parameter). */
      const byIds = (ids: readonly number[]) => sql`s.id in (select value from json_each(${JSON.stringify(ids)}))`

      return {
        async count(cap) {
          const f = await any()
          const t = sql.raw(f.table)
          const where = filter || f.recheck ? and([recheck(f, key), filter]) : null
          // the ids of current names (one per organisation) up to the cap, then of former names; as one string
          // (far cheaper than a row per id)
          const ids = async (lo: number, hi: number): Promise<number[]> => {
            const r = where
              ? await sql<{
                  ids: string | null
                }>`select group_concat(id) as ids from (select ${t}.rowid as id from ${ftsJoin(f)}
                  where ${t} match ${f.expr} and ${t}.rowid >= ${int(lo)} and ${t}.rowid < ${int(hi)} and ${where} limit ${cap})`.execute(
                  db,
                )
              : await sql<{ ids: string | null }>`select group_concat(rowid) as ids from (select rowid from ${t}
                  where ${t} match ${f.expr} and rowid >= ${int(lo)} and rowid < ${int(hi)} limit ${cap})`.execute(db)
            const text = r.rows[0]?.ids
            return text ? text.split(',').map(Number) : []
          }
          const current = await ids(0, GROUP)
          const n0 = current.length
          if (n0 >= cap) return cap
          const formerIds = await ids(GROUP, ORGS_END)
          if (formerIds.length >= cap) return cap
          known = [...current, ...formerIds]
          if (formerIds.length === 0) return n0
          // former names of organisations whose current name does not match
          const former = await sql<{
            n: number
          }>`select count(distinct s.entity_id) as n from search_names s where ${byIds(formerIds)}
            and not exists (select 1 from search_names c where c.entity_id = s.entity_id and c.former = 0 and instr(c.name_key, ${key}) > 0)`.execute(
            db,
          )
          return Math.min(cap, n0 + Number(former.rows[0]?.n ?? 0))
        },

        async all(limit) {
          if (known && known.length > limit) return null
          const f = await any()
          const t = sql.raw(f.table)
          const r = known
            ? await sql<{
                entityId: string
                key: string
                len: number
              }>`select s.entity_id as "entityId", s.name_key as key, s.name_len as len
                from search_names s where ${byIds(known)}`.execute(db)
            : await sql<{
                entityId: string
                key: string
                len: number
              }>`select s.entity_id as "entityId", s.name_key as key, s.name_len as len
                from ${ftsJoin(f)} where ${t} match ${f.expr} and ${t}.rowid < ${int(ORGS_END)} and ${and([recheck(f, key), filter])}
                limit ${limit + 1}`.execute(db)
          return r.rows.length > limit ? null : r.rows
        },

        async rank(category, need) {
          const excl = exclusion(key, n, category)
          const out: { entityId: string; len: number }[] = []
          const seen = new Set<string>()
          const add = (ids: readonly string[], len: number) => {
            for (const entityId of ids) {
              if (out.length >= need) return
              if (seen.has(entityId)) continue
              seen.add(entityId)
              out.push({ entityId, len })
            }
          }
          if (known && category === 'substring') {
            // every matching row id is known (and filtered): by length bucket, no further full-text work
            const buckets = new Map<number, number[]>()
            for (const id of known) {
              const len = Math.floor((id % GROUP) / LEN)
              const list = buckets.get(len)
              if (list) list.push(id)
              else buckets.set(len, [id])
            }
            for (const len of [...buckets.keys()].sort((a, b) => a - b)) {
              if (out.length >= need) break
              const r = await sql<{ entityId: string }>`select distinct s.entity_id as "entityId" from search_names s
                where ${byIds(buckets.get(len) as number[])} and ${and([rowPred(key, n, category), excl])}`.execute(db)
              add(r.rows.map((x) => x.entityId).sort(), len)
            }
            return out
          }
          const f = ftsFor(key, cps, category, category === 'substring' ? await narrowing(db, key, cps) : null)
          const ftsWhere = and([recheck(f, key), rowPred(key, n, category), excl, filter])
          const scanWhere = and([scanPred(key, n, category), excl, filter])
          let len = await nextLen(db, f, ftsWhere, n - 1)
          while (len !== null && out.length < need) {
            const whole = await bucketByFts(
              db,
              f,
              ftsWhere,
              len,
              Math.max(sqliteSearchTuning.bucketRead, 2 * (need - out.length)),
            )
            add(whole ?? (await bucketByScan(db, scanWhere, len, need - out.length, seen)), len)
            if (len >= MAX_LEN) break
            len = await nextLen(db, f, ftsWhere, len)
          }
          return out
        },
      }
    },
  }
}
