import type { EntityKind, EntityStatus } from '../../identifiers/index.js'

/** Flags of the list classes (红名单 / 黑名单 / 重点关注名单). */
export const LIST_FLAGS = ['black_list', 'red_list', 'focus_list'] as const
export type ListFlag = (typeof LIST_FLAGS)[number]

/** Flags the filters read; `under_objection` is kept in the same table by the disclosure module. */
export const FLAG_CODES = ['negative', ...LIST_FLAGS, 'under_objection'] as const
export type FlagCode = (typeof FLAG_CODES)[number]

/** The largest total reported exactly; above it `totalCapped` is true and `total` is this number. */
export const TOTAL_CAP = 10_000
export const DEFAULT_PAGE_SIZE = 20
export const MAX_PAGE_SIZE = 50
/** Longest name fragment accepted, in characters. */
export const MAX_QUERY_CHARS = 100

export interface SearchFilters {
  /** 6-digit district code. */
  district?: string
  kind?: EntityKind
  /** GB/T 4754 section letter A-T. */
  industry?: string
  /** Per-entity flags, true at `now`: negative true/false (has / has no public negative record), a list. */
  flags?: { negative?: boolean; list?: ListFlag }
  /**
   * Natural persons are never found unless this is given; then a person is found (by name only) while it carries
   * an active flag `class:<code>` for one of these class codes (e.g. `court_defaulter`); an entry that is itself a
   * flag code (e.g. `black_list`) is matched against that flag.
   */
  includePersonsFor?: string[]
  /** The instant flags are evaluated at (default: now). */
  now?: Date | string
}

export interface SearchPageInput {
  /** From 1. */
  page?: number
  /** Default 20, at most 50. */
  pageSize?: number
}

/** How an item matched: a code, or its best name (whole key, start of the key, elsewhere). */
export type SearchMatch = 'uscc' | 'reg_no' | 'org_code' | 'exact' | 'prefix' | 'substring'

export interface SearchItem {
  id: string
  /** The current name. */
  name: string
  /** The former name that matched when the current name does not contain the query; else null. */
  matchedName: string | null
  uscc: string | null
  kind: EntityKind
  district: string | null
  industry: string | null
  status: EntityStatus
  match: SearchMatch
}

export interface SearchResult {
  /** Exact up to TOTAL_CAP; when more match, TOTAL_CAP and `totalCapped` true. */
  total: number
  totalCapped: boolean
  page: number
  pageSize: number
  /** `code`: q was taken as a USCC, registration number or organisation code (exact lookup); `name` otherwise. */
  mode: 'code' | 'name'
  items: SearchItem[]
}
