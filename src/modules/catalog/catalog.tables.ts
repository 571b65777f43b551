import type { PolicyVersionColumns } from '../policies/index.js'

/** One immutable version of a catalog class (definition: the whole CatalogClass, version included). */
export interface CatalogClassesTable extends PolicyVersionColumns {
  code: string
}

/** A publication rule set (2019, 2026 ...). Immutable: a record keeps the version it was decided under. */
export interface PublicationRuleSetsTable {
  version: string
  effective_from: string
  /** JSON text of the PublicationRuleSet. */
  definition: string
  hash: string
  source: string
  created_at: string
  created_by: string | null
}

export interface CatalogTables {
  catalog_classes: CatalogClassesTable
  publication_rule_sets: PublicationRuleSetsTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends CatalogTables {}
}
