// Shapes of the public API (src/modules/public/public.presenter.ts), as the portal reads them.

export interface PublicField {
  code: string
  label: string
  value: unknown
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

export interface PublicRecord extends PublicRecordSummary {
  entityId: string | null
  name: string
  entityKind: string
  uscc: string | null
  legalBasis: string[]
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

export interface PublicEntity {
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
  categories: { code: string; label: string; count: number; records: PublicRecordSummary[] }[]
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

export interface PublicSearch {
  total: number
  totalCapped: boolean
  page: number
  pageSize: number
  items: PublicSearchItem[]
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

export interface PublicList {
  class: string
  className: string
  kind: string
  legalBasis: string[]
  total: number
  page: number
  pageSize: number
  items: PublicListItem[]
}

export interface CountRow {
  code: string
  label: string
  count: number
}

export interface PublicStats {
  entities: number
  recordsThisMonth: number
  red: number
  black: number
  byCategory: CountRow[]
  byDistrict: CountRow[]
  asOf: string
}
