import type { PolicyVersionColumns } from '../policies/index.js'

/**
 * A tip's own facts (有奖举报), beside its case in `cases` (number, state, handling department, clocks, history):
 * what was reported, how to reach the tipster (encrypted), the hash of the query code, the routing suggestion the
 * table in force made, and the reward once decided.
 */
export interface TipsTable {
  /** The case (cases.id, kind 'tip'). */
  case_id: string
  /** A category code of the routing table in force when the tip was filed. */
  category: string
  /** The entity named, as typed (masked; the clear text sealed in `sealed` when it held an ID number). */
  entity_name: string | null
  /** The entity's unified social credit code, as typed and normalised. */
  entity_uscc: string | null
  /** What is reported (masked; the clear text sealed in `sealed` when it held an ID number). */
  content: string
  /** JSON of field -> AES-GCM of the clear text of the fields that held ID numbers (sealPersonalText); null: none. */
  sealed: string | null
  /** The tipster's contact details ({name, phone, email} as JSON), AES-GCM under the ID-number key; null: none given. */
  contact: string | null
  /** 0/1: the tipster asks for a reward (有奖举报). */
  wants_reward: number
  /** Keyed hash (HMAC) of the query code; the code itself is shown once and never stored. */
  code_hash: string
  /** The routing table version in force at filing: a later change of the table applies to new tips only. */
  routing_version: number
  /** The department that version names for the category (null: none, the credit office chooses). */
  suggested_dept: string | null
  /** JSON array of the evidence file ids given at filing. */
  evidence: string
  /** The reward paid, in fen (分); null until the reward is recorded. */
  reward_fen: number | null
  /** Civil date the reward was paid. */
  reward_paid_on: string | null
  created_at: string
}

/** One immutable version of the routing table (definition: RoutingTable). */
export interface TipRoutingVersionsTable extends PolicyVersionColumns {}

export interface TipTables {
  tips: TipsTable
  tip_routing_versions: TipRoutingVersionsTable
}

/** The versions table of the routing table, a versioned policy kind: the versioned-policy feature's repository queries it. */
export interface TipPolicyTables {
  tip_routing_versions: TipRoutingVersionsTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends TipTables {}
}

// ... and its versions table to the versioned-policy feature (src/modules/policies), which may query only these.
declare module '../policies/policies.kind.js' {
  interface PolicyTables extends TipPolicyTables {}
}
