import type { PolicyVersionColumns } from '../policies/index.js'

/** One immutable version of a supervision policy (definition: the whole policy, version included). */
export interface SupervisionPoliciesTable extends PolicyVersionColumns {
  code: string
}

export interface SupervisionTables {
  supervision_policies: SupervisionPoliciesTable
}

/** The versions table of supervision policies, a versioned policy kind. */
export interface SupervisionPolicyTables {
  supervision_policies: SupervisionPoliciesTable
}

declare module '../../db/database.js' {
  interface Database extends SupervisionTables {}
}

declare module '../policies/policies.kind.js' {
  interface PolicyTables extends SupervisionPolicyTables {}
}
