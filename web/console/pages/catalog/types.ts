// Shapes of the catalog API (src/modules/catalog/catalog.types.ts and catalog.routes.ts), as the console reads them.

/** GET /api/v1/catalog/classes (with catalog.read: every property). */
export interface ClassSummary {
  code: string
  version: number
  nameZh: string
  nameEn: string
  category: string
  categoryLabel: string
  polarity: string
  scope: string
  listKind: string | null
  subjectKinds?: string[]
  providers?: string[]
  fieldCount?: number
  status?: string
  source?: string
  updatedAt?: string
}

export interface CatalogField {
  code: string
  label: string
  labelEn?: string
  type: string
  required?: boolean
  requiredWhen?: { field: string; in: string[] }
  enum?: string[]
  multi?: boolean
  maxLength?: number
  aliases?: string[]
  unit?: string
  role?: string
  scope: string
  mask?: string
  otherPrefix?: string
  description?: string
}

export interface SeverityCondition {
  field: string
  anyOf?: string[]
  noneOf?: string[]
  allIn?: string[]
  gte?: number
  gt?: number
  lt?: number
  lte?: number
  present?: boolean
}

export interface SeverityRule {
  default: string
  rules: { when: SeverityCondition[]; severity: string; note?: string }[]
}

/** GET /api/v1/catalog/classes/:code[?version=] */
export interface CatalogClass {
  code: string
  version: number
  nameZh: string
  nameEn: string
  category: string
  subjectKinds: string[]
  polarity: string
  scope: string
  list: { kind: string; periodMonths: number | null; exitRules: string[] } | null
  publishMinor: boolean
  deadlineWorkingDays: number | null
  fields: CatalogField[]
  legalBasis: string[]
  providers: string[]
  severity: SeverityRule | null
  publicationMonths: number | null
  repairable: boolean
  retentionYears: number
  status: string
  description?: string
}

/** GET /api/v1/catalog/classes/:code/versions */
export interface VersionInfo {
  code: string
  version: number
  source: string
  hash: string
  isCurrent: boolean
  createdAt: string
  createdBy: string | null
  reason: string | null
}

export interface FieldChange {
  property: string
  before: unknown
  after: unknown
}

/** GET /api/v1/catalog/classes/:code/diff?from=&to= */
export interface CatalogDiff {
  code: string
  from: number
  to: number
  changes: FieldChange[]
  fields: {
    added: CatalogField[]
    removed: CatalogField[]
    changed: { code: string; label: string; changes: FieldChange[] }[]
    reordered: boolean
  }
}

/** GET /api/v1/catalog/publication-rules */
export interface PublicationRuleSet {
  version: string
  effectiveFrom: string
  effectiveTo: string | null
  periods: Record<string, { minMonths: number; maxMonths: number } | null>
  basis: string
}
