/**
 * Evidence files: the content stored once per SHA-256 (`file_blobs`), each upload a row (`files`: the cleaned name,
 * the type found in the content, who uploaded it) and the cases a file is attached to (`file_attachments`). Instants as
 * UTC text.
 */
export interface FileBlobsTable {
  /** SHA-256 of the content, lower-case hex. */
  sha256: string
  size: number
  /** The bytes (bytea on PostgreSQL, blob on SQLite). */
  content: Uint8Array
  created_at: string
}

export interface FilesTable {
  id: string
  sha256: string
  /** The uploaded name as shown: path, control and format characters removed, ID numbers masked, extension of the type. */
  name: string
  /** The clear name when it held an ID number (JSON of field -> AES-GCM, like a payload's `_sealed`); else null. */
  sealed: string | null
  /** application/pdf | image/jpeg | image/png (found in the content, never taken from the name). */
  mime: string
  size: number
  /** user | api_key | system | public (an anonymous upload) */
  uploader_kind: string
  /** The user's, key's or system actor's id; an anonymous upload: the SHA-256 of its upload token. */
  uploader_id: string
  request_id: string | null
  created_at: string
}

export interface FileAttachmentsTable {
  file_id: string
  /** The kind of case (objection, repair, tip, agent ...), as the case module names it. */
  case_kind: string
  case_id: string
  attached_at: string
  attached_by_kind: string
  attached_by: string | null
}

export interface FilesTables {
  file_blobs: FileBlobsTable
  files: FilesTable
  file_attachments: FileAttachmentsTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends FilesTables {}
}
