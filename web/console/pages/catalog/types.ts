// Shapes of the catalog API, as the server declares them (src/modules/catalog/catalog.types.ts and the presenter).
import type { CatalogClassSummary, PublicClassSummary } from '../../../../src/modules/catalog/index.js'

export type {
  CatalogClass,
  CatalogDiff,
  CatalogField,
  CatalogVersionInfo as VersionInfo,
  FieldChange,
  PublicationRuleSet,
  SeverityCondition,
  SeverityRule,
} from '../../../../src/modules/catalog/index.js'

/** GET /api/v1/catalog/classes: every property with catalog.read, the public ones otherwise. */
export type ClassSummary = PublicClassSummary & Partial<CatalogClassSummary>
