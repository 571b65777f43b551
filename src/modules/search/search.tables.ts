/**
 * The entity search index: one row per name (current and former) of every entity, with the matching key and the
 * entity's filter columns. Derived data: `gongxin search reindex` rebuilds it from the entities tables. The row id
 * is group * 2^48 + name length * 2^40 + sequence (group 0/1 organisation current/former name, 2/3 natural person).
 * The dialects add their own indexes (SQLite FTS5 tables, PostgreSQL GIN indexes and a bigram code column).
 */
export interface SearchNamesTable {
  id: number
  entity_id: string
  /** The name as registered (normalizeName), for display as matchedName. */
  name: string
  /** searchKey(name): nameKey without control characters. */
  name_key: string
  /** Length of name_key in code points (at most 255). */
  name_len: number
  /** 0 current name, 1 former name */
  former: number
  /** 1 when the entity has more than one name in the index */
  multi: number
  kind: string
  district: string | null
  industry: string | null
  uscc: string | null
  status: string
}

export interface SearchStateTable {
  id: number
  next_seq: number
}

/**
 * Per-entity flags used by search filters (`negative`, `black_list`, `red_list`, `focus_list`, maintained by the
 * disclosure module) and by the natural-person rule (`class:<class code>`, or a list flag): a flag holds while
 * `until` (UTC ISO-8601 instant) is later than now, so nothing has to expire them.
 */
export interface EntityFlagsTable {
  entity_id: string
  flag: string
  until: string
}

export type SearchTables = {
  search_names: SearchNamesTable
  search_state: SearchStateTable
  entity_flags: EntityFlagsTable
}
