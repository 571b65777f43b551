import { sql } from 'kysely'
import type { Db } from '../../database.js'

/**
 * Bumps the change counters of the entities (`entity_changes`) in one statement with one parameter: the ids as a
 * JSON array read by json_each (a 1,000-row VALUES upsert costs about four times the CPU to build and run).
 */
export async function sqliteBumpEntityChanges(db: Db, entityIds: readonly string[], at: string): Promise<void> {
  await sql`insert into entity_changes (entity_id, version, changed_at)
    select value, 1, ${at} from json_each(${JSON.stringify(entityIds)}) where true
    on conflict (entity_id) do update set version = entity_changes.version + 1, changed_at = excluded.changed_at`.execute(
    db,
  )
}
