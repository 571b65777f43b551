import { type Static, Type } from '@sinclair/typebox'
import { NullableString, OpenObject, Shape, StringEnum } from '../policies/index.js'
import type { CatalogClassSummary } from './catalog.types.js'

/** What the public sees of the catalog: which classes exist, what they are and how public they are. */
export type PublicClassSummary = Pick<
  CatalogClassSummary,
  'code' | 'version' | 'nameZh' | 'nameEn' | 'category' | 'categoryLabel' | 'polarity' | 'scope' | 'listKind'
>

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

export const ClassSummary = Shape({
  code: Type.String(),
  version: Type.Integer(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  category: Type.String(),
  categoryLabel: Type.String(),
  polarity: StringEnum(['positive', 'negative', 'neutral']),
  scope: StringEnum(['public', 'government', 'authorized']),
  listKind: NullableString,
  subjectKinds: Type.Array(Type.String()),
  providers: Type.Array(Type.String()),
  fieldCount: Type.Integer(),
  status: Type.String(),
  source: StringEnum(['default', 'operator']),
  updatedAt: Type.String(),
})

/** The data-row JSON Schema of one class version. */
export const ClassRowSchema = Shape(
  { code: Type.String(), version: Type.Integer(), schema: OpenObject },
  { additionalProperties: true },
)

const Period = Shape({ minMonths: Type.Integer(), maxMonths: Type.Integer() })

export const RuleSet = Shape({
  version: Type.String(),
  effectiveFrom: Type.String(),
  effectiveTo: NullableString,
  periods: Type.Unsafe<Record<string, Static<typeof Period> | null>>({
    type: 'object',
    additionalProperties: { anyOf: [{ type: 'null' }, Period] },
  }),
  basis: Type.String(),
})
