import { sql } from 'kysely'
import type { EntityChangeHelpers } from '../../database.js'

/** The entities' change counters on PostgreSQL: the bump is one statement with one array parameter. */
export const postgresEntityChanges: EntityChangeHelpers = {
  async bump(db, entityIds, at) {
    await sql`insert into entity_changes (entity_id, version, changed_at)
      select id, 1, ${at} from unnest(${[...entityIds]}::text[]) as ids(id)
      on conflict (entity_id) do update set version = entity_changes.version + 1, changed_at = excluded.changed_at`.execute(
      db,
    )
  },
  async version(db, entityId) {
    const r = await db
      .selectFrom('entity_changes')
      .select('version')
      .where('entity_id', '=', entityId)
      .executeTakeFirst()
    return r ? Number(r.version) : 0
  },
}
