import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { FederationPeersTable, FederationRecordsTable } from './federation.tables.js'

export type PeerRow = Selectable<FederationPeersTable>
export type ProvenanceRow = Selectable<FederationRecordsTable>

export async function insertPeer(db: Db, row: Insertable<FederationPeersTable>): Promise<void> {
  await db.insertInto('federation_peers').values(row).execute()
}

export async function updatePeer(db: Db, id: string, patch: Updateable<FederationPeersTable>): Promise<void> {
  await db.updateTable('federation_peers').set(patch).where('id', '=', id).execute()
}

export async function findPeerByName(db: Db, name: string): Promise<PeerRow | undefined> {
  return db.selectFrom('federation_peers').selectAll().where('name', '=', name).executeTakeFirst()
}

export async function findPeerByPlatform(db: Db, platformId: string): Promise<PeerRow | undefined> {
  return db.selectFrom('federation_peers').selectAll().where('platform_id', '=', platformId).executeTakeFirst()
}

export async function findPeerByApiKey(db: Db, apiKeyId: string): Promise<PeerRow | undefined> {
  return db.selectFrom('federation_peers').selectAll().where('api_key_id', '=', apiKeyId).executeTakeFirst()
}

export async function listPeers(db: Db): Promise<PeerRow[]> {
  return db.selectFrom('federation_peers').selectAll().orderBy('name').execute()
}

/** Moves the pull cursor from `from` to `to`; false when another pull moved it first. */
export async function advanceCursor(
  db: Db,
  id: string,
  from: string,
  patch: Updateable<FederationPeersTable> & { cursor: string },
): Promise<boolean> {
  const r = await db
    .updateTable('federation_peers')
    .set(patch)
    .where('id', '=', id)
    .where('cursor', '=', from)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function findProvenance(db: Db, platformId: string, sourceRecordIds: string[]): Promise<ProvenanceRow[]> {
  if (sourceRecordIds.length === 0) return []
  const out: ProvenanceRow[] = []
  for (let i = 0; i < sourceRecordIds.length; i += 500)
    out.push(
      ...(await db
        .selectFrom('federation_records')
        .selectAll()
        .where('source_platform', '=', platformId)
        .where('source_record_id', 'in', sourceRecordIds.slice(i, i + 500))
        .execute()),
    )
  return out
}

export async function provenanceOfRecords(db: Db, recordIds: string[]): Promise<ProvenanceRow[]> {
  if (recordIds.length === 0) return []
  const out: ProvenanceRow[] = []
  for (let i = 0; i < recordIds.length; i += 500)
    out.push(
      ...(await db
        .selectFrom('federation_records')
        .selectAll()
        .where('record_id', 'in', recordIds.slice(i, i + 500))
        .execute()),
    )
  return out
}

export async function insertProvenance(db: Db, rows: Insertable<FederationRecordsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('federation_records')
      .values(rows.slice(i, i + 500))
      .execute()
}

export async function updateProvenance(
  db: Db,
  recordId: string,
  patch: Updateable<FederationRecordsTable>,
): Promise<void> {
  await db.updateTable('federation_records').set(patch).where('record_id', '=', recordId).execute()
}
