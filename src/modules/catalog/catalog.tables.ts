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

/** The versions table of catalog classes, a versioned policy kind: the versioned-policy feature's repository queries it. */
export interface CatalogPolicyTables {
  catalog_classes: CatalogClassesTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends CatalogTables {}
}

// ... and its versions table to the versioned-policy feature (src/modules/policies), which may query only these.
declare module '../policies/policies.kind.js' {
  interface PolicyTables extends CatalogPolicyTables {}
}
