// Entity search: exact code lookup, or name search over every current and former name with a total order
// (exact > prefix > substring, then the shorter matching name, then the entity id), so that both databases
// return the same pages. Natural persons only through flags, by name, never by ID number.
import { sql } from 'kysely'
import { type Db, helpersOf, type SearchCategory } from '../../db/database.js'
import { ENTITY_KINDS, type EntityKind, type EntityStatus, INDUSTRY_SECTIONS } from '../../identifiers/index.js'
import { codeOwner } from '../../read-models/entity-codes/index.js'
import { searchError } from './search.errors.js'
import { parseCodeQuery, searchKey } from './search.key.js'
import {
  activeFlags,
  countFlag,
  countFlagged,
  deleteFlags,
  type FlagRow,
  type FilterSpec,
  filterSql,
  flaggedMatches,
  type IndexRow,
  type MatchRow,
  organisationRow,
  raiseFlags,
  replaceFlags,
  rowsOfEntities,
  upsertFlag,
} from './search.repository.js'
import {
  DEFAULT_PAGE_SIZE,
  FLAG_CODES,
  LIST_FLAGS,
  type ListFlag,
  MAX_PAGE_SIZE,
  MAX_QUERY_CHARS,
  type SearchFilters,
  type SearchItem,
  type SearchMatch,
  type SearchPageInput,
  type SearchResult,
  TOTAL_CAP,
} from './search.types.js'

/** With a positive flag filter and at most this many flagged entities, the flagged set drives the search. */
const FLAG_DRIVEN_MAX = 5000
/** Name searches matching at most this many organisations rank the whole set in memory. */
const SMALL_SET = 1000
const CATEGORIES: readonly SearchCategory[] = ['exact', 'prefix', 'substring']
const CATEGORY_RANK: Record<SearchCategory, number> = { exact: 0, prefix: 1, substring: 2 }

interface CheckedFilters {
  spec: FilterSpec
  kind: EntityKind | undefined
  personFlags: string[]
  drivingFlag: string | null
}

const FILTER_KEYS = new Set(['district', 'kind', 'industry', 'flags', 'includePersonsFor', 'now'])
const CLASS_CODE = /^[a-z][a-z0-9_]{0,63}$/

/**
 * The instant flags are judged at: the caller's (from its context's clock). Only the flag filters need it; a search
 * with a flag filter and no `now` is refused (search has no clock of its own).
 */
function toInstant(v: Date | string | undefined, needed: boolean, problems: string[]): string {
  if (v === undefined) {
    if (needed) problems.push('按标记筛选时须给出 now（当前时间）')
    return ''
  }
  const d = v instanceof Date ? v : new Date(v)
  if (Number.isNaN(d.getTime())) {
    problems.push('now 应为有效的时间（ISO-8601）')
    return ''
  }
  return d.toISOString()
}

function checkFilters(f: SearchFilters): CheckedFilters {
  const problems: string[] = []
  for (const k of Object.keys(f)) if (!FILTER_KEYS.has(k)) problems.push(`不支持的筛选条件「${k}」`)
  if (f.district !== undefined && !/^\d{6}$/.test(f.district))
    problems.push(`所属区县「${String(f.district)}」应为 6 位行政区划代码`)
  if (f.kind !== undefined && !ENTITY_KINDS.includes(f.kind))
    problems.push(`主体类别「${String(f.kind)}」无效，应为 ${ENTITY_KINDS.join('/')} 之一`)
  if (f.industry !== undefined && !INDUSTRY_SECTIONS.includes(f.industry))
    problems.push(`行业门类「${String(f.industry)}」应为 GB/T 4754 门类字母 A-T`)
  const withFlags: string[] = []
  const withoutFlags: string[] = []
  if (f.flags !== undefined) {
    if (typeof f.flags !== 'object' || f.flags === null) problems.push('flags 应为对象 {negative?, list?}')
    else {
      for (const k of Object.keys(f.flags))
        if (k !== 'negative' && k !== 'list') problems.push(`不支持的标记条件「${k}」`)
      if (f.flags.negative !== undefined) {
        if (typeof f.flags.negative !== 'boolean') problems.push('flags.negative 应为 true 或 false')
        else (f.flags.negative ? withFlags : withoutFlags).push('negative')
      }
      if (f.flags.list !== undefined) {
        if (!LIST_FLAGS.includes(f.flags.list))
          problems.push(`名单「${String(f.flags.list)}」无效，应为 ${LIST_FLAGS.join('/')} 之一`)
        else withFlags.unshift(f.flags.list)
      }
    }
  }
  const personFlags: string[] = []
  if (f.includePersonsFor !== undefined) {
    if (!Array.isArray(f.includePersonsFor)) problems.push('includePersonsFor 应为类别代码列表')
    else
      for (const c of f.includePersonsFor) {
        if (typeof c !== 'string' || !CLASS_CODE.test(c)) problems.push(`类别代码「${String(c)}」无效`)
        else personFlags.push((FLAG_CODES as readonly string[]).includes(c) ? c : `class:${c}`)
      }
  }
  const now = toInstant(f.now, withFlags.length + withoutFlags.length + personFlags.length > 0, problems)
  if (problems.length) throw searchError('search.bad_filter', { problems })
  return {
    spec: { district: f.district, kind: f.kind, industry: f.industry, withFlags, withoutFlags, now },
    kind: f.kind,
    personFlags: [...new Set(personFlags)],
    drivingFlag: withFlags[0] ?? null,
  }
}

function checkPage(p: SearchPageInput): { page: number; pageSize: number } {
  const page = p.page ?? 1
  const pageSize = p.pageSize ?? DEFAULT_PAGE_SIZE
  const problems: string[] = []
  if (!Number.isInteger(page) || page < 1) problems.push('page 应为从 1 开始的整数')
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
    problems.push(`pageSize 应为 1 到 ${MAX_PAGE_SIZE} 之间的整数`)
  else if (Number.isInteger(page) && (page - 1) * pageSize >= TOTAL_CAP)
    problems.push(`最多可翻阅前 ${TOTAL_CAP} 条结果，请增加筛选条件或换用更具体的名称`)
  if (problems.length) throw searchError('search.bad_page', { problems })
  return { page, pageSize }
}

interface Ranked {
  entityId: string
  cat: number
  len: number
  match: SearchMatch
}

function compareRanked(a: Ranked, b: Ranked): number {
  return a.cat - b.cat || a.len - b.len || (a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 : 0)
}

function categoryOf(rowKey: string, key: string): SearchCategory {
  return rowKey === key ? 'exact' : rowKey.startsWith(key) ? 'prefix' : 'substring'
}

/** Ranks a complete match set: each entity by its best name. */
function rankRows(rows: readonly MatchRow[], key: string): Ranked[] {
  const best = new Map<string, Ranked>()
  for (const r of rows) {
    const c = categoryOf(r.key, key)
    const cand: Ranked = { entityId: r.entityId, cat: CATEGORY_RANK[c], len: r.len, match: c }
    const cur = best.get(r.entityId)
    if (!cur || compareRanked(cand, cur) < 0) best.set(r.entityId, cand)
  }
  return [...best.values()].sort(compareRanked)
}

function mergeRanked(a: readonly Ranked[], b: readonly Ranked[]): Ranked[] {
  if (b.length === 0) return [...a]
  if (a.length === 0) return [...b]
  return [...a, ...b].sort(compareRanked)
}

function toItem(rows: IndexRow[], match: SearchMatch, key: string | null): SearchItem | undefined {
  const current = rows.find((r) => Number(r.former) === 0)
  if (!current) return undefined
  let matchedName: string | null = null
  if (key !== null && !current.name_key.includes(key)) {
    const formers = rows
      .filter((r) => Number(r.former) === 1 && r.name_key.includes(key))
      .map((r) => ({ r, cat: CATEGORY_RANK[categoryOf(r.name_key, key)] }))
      .sort(
        (x, y) =>
          x.cat - y.cat ||
          Number(x.r.name_len) - Number(y.r.name_len) ||
          (x.r.name_key < y.r.name_key ? -1 : x.r.name_key > y.r.name_key ? 1 : 0),
      )
    matchedName = formers[0]?.r.name ?? null
  }
  return {
    id: current.entity_id,
    name: current.name,
    matchedName,
    uscc: current.uscc,
    kind: current.kind as EntityKind,
    district: current.district,
    industry: current.industry,
    status: current.status as EntityStatus,
    match,
  }
}

async function items(db: Db, ranked: readonly Ranked[], key: string): Promise<SearchItem[]> {
  if (ranked.length === 0) return []
  const byEntity = new Map<string, IndexRow[]>()
  for (const r of await rowsOfEntities(
    db,
    ranked.map((x) => x.entityId),
  )) {
    const list = byEntity.get(r.entity_id)
    if (list) list.push(r)
    else byEntity.set(r.entity_id, [r])
  }
  const out: SearchItem[] = []
  for (const r of ranked) {
    const item = toItem(byEntity.get(r.entityId) ?? [], r.match, key)
    if (item) out.push(item)
  }
  return out
}

function result(
  total: number,
  page: number,
  pageSize: number,
  mode: 'code' | 'name',
  list: SearchItem[],
): SearchResult {
  return { total: Math.min(total, TOTAL_CAP), totalCapped: total > TOTAL_CAP, page, pageSize, mode, items: list }
}

/**
 * Searches entities. `q` that looks like a USCC (18), registration number (15 digits) or organisation code (9) is
 * looked up exactly (organisations only: never a natural person, never by ID number); anything else is a name
 * search for entities with a current or former name containing searchKey(q) (2+ characters).
 * @throws search.query_too_short | search.query_too_long | search.bad_filter | search.bad_page
 */
export async function searchEntities(
  db: Db,
  q: string,
  filters: SearchFilters = {},
  pageInput: SearchPageInput = {},
): Promise<SearchResult> {
  const f = checkFilters(filters ?? {})
  const { page, pageSize } = checkPage(pageInput ?? {})
  const offset = (page - 1) * pageSize
  const where = filterSql(f.spec)

  const code = parseCodeQuery(String(q ?? ''))
  if (code) {
    const owner = await codeOwner(db, code.scheme, code.value)
    const row = owner ? await organisationRow(db, owner, where) : undefined
    const item = row ? toItem([row], code.scheme, null) : undefined
    return result(item ? 1 : 0, page, pageSize, 'code', item && offset === 0 ? [item] : [])
  }

  const key = searchKey(String(q ?? ''))
  const chars = [...key].length
  if (chars < 2) throw searchError('search.query_too_short')
  if (chars > MAX_QUERY_CHARS) throw searchError('search.query_too_long', { max: MAX_QUERY_CHARS })
  const helpers = helpersOf(db).search
  const contains = helpers.contains(sql`s.name_key`, key)
  const need = offset + pageSize

  let orgTotal = 0
  let orgs: Ranked[] = []
  if (f.kind !== 'natural_person') {
    let driven = false
    if (f.drivingFlag) {
      const flagged = await countFlagged(db, f.drivingFlag, f.spec.now, FLAG_DRIVEN_MAX + 1)
      if (flagged <= FLAG_DRIVEN_MAX) {
        const all = rankRows(
          await flaggedMatches(db, {
            flags: [f.drivingFlag],
            now: f.spec.now,
            persons: false,
            contains,
            filter: where,
          }),
          key,
        )
        orgTotal = all.length
        orgs = all.slice(0, need)
        driven = true
      }
    }
    if (!driven) {
      const matches = helpers.organisations(db, key, where)
      orgTotal = await matches.count(TOTAL_CAP + 1)
      // a small match set is read whole and ranked here; a big one is read in rank order, category by category
      const all = orgTotal <= SMALL_SET ? await matches.all(2 * SMALL_SET) : null
      if (all) orgs = rankRows(all, key).slice(0, need)
      else
        for (const category of CATEGORIES) {
          if (orgs.length >= need || (orgTotal <= TOTAL_CAP && orgs.length >= orgTotal)) break
          const got = await matches.rank(category, need - orgs.length)
          for (const g of got)
            orgs.push({ entityId: g.entityId, cat: CATEGORY_RANK[category], len: g.len, match: category })
        }
    }
  }

  let persons: Ranked[] = []
  if (f.personFlags.length > 0 && (f.kind === undefined || f.kind === 'natural_person')) {
    persons = rankRows(
      await flaggedMatches(db, { flags: f.personFlags, now: f.spec.now, persons: true, contains, filter: where }),
      key,
    )
  }

  const ranked = mergeRanked(orgs, persons).slice(offset, offset + pageSize)
  return result(orgTotal + persons.length, page, pageSize, 'name', await items(db, ranked, key))
}

// ------------------------------------------------------------------ flags

const FLAG_RE = /^(negative|black_list|red_list|focus_list|under_objection|class:[a-z][a-z0-9_]{0,63})$/

function checkFlag(flag: string): void {
  if (!FLAG_RE.test(flag))
    throw searchError('search.bad_flag', {
      flag,
      reason: `「${flag}」不是有效的标记（${FLAG_CODES.join('/')} 或 class:<类别代码>）`,
    })
}

/** A flag `class:<code>` that makes a natural person searchable while a record of that class names them. */
export function personClassFlag(classCode: string): string {
  return `class:${classCode}`
}

/**
 * Sets (or moves) a flag of an entity: it holds while `until` is later than now. Flags are maintained by the side
 * that knows why they hold (disclosure: negative records, list entries, person-publishing classes).
 */
export async function setEntityFlag(
  db: Db,
  entityId: string,
  flag: ListFlag | (typeof FLAG_CODES)[number] | `class:${string}`,
  until: Date | string,
): Promise<void> {
  checkFlag(flag)
  const d = until instanceof Date ? until : new Date(until)
  if (Number.isNaN(d.getTime()))
    throw searchError('search.bad_flag', { flag, reason: `截止时间「${String(until)}」无效` })
  await upsertFlag(db, { entity_id: entityId, flag, until: d.toISOString() })
}

/** Removes flags of an entity (all of them when `flags` is omitted); returns how many were removed. */
export async function clearEntityFlags(db: Db, entityId: string, flags?: readonly string[]): Promise<number> {
  for (const f of flags ?? []) checkFlag(f)
  return deleteFlags(db, entityId, flags ?? null)
}

/**
 * Replaces the flags named `flags` of the entities by `rows` (the side that maintains those flags recomputed them).
 * Call it in the transaction that changed what the flags derive from.
 */
export async function replaceEntityFlags(
  db: Db,
  entityIds: readonly string[],
  flags: readonly string[],
  rows: readonly FlagRow[],
): Promise<void> {
  await replaceFlags(db, entityIds, flags, rows)
}

/** Raises flags: each row is added or, where the entity has the flag already, keeps the later until. */
export async function raiseEntityFlagRows(db: Db, rows: readonly FlagRow[]): Promise<void> {
  if (rows.length) await raiseFlags(db, rows)
}

/** The flags among `flags` that hold at `nowIso`, by entity (unordered). */
export async function activeEntityFlags(
  db: Db,
  entityIds: readonly string[],
  flags: readonly string[],
  nowIso: string,
): Promise<Map<string, string[]>> {
  return activeFlags(db, entityIds, flags, nowIso)
}

/** How many entities carry the flag at `nowIso`. */
export async function countFlaggedEntities(db: Db, flag: string, nowIso: string): Promise<number> {
  return countFlag(db, flag, nowIso)
}
