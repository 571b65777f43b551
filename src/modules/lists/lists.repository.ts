// SQL of the lists module: its own table of focus-list proposals (the escalation rule's versions are kept by the
// shared versioned-policy feature). The list views and the escalation scan read records and entities through the
// list-view read model (src/read-models/list-view).
import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { ListProposalsTable } from './lists.tables.js'

export type ProposalRow = Selectable<ListProposalsTable>

const CHUNK = 500

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK))
  return out
}

// ---------------------------------------------------------------- proposals

export async function insertProposals(db: Db, rows: Insertable<ListProposalsTable>[]): Promise<void> {
  for (const part of chunks(rows)) await db.insertInto('list_proposals').values(part).execute()
}

export async function findProposal(db: Db, id: string): Promise<ProposalRow | undefined> {
  return db.selectFrom('list_proposals').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function openProposalRows(db: Db, kind: string): Promise<ProposalRow[]> {
  return db
    .selectFrom('list_proposals')
    .selectAll()
    .where('kind', '=', kind)
    .where('status', '=', 'proposed')
    .orderBy('proposed_at')
    .orderBy('id')
    .execute()
}

/** For each entity, the ids of the records its rejected proposals rested on (an operator already said no to them). */
export async function rejectedRecordIds(
  db: Db,
  entityIds: readonly string[],
  kind: string,
): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>()
  for (const part of chunks(entityIds))
    for (const r of await db
      .selectFrom('list_proposals')
      .select(['entity_id', 'record_ids'])
      .where('kind', '=', kind)
      .where('status', '=', 'rejected')
      .where('entity_id', 'in', part)
      .execute()) {
      const set = out.get(r.entity_id) ?? new Set<string>()
      for (const id of JSON.parse(r.record_ids) as string[]) set.add(id)
      out.set(r.entity_id, set)
    }
  return out
}

export interface ProposalFilter {
  status?: string | undefined
  entityId?: string | undefined
}

function proposalQuery(db: Db, f: ProposalFilter) {
  let q = db.selectFrom('list_proposals')
  if (f.status) q = q.where('status', '=', f.status)
  if (f.entityId) q = q.where('entity_id', '=', f.entityId)
  return q
}

/** A page of proposals, newest first, with the total. */
export async function proposalPage(
  db: Db,
  f: ProposalFilter,
  offset: number,
  limit: number,
): Promise<{ total: number; rows: ProposalRow[] }> {
  const count = await proposalQuery(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const rows = await proposalQuery(db, f)
    .selectAll()
    .orderBy('proposed_at', 'desc')
    .orderBy('id', 'desc')
    .offset(offset)
    .limit(limit)
    .execute()
  return { total: Number(count.n), rows }
}

/** Moves a proposal out of `proposed` (once); false when it was no longer open. */
export async function closeProposal(db: Db, id: string, patch: Updateable<ListProposalsTable>): Promise<boolean> {
  const r = await db
    .updateTable('list_proposals')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', 'proposed')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}
