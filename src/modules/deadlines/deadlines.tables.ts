import type { PolicyVersionColumns } from '../policies/index.js'

/** One immutable version of a deadline policy (definition: DeadlineDefinition with its version). */
export interface DeadlinePoliciesTable extends PolicyVersionColumns {
  code: string
}

export interface DeadlineTables {
  deadline_policies: DeadlinePoliciesTable
}

/** The versions table of deadline policies, a versioned policy kind: the versioned-policy feature's repository queries it. */
export interface DeadlinePolicyTables {
  deadline_policies: DeadlinePoliciesTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends DeadlineTables {}
}

// ... and its versions table to the versioned-policy feature (src/modules/policies), which may query only these.
declare module '../policies/policies.kind.js' {
  interface PolicyTables extends DeadlinePolicyTables {}
}
