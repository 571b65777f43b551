import type { CatalogClassSummary } from './catalog.types.js'

/** What the public sees of the catalog: which classes exist, what they are and how public they are. */
export interface PublicClassSummary {
  code: string
  version: number
  nameZh: string
  nameEn: string
  category: string
  categoryLabel: string
  polarity: string
  scope: string
  listKind: string | null
}

export function presentPublicSummary(s: CatalogClassSummary): PublicClassSummary {
  return {
    code: s.code,
    version: s.version,
    nameZh: s.nameZh,
    nameEn: s.nameEn,
    category: s.category,
    categoryLabel: s.categoryLabel,
    polarity: s.polarity,
    scope: s.scope,
    listKind: s.listKind,
  }
}

const nullableString = { type: ['string', 'null'] } as const

export const classSummarySchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    version: { type: 'integer' },
    nameZh: { type: 'string' },
    nameEn: { type: 'string' },
    category: { type: 'string' },
    categoryLabel: { type: 'string' },
    polarity: { type: 'string', enum: ['positive', 'negative', 'neutral'] },
    scope: { type: 'string', enum: ['public', 'government', 'authorized'] },
    listKind: nullableString,
    subjectKinds: { type: 'array', items: { type: 'string' } },
    providers: { type: 'array', items: { type: 'string' } },
    fieldCount: { type: 'integer' },
    status: { type: 'string' },
    source: { type: 'string', enum: ['default', 'operator'] },
    updatedAt: { type: 'string' },
  },
} as const

export const ruleSetSchema = {
  type: 'object',
  properties: {
    version: { type: 'string' },
    effectiveFrom: { type: 'string' },
    effectiveTo: nullableString,
    periods: {
      type: 'object',
      additionalProperties: {
        anyOf: [
          { type: 'null' },
          { type: 'object', properties: { minMonths: { type: 'integer' }, maxMonths: { type: 'integer' } } },
        ],
      },
    },
    basis: { type: 'string' },
  },
} as const
