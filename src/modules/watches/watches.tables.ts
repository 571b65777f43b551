import type { PolicyVersionColumns } from '../policies/index.js'

/** A watch list (监测名单): a department's entities, the event types it wants, an optional signed webhook. */
export interface WatchesTable {
  id: string
  name: string
  /** The principal that created it: user | api_key; its id, role and department. */
  owner_kind: string
  owner_id: string | null
  owner_role: string
  owner_dept: string | null
  /** JSON array: the owner's effective permissions when it created the watch (key scopes included). */
  permissions: string
  /** JSON array of event types. */
  events: string
  webhook_url: string | null
  /** The HMAC secret, encrypted with the key ring (AES-GCM). */
  secret: string
  /** The feed position when the watch was created: it sees the events after it. */
  start_seq: number
  /** The webhook's cursor: every event up to this position was delivered (or dead-lettered, or skipped). */
  delivered_seq: number
  /** Failed attempts of the event after the cursor. */
  attempts: number
  /** When the webhook worker may try next (null: now); also its lease while it posts. */
  next_attempt_at: string | null
  last_error: string | null
  last_delivered_at: string | null
  delivered_count: number
  created_at: string
  created_by: string | null
  deleted_at: string | null
}

export interface WatchEntitiesTable {
  watch_id: string
  entity_id: string
}

/**
 * The transactional outbox and feed of watch events: written (seq null) in the transaction of the change, only for
 * watched entities; the sequencer gives each committed row its feed position (seq) once, in commit order.
 */
export interface WatchEventsTable {
  id: string
  seq: number | null
  type: string
  entity_id: string
  /** The disclosure scope of what the event is about (public | government | authorized): filtered at delivery. */
  scope: string
  record_id: string | null
  /** JSON text. */
  data: string
  occurred_at: string
  /** Orders the events of one instant: their order of emission in the process (a transaction's events in order). */
  emit_order: number
}

/** The feed's counter (one row, name 'events'): its row lock orders the sequencers. */
export interface WatchSequenceTable {
  name: string
  value: number
}

/** A webhook delivery given up after the configured attempts; replayable. */
export interface WatchDeadLettersTable {
  id: string
  watch_id: string
  event_id: string
  seq: number
  attempts: number
  last_error: string | null
  dead_at: string
  replayed_at: string | null
}

/** Early-warning rules (预警规则): versions, one current per code. */
export interface WatchRulesTable extends PolicyVersionColumns {
  code: string
}

export interface WatchTables {
  watches: WatchesTable
  watch_entities: WatchEntitiesTable
  watch_events: WatchEventsTable
  watch_sequence: WatchSequenceTable
  watch_dead_letters: WatchDeadLettersTable
  watch_rules: WatchRulesTable
}

export interface WatchPolicyTables {
  watch_rules: WatchRulesTable
}

declare module '../../db/database.js' {
  interface Database extends WatchTables {}
}
declare module '../policies/policies.kind.js' {
  interface PolicyTables extends WatchPolicyTables {}
}
