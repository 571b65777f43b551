// The public search: entity search (module `search`) with the public flags; natural persons only while a black
// list names them (the disclosure rule for persons), by name, never by ID number.
import type { Ctx } from '../../core/context.js'
import { checkCode } from '../../identifiers/index.js'
import { flagsOf } from '../disclosure/index.js'
import type { EntityKind } from '../entities/index.js'
import { type ListFlag, type SearchFilters, searchEntities } from '../search/index.js'
import type { PublicSearchItem, PublicSearchJson } from './public.presenter.js'

export interface PublicSearchQuery {
  q: string
  district?: string
  kind?: EntityKind
  industry?: string
  negative?: boolean
  list?: 'black' | 'red' | 'focus'
  page: number
  pageSize: number
}

/** The search as the query string gives it (validated by the route's schema). */
export interface PublicSearchParams {
  q: string
  district?: string | undefined
  kind?: EntityKind | undefined
  industry?: string | undefined
  /** A yes/no field: `true` or `1` is yes. */
  negative?: 'true' | 'false' | '1' | '0' | undefined
  list?: 'black' | 'red' | 'focus' | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

/** The search of a query string: defaults filled in (page 1 of 20), absent filters left out. */
export function publicSearchQuery(params: PublicSearchParams): PublicSearchQuery {
  const query: PublicSearchQuery = { q: params.q, page: params.page ?? 1, pageSize: params.pageSize ?? 20 }
  if (params.district) query.district = params.district
  if (params.kind) query.kind = params.kind
  if (params.industry) query.industry = params.industry
  if (params.negative !== undefined) query.negative = params.negative === 'true' || params.negative === '1'
  if (params.list) query.list = params.list
  return query
}

/**
 * Natural persons are searchable only while they carry the black_list flag: a public black-list record (classes
 * that publish persons by name, see publishesPersonNames).
 */
export const PERSON_SEARCH_FLAGS = ['black_list']

/** A query that is a resident ID number (valid or merely ID-shaped): the public never searches by it. */
export function isIdNumberQuery(q: string): boolean {
  const r = checkCode(q)
  if (r.scheme === 'resident_id') return true
  return /^\d{17}[\dXx]$/.test(q.replace(/\s/g, '')) && !r.valid
}

export async function publicSearch(ctx: Ctx, query: PublicSearchQuery, now: Date): Promise<PublicSearchJson> {
  const q = query.q.trim()
  if (isIdNumberQuery(q)) return { total: 0, totalCapped: false, page: query.page, pageSize: query.pageSize, items: [] }
  const filters: SearchFilters = { now, includePersonsFor: PERSON_SEARCH_FLAGS }
  if (query.district) filters.district = query.district
  if (query.kind) filters.kind = query.kind
  if (query.industry) filters.industry = query.industry
  const flagFilter: NonNullable<SearchFilters['flags']> = {}
  if (query.negative !== undefined) flagFilter.negative = query.negative
  if (query.list) flagFilter.list = `${query.list}_list` as ListFlag
  if (Object.keys(flagFilter).length) filters.flags = flagFilter
  const answer = await searchEntities(ctx.db, q, filters, { page: query.page, pageSize: query.pageSize })
  const flags = await flagsOf(
    ctx.db,
    answer.items.map((i) => i.id),
    now,
  )
  const items: PublicSearchItem[] = []
  for (const hit of answer.items) {
    const f = flags.get(hit.id) ?? []
    const person = hit.kind === 'natural_person'
    // belt and braces: search already leaves out persons without the flag
    if (person && !f.includes('black_list')) continue
    items.push({
      id: hit.id,
      name: hit.name,
      matchedName: hit.matchedName,
      uscc: person ? null : hit.uscc,
      kind: hit.kind,
      district: person ? null : hit.district,
      flags: f,
    })
  }
  return { total: answer.total, totalCapped: answer.totalCapped, page: query.page, pageSize: query.pageSize, items }
}
