import type { PolicyVersionColumns } from '../policies/index.js'

/** One immutable version of a screening rule (definition: the whole rule, version included). */
export interface SmeRulesTable extends PolicyVersionColumns {
  code: string
}

export interface SmeTables {
  sme_rules: SmeRulesTable
}

/** The versions table of screening rules, a versioned policy kind. */
export interface SmePolicyTables {
  sme_rules: SmeRulesTable
}

declare module '../../db/database.js' {
  interface Database extends SmeTables {}
}

declare module '../policies/policies.kind.js' {
  interface PolicyTables extends SmePolicyTables {}
}
