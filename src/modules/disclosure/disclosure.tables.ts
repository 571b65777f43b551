import type { EntityFlagsTable } from '../search/index.js'

/**
 * Per-entity flags (table `entity_flags`, created by the search migration) used for filtering (search: "has negative
 * records", "on a list") and shown as badges. Each flag carries the instant it stops being true (`until`, UTC
 * ISO-8601, the end of the last public record that makes it true), so a reader asks `until > now` and no job has to
 * expire anything. Disclosure rewrites its flags whenever an entity's records or marks change (refreshEntityFlags).
 */
export type DisclosureTables = {
  entity_flags: EntityFlagsTable
}

export type { EntityFlagsTable }
