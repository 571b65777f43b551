import { type Insertable, type Selectable, sql } from 'kysely'
import type { Db } from '../../db/database.js'
import type { AuthorizationGrantsTable } from './authorizations.tables.js'

export type GrantRow = Selectable<AuthorizationGrantsTable>

export async function insertGrant(db: Db, row: Insertable<AuthorizationGrantsTable>): Promise<void> {
  await db.insertInto('authorization_grants').values(row).execute()
}

export async function findGrant(db: Db, id: string): Promise<GrantRow | undefined> {
  return db.selectFrom('authorization_grants').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function grantsOfEntity(db: Db, entityId: string): Promise<GrantRow[]> {
  return db
    .selectFrom('authorization_grants')
    .selectAll()
    .where('entity_id', '=', entityId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute()
}

/** The entity's grants to any of the grantees that are neither revoked nor past their end at `now`. */
export async function liveGrants(
  db: Db,
  entityId: string,
  grantees: readonly string[],
  now: string,
): Promise<GrantRow[]> {
  if (grantees.length === 0) return []
  return db
    .selectFrom('authorization_grants')
    .selectAll()
    .where('entity_id', '=', entityId)
    .where('grantee', 'in', [...grantees])
    .where('revoked_at', 'is', null)
    .where('until', '>', now)
    .orderBy('created_at', 'desc')
    .execute()
}

/** Every entity's grants to any of the grantees that are neither revoked nor past their end at `now`. */
export async function liveGrantsTo(db: Db, grantees: readonly string[], now: string): Promise<GrantRow[]> {
  if (grantees.length === 0) return []
  return db
    .selectFrom('authorization_grants')
    .selectAll()
    .where('grantee', 'in', [...grantees])
    .where('revoked_at', 'is', null)
    .where('until', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute()
}

/** Revokes a live grant; false when it was revoked already. */
export async function markRevoked(db: Db, id: string, at: string, by: string | null): Promise<boolean> {
  const r = await db
    .updateTable('authorization_grants')
    .set({ revoked_at: at, revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

export async function noteUse(db: Db, id: string, at: string): Promise<void> {
  await db
    .updateTable('authorization_grants')
    .set({ last_used_at: at, uses: sql`uses + 1` })
    .where('id', '=', id)
    .execute()
}
