/**
 * A peer platform (对接平台, docs/federation.md): its platform id, where its feed is, its Ed25519 public keys, the
 * classes exchanged with it (both ways), the local department its records are stored under, and the state of our
 * pulls from it. Deny by default: a class not listed is never served to it nor taken from it.
 */
export interface FederationPeersTable {
  id: string
  /** The operator's short name of the peer (`gongxin peer pull NAME`). */
  name: string
  platform_id: string
  /** Base URL of the peer's server (its feed is `<url>/api/v1/federation/feed`). */
  url: string
  /** The local department the peer's records are stored under (provider of every record it sent). */
  dept_code: string
  /** JSON: `[{"id","publicKey","status":"current"|"retired","addedAt"}]` - a retired key still verifies. */
  keys: string
  /** JSON array of class codes exchanged with the peer. */
  classes: string
  /** JSON array of the list classes whose entries from the peer count in local joint checks (trigger measures). */
  measure_classes: string
  /** The API key (role peer) the peer uses to read our feed; null when it reads none. */
  api_key_id: string | null
  /** The peer's API key for its feed, sealed (AES-GCM with the key file's key); null: we do not pull from it. */
  pull_key: string | null
  /** Our cursor in the peer's feed: the seq of the last entry applied (`0`: none yet). */
  cursor: string
  /** active | disabled */
  status: string
  last_pull_at: string | null
  last_success_at: string | null
  /** The last pull's failure (unreachable, refused entry), null after a pull that succeeded. */
  last_error: string | null
  /** Entries applied from the peer so far. */
  received: number
  /** Feed entries the peer still had for us after the cursor when last heard from (0: caught up; null: unknown). */
  behind: number | null
  created_at: string
  updated_at: string
}

/**
 * Provenance of a record a peer sent: which platform, its record id there, the last of its versions applied here.
 * A record with a row here is the peer's: the feed never serves it as ours, and only that peer's entries change it.
 */
export interface FederationRecordsTable {
  record_id: string
  peer_id: string
  source_platform: string
  source_record_id: string
  source_version: number
  source_seq: number
  /** 1: it counts in local joint checks (its class is one of the peer's measure classes); 0: it does not. */
  measures: number
  stored_at: string
  updated_at: string
}

export interface FederationTables {
  federation_peers: FederationPeersTable
  federation_records: FederationRecordsTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends FederationTables {}
}
