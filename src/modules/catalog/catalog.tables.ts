/** One immutable version of a catalog class; exactly one version per code is current. */
export interface CatalogClassesTable {
  code: string
  version: number
  /** JSON text of the whole CatalogClass (version included). */
  definition: string
  /** SHA-256 of the canonical JSON of the definition without its version (compares default files). */
  hash: string
  /** default | operator */
  source: string
  created_at: string
  created_by: string | null
  reason: string | null
  /** 0/1 */
  is_current: number
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
