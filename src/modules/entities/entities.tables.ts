export interface EntitiesTable {
  id: string
  kind: string
  name: string
  /** nameKey(name): normalised form used for matching. */
  name_norm: string
  uscc: string | null
  district: string | null
  /** GB/T 4754 section letter (A-T). */
  industry: string | null
  status: string
  legal_rep: string | null
  established_on: string | null
  /** Natural persons only: HMAC of the normalised ID number (lookup), AES-GCM cipher, masked form. */
  id_hmac: string | null
  id_cipher: string | null
  id_masked: string | null
  /** Natural persons only: the civil date the person turns 18 (minors are protected). */
  adult_on: string | null
  /**
   * The clear text of the fields stored masked because they held a resident ID number (name, legal_rep,
   * former_names): JSON of field -> AES-GCM (sealPersonalText); null when none did. Migration 0016.
   */
  sealed: string | null
  version: number
  created_at: string
  updated_at: string
}

export interface EntityIdentifiersTable {
  scheme: string
  value: string
  entity_id: string
  created_at: string
}

export interface EntityNamesTable {
  id: string
  entity_id: string
  name: string
  name_norm: string
  /** current | former */
  kind: string
  valid_from: string | null
  valid_to: string | null
  created_at: string
}

/** Previous versions of an entity row, kept on every change. */
export interface EntityHistoryTable {
  id: string
  entity_id: string
  version: number
  at: string
  actor: string | null
  /** JSON snapshot of the row before the change. */
  snapshot: string
}

/**
 * A change counter per entity, bumped in the transaction of every change that shows in its files (records, marks,
 * register data); caches in any process compare it before serving. No row: version 0.
 */
export interface EntityChangesTable {
  entity_id: string
  version: number
  /** UTC instant of the last change. */
  changed_at: string
}

/**
 * One row (id 1): a counter of changes that take figures off the portal before their time (a record repaired); the
 * figures (stats) cache of any process compares it before serving. No row: version 0.
 */
export interface FigureChangesTable {
  id: number
  version: number
  changed_at: string
}

export interface EntityTables {
  entities: EntitiesTable
  entity_identifiers: EntityIdentifiersTable
  entity_names: EntityNamesTable
  entity_history: EntityHistoryTable
  entity_changes: EntityChangesTable
  figure_changes: FigureChangesTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends EntityTables {}
}
