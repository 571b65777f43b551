import { sql } from 'kysely'
import type { Db } from '../../database.js'

/** Bumps the change counters of the entities (`entity_changes`) in one statement with one array parameter. */
export async function postgresBumpEntityChanges(db: Db, entityIds: readonly string[], at: string): Promise<void> {
  await sql`insert into entity_changes (entity_id, version, changed_at)
    select id, 1, ${at} from unnest(${[...entityIds]}::text[]) as ids(id)
    on conflict (entity_id) do update set version = entity_changes.version + 1, changed_at = excluded.changed_at`.execute(
    db,
  )
}
