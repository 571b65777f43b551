// SQL of evidence files: their contents, their rows and their attachments to cases (this module's tables only).
import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { FileAttachmentsTable, FileBlobsTable, FilesTable } from './files.tables.js'

export type FileRow = Selectable<FilesTable>
export type AttachmentRow = Selectable<FileAttachmentsTable>

/** Stores a content unless the same content (its SHA-256) is stored already; two uploads may race for it. */
export async function insertBlobIfMissing(db: Db, row: Insertable<FileBlobsTable>): Promise<void> {
  await db
    .insertInto('file_blobs')
    .values(row)
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute()
}

export async function insertFile(db: Db, row: Insertable<FilesTable>): Promise<void> {
  await db.insertInto('files').values(row).execute()
}

export async function findFile(db: Db, id: string): Promise<FileRow | undefined> {
  return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findFiles(db: Db, ids: readonly string[]): Promise<FileRow[]> {
  if (ids.length === 0) return []
  return db
    .selectFrom('files')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute()
}

/** The content stored under a SHA-256. */
export async function readBlob(db: Db, sha256: string): Promise<Uint8Array | undefined> {
  const r = await db.selectFrom('file_blobs').select('content').where('sha256', '=', sha256).executeTakeFirst()
  return r?.content
}

/** Whether any anonymous file was uploaded under this token (its hash) since the instant. */
export async function anonymousTokenSeen(db: Db, tokenHash: string, since: string): Promise<boolean> {
  const r = await db
    .selectFrom('files')
    .select('id')
    .where('uploader_kind', '=', 'public')
    .where('uploader_id', '=', tokenHash)
    .where('created_at', '>=', since)
    .limit(1)
    .executeTakeFirst()
  return r !== undefined
}

export async function attachmentsOfFile(db: Db, fileId: string): Promise<AttachmentRow[]> {
  return db
    .selectFrom('file_attachments')
    .selectAll()
    .where('file_id', '=', fileId)
    .orderBy('attached_at')
    .orderBy('case_kind')
    .orderBy('case_id')
    .execute()
}

/** The files among these that are attached to any case. */
export async function attachedFileIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await db
    .selectFrom('file_attachments')
    .select('file_id')
    .where('file_id', 'in', [...ids])
    .execute()
  return new Set(rows.map((r) => r.file_id))
}

/** Attaches files to a case; a file already attached to that case stays as it was. */
export async function insertAttachments(db: Db, rows: Insertable<FileAttachmentsTable>[]): Promise<void> {
  if (rows.length === 0) return
  await db
    .insertInto('file_attachments')
    .values(rows)
    .onConflict((oc) => oc.columns(['file_id', 'case_kind', 'case_id']).doNothing())
    .execute()
}

/** The files attached to a case with the instant each was attached, in the order they were attached. */
export async function filesOfCase(
  db: Db,
  kind: string,
  caseId: string,
): Promise<Array<FileRow & { attached_at: string }>> {
  return db
    .selectFrom('file_attachments as a')
    .innerJoin('files as f', 'f.id', 'a.file_id')
    .selectAll('f')
    .select('a.attached_at')
    .where('a.case_kind', '=', kind)
    .where('a.case_id', '=', caseId)
    .orderBy('a.attached_at')
    .orderBy('f.id')
    .execute()
}

/** Anonymous uploads made before the instant and attached to no case (they can no longer be attached). */
export async function staleAnonymousFiles(db: Db, before: string, limit: number): Promise<FileRow[]> {
  return db
    .selectFrom('files as f')
    .selectAll('f')
    .where('f.uploader_kind', '=', 'public')
    .where('f.created_at', '<', before)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('file_attachments as a').select('a.file_id').whereRef('a.file_id', '=', 'f.id'))),
    )
    .orderBy('f.created_at')
    .orderBy('f.id')
    .limit(limit)
    .execute()
}

export async function deleteFiles(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return
  await db
    .deleteFrom('files')
    .where('id', 'in', [...ids])
    .execute()
}

/** Deletes the contents among these that no file refers to any more; returns how many. */
export async function deleteOrphanBlobs(db: Db, sha256s: readonly string[]): Promise<number> {
  if (sha256s.length === 0) return 0
  const r = await db
    .deleteFrom('file_blobs')
    .where('sha256', 'in', [...sha256s])
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('files').select('files.id').whereRef('files.sha256', '=', 'file_blobs.sha256'))),
    )
    .executeTakeFirst()
  return Number(r.numDeletedRows)
}
