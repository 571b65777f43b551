import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { SubjectAgentsTable, SubjectInvitationsTable } from './subjects.tables.js'

export type InvitationRow = Selectable<SubjectInvitationsTable>
export type AgentRow = Selectable<SubjectAgentsTable>

// ---------------------------------------------------------------- invitations

export async function insertInvitation(db: Db, row: Insertable<SubjectInvitationsTable>): Promise<void> {
  await db.insertInto('subject_invitations').values(row).execute()
}

/** The entity's invitations neither used nor revoked (expired ones included). */
export async function openInvitationsOf(db: Db, entityId: string): Promise<InvitationRow[]> {
  return db
    .selectFrom('subject_invitations')
    .selectAll()
    .where('entity_id', '=', entityId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

export async function findInvitation(db: Db, id: string): Promise<InvitationRow | undefined> {
  return db.selectFrom('subject_invitations').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function selectInvitations(db: Db, entityId: string | null, limit: number): Promise<InvitationRow[]> {
  let q = db.selectFrom('subject_invitations').selectAll()
  if (entityId) q = q.where('entity_id', '=', entityId)
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
}

export async function revokeInvitationRows(
  db: Db,
  ids: readonly string[],
  at: string,
  by: string | null,
  reason: 'revoked' | 'superseded',
): Promise<number> {
  if (ids.length === 0) return 0
  const r = await db
    .updateTable('subject_invitations')
    .set({ revoked_at: at, revoked_by: by, revoke_reason: reason })
    .where('id', 'in', [...ids])
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/** Marks an open invitation used; false when it was used or revoked meanwhile (a race: the other attempt won). */
export async function useInvitationRow(db: Db, id: string, at: string, userId: string): Promise<boolean> {
  const r = await db
    .updateTable('subject_invitations')
    .set({ used_at: at, used_by: userId })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

// ---------------------------------------------------------------- agents

export async function insertAgent(db: Db, row: Insertable<SubjectAgentsTable>): Promise<void> {
  await db.insertInto('subject_agents').values(row).execute()
}

export async function findAgent(db: Db, id: string): Promise<AgentRow | undefined> {
  return db.selectFrom('subject_agents').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findAgentByUser(db: Db, userId: string): Promise<AgentRow | undefined> {
  return db.selectFrom('subject_agents').selectAll().where('user_id', '=', userId).executeTakeFirst()
}

export async function selectAgents(
  db: Db,
  filter: { entityId?: string | null; state?: string | null },
  limit: number,
): Promise<AgentRow[]> {
  let q = db.selectFrom('subject_agents').selectAll()
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId)
  if (filter.state) q = q.where('state', '=', filter.state)
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
}

/** Decides a pending agent; false when it was decided meanwhile. */
export async function decideAgentRow(
  db: Db,
  id: string,
  change: { state: 'approved' | 'rejected'; reason: string | null; decided_at: string; decided_by: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable('subject_agents')
    .set(change)
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}
