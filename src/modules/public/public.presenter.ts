// The only shapes that leave the public API. Each is whitelisted here and again by the routes' response schemas.
import { Type } from '@sinclair/typebox'
import { Fields, FieldsOrNull, StringOrNull } from '../../http/typed.js'
import { lookupRegion } from '../../identifiers/index.js'
import { CATEGORIES, type CatalogClass, type CategoryCode } from '../catalog/index.js'
import { labelledFields, publicLastDay } from '../disclosure/index.js'
import type { RecordRow } from '../records/index.js'

export interface PublicField {
  code: string
  label: string
  value: unknown
  /** The catalog's field type: string, text, date, amount (in 元), integer, enum, code. */
  type: string
}

export interface PublicRecordSummary {
  id: string
  class: string
  className: string
  category: string
  categoryLabel: string
  polarity: string
  severity: string | null
  decidedOn: string | null
  documentNo: string | null
  authority: string | null
  publication: { from: string; until: string } | null
  list: { kind: string; until: string | null } | null
  marks: string[]
  fields: PublicField[]
}

export interface PublicRecordJson extends PublicRecordSummary {
  /** null when the record is about a natural person whose name this class does not publish. */
  entityId: string | null
  name: string
  entityKind: string
  uscc: string | null
  legalBasis: string[]
}

export function categoryLabel(code: string): string {
  return CATEGORIES[code as CategoryCode] ?? code
}

export function districtLabel(code: string | null): string | null {
  return code ? (lookupRegion(code)?.name ?? null) : null
}

export function presentRecordSummary(
  r: RecordRow,
  cls: CatalogClass,
  data: Record<string, unknown>,
  marks: string[],
): PublicRecordSummary {
  const last = publicLastDay(r)
  return {
    id: r.id,
    class: r.class_code,
    className: cls.nameZh,
    category: r.category,
    categoryLabel: categoryLabel(r.category),
    polarity: r.polarity,
    severity: r.polarity === 'negative' ? r.severity : null,
    decidedOn: r.decided_on,
    documentNo: r.document_no,
    authority: r.authority,
    publication: r.publish_from && last ? { from: r.publish_from, until: last } : null,
    list: r.list_kind ? { kind: r.list_kind, until: r.list_until } : null,
    marks,
    fields: labelledFields(cls, data),
  }
}

/** A record's list status (红/黑/重点关注名单): its basis and period, with the class's legal basis. */
export function presentListStatus(r: RecordRow, cls: CatalogClass): PublicListStatus | null {
  if (!r.list_kind) return null
  return {
    kind: r.list_kind,
    class: r.class_code,
    className: cls.nameZh,
    recordId: r.id,
    listedOn: r.decided_on,
    until: publicLastDay(r),
    basis: r.document_no,
    authority: r.authority,
    legalBasis: [...cls.legalBasis],
  }
}

const LIST_ORDER: Record<string, number> = { black: 0, red: 1, focus: 2 }

/** Black, red, then focus lists; newest entry first within a kind. */
export function sortListStatuses<T extends Pick<PublicListStatus, 'kind' | 'listedOn'>>(lists: T[]): T[] {
  return lists.sort(
    (a, b) =>
      (LIST_ORDER[a.kind] ?? 9) - (LIST_ORDER[b.kind] ?? 9) || (b.listedOn ?? '').localeCompare(a.listedOn ?? ''),
  )
}

const CATEGORY_ORDER = new Map(Object.keys(CATEGORIES).map((c, i) => [c, i]))

/** Records grouped by national category with counts, in the national catalog's order (records keep their order). */
export function groupByCategory<T extends Pick<PublicRecordSummary, 'category'>>(
  records: readonly T[],
): { code: string; label: string; count: number; records: T[] }[] {
  const groups = new Map<string, { code: string; label: string; count: number; records: T[] }>()
  for (const r of records) {
    let g = groups.get(r.category)
    if (!g) {
      g = { code: r.category, label: categoryLabel(r.category), count: 0, records: [] }
      groups.set(r.category, g)
    }
    g.count++
    g.records.push(r)
  }
  return [...groups.values()].sort((a, b) => (CATEGORY_ORDER.get(a.code) ?? 99) - (CATEGORY_ORDER.get(b.code) ?? 99))
}

export interface PublicListItem {
  recordId: string
  entityId: string | null
  name: string
  uscc: string | null
  listedOn: string | null
  until: string | null
  basis: string | null
  authority: string | null
  marks: string[]
}

export interface PublicListJson {
  class: string
  className: string
  kind: string
  legalBasis: string[]
  /** Entries (列入记录) matching the query; an entity listed twice counts twice. */
  total: number
  /** Entities (主体) among them. */
  entities: number
  /** The search the page answers ('' for none). */
  q: string
  page: number
  pageSize: number
  items: PublicListItem[]
}

export interface PublicListStatus {
  kind: string
  class: string
  className: string
  recordId: string
  listedOn: string | null
  until: string | null
  basis: string | null
  authority: string | null
  legalBasis: string[]
}

export interface PublicCategory {
  code: string
  label: string
  count: number
  records: PublicRecordSummary[]
}

export interface PublicEntityJson {
  id: string
  kind: string
  name: string
  uscc: string | null
  identifiers: { scheme: string; value: string }[]
  formerNames: { name: string; validTo: string | null }[]
  district: string | null
  districtName: string | null
  industry: string | null
  status: string
  legalRep: string | null
  establishedOn: string | null
  flags: string[]
  marks: { recordId: string; kind: string; label: string; since: string }[]
  lists: PublicListStatus[]
  totalRecords: number
  categories: PublicCategory[]
  /** Grades by the models the grade publication policy publishes (empty by default: grades are not public). */
  grades: {
    model: string
    modelName: string
    version: number
    grade: string
    gradeLabel: string
    asOf: string
    underObjection: boolean
  }[]
}

export interface PublicStatsJson {
  entities: number
  recordsThisMonth: number
  red: number
  black: number
  byCategory: { code: string; label: string; count: number }[]
  byDistrict: { code: string; label: string; count: number }[]
  asOf: string
}

export interface PublicSearchItem {
  id: string
  name: string
  matchedName: string | null
  uscc: string | null
  kind: string
  district: string | null
  flags: string[]
}

export interface PublicSearchJson {
  total: number
  totalCapped: boolean
  page: number
  pageSize: number
  items: PublicSearchItem[]
}

// ------------------------------------------------------------------ response schemas (whitelists)

const str = Type.String()
const nstr = StringOrNull()
const int = Type.Integer()
const strArr = Type.Array(str)
const field = Fields({ code: str, label: str, value: Type.Unknown(), type: str })

const summaryProps = {
  id: str,
  class: str,
  className: str,
  category: str,
  categoryLabel: str,
  polarity: str,
  severity: nstr,
  decidedOn: nstr,
  documentNo: nstr,
  authority: nstr,
  publication: FieldsOrNull({ from: str, until: str }),
  list: FieldsOrNull({ kind: str, until: nstr }),
  marks: strArr,
  fields: Type.Array(field),
}

export const recordSummarySchema = Fields(summaryProps)

export const publicMarkSchema = Fields({ recordId: str, kind: str, label: str, since: str })

export const listStatusSchema = Fields({
  kind: str,
  class: str,
  className: str,
  recordId: str,
  listedOn: nstr,
  until: nstr,
  basis: nstr,
  authority: nstr,
  legalBasis: strArr,
})

/** The response schemas (whitelists); typed routes take their handler types from them. */
export const PublicRecordSchema = Fields({
  ...summaryProps,
  entityId: nstr,
  name: str,
  entityKind: str,
  uscc: nstr,
  legalBasis: strArr,
})

export const PublicEntitySchema = Fields({
  id: str,
  kind: str,
  name: str,
  uscc: nstr,
  identifiers: Type.Array(Fields({ scheme: str, value: str })),
  formerNames: Type.Array(Fields({ name: str, validTo: nstr })),
  district: nstr,
  districtName: nstr,
  industry: nstr,
  status: str,
  legalRep: nstr,
  establishedOn: nstr,
  flags: strArr,
  marks: Type.Array(publicMarkSchema),
  lists: Type.Array(listStatusSchema),
  totalRecords: int,
  categories: Type.Array(Fields({ code: str, label: str, count: int, records: Type.Array(recordSummarySchema) })),
  grades: Type.Array(
    Fields({
      model: str,
      modelName: str,
      version: int,
      grade: str,
      gradeLabel: str,
      asOf: str,
      underObjection: Type.Boolean(),
    }),
  ),
})

export const PublicListSchema = Fields({
  class: str,
  className: str,
  kind: str,
  legalBasis: strArr,
  total: int,
  entities: int,
  q: str,
  page: int,
  pageSize: int,
  items: Type.Array(
    Fields({
      recordId: str,
      entityId: nstr,
      name: str,
      uscc: nstr,
      listedOn: nstr,
      until: nstr,
      basis: nstr,
      authority: nstr,
      marks: strArr,
    }),
  ),
})

const countRow = Fields({ code: str, label: str, count: int })

export const PublicStatsSchema = Fields({
  entities: int,
  recordsThisMonth: int,
  red: int,
  black: int,
  byCategory: Type.Array(countRow),
  byDistrict: Type.Array(countRow),
  asOf: str,
})

export const PublicSearchSchema = Fields({
  total: int,
  totalCapped: Type.Boolean(),
  page: int,
  pageSize: int,
  items: Type.Array(
    Fields({ id: str, name: str, matchedName: nstr, uscc: nstr, kind: str, district: nstr, flags: strArr }),
  ),
})

/** A public list class with its counts (the lists index). */
export interface PublicListClassJson {
  class: string
  className: string
  kind: string
  entries: number
  entities: number
}

export interface PublicListIndexJson {
  items: PublicListClassJson[]
}

export const PublicListIndexSchema = Fields({
  items: Type.Array(Fields({ class: str, className: str, kind: str, entries: int, entities: int })),
})

/** One row of the 双公示 listing: who, which document, who decided, when, and the class's key fields. */
export interface PublicityItem {
  recordId: string
  /** null for a natural person (not named, no public file). */
  entityId: string | null
  name: string
  uscc: string | null
  districtName: string | null
  documentNo: string | null
  authority: string | null
  /** The providing department (数据来源单位). */
  deptName: string | null
  decidedOn: string | null
  until: string | null
  marks: string[]
  fields: PublicField[]
}

export interface PublicityJson {
  kind: string
  class: string
  className: string
  total: number
  page: number
  pageSize: number
  items: PublicityItem[]
  /** The departments with records of this class now (for the filter), by name. */
  departments: { code: string; name: string; count: number }[]
}

export const PublicitySchema = Fields({
  kind: str,
  class: str,
  className: str,
  total: int,
  page: int,
  pageSize: int,
  items: Type.Array(
    Fields({
      recordId: str,
      entityId: nstr,
      name: str,
      uscc: nstr,
      districtName: nstr,
      documentNo: nstr,
      authority: nstr,
      deptName: nstr,
      decidedOn: nstr,
      until: nstr,
      marks: strArr,
      fields: Type.Array(field),
    }),
  ),
  departments: Type.Array(Fields({ code: str, name: str, count: int })),
})
