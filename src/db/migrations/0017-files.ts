import type { Kysely } from 'kysely'
import { helpersOf } from '../helpers/registry.js'

/**
 * Evidence files (docs/files.md): their content in the database, stored once per content (`file_blobs`, keyed by the
 * SHA-256 of the bytes: bytea on PostgreSQL, blob on SQLite), each upload a row of its own (`files`), and the cases
 * they are attached to (`file_attachments`), so that backups and replicas carry them and several servers see the
 * same files.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  const bytes = helpersOf(db).schema.bytesType
  await db.schema
    .createTable('file_blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content', bytes, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull().references('file_blobs.sha256'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text')
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('uploader_kind', 'text', (c) => c.notNull())
    .addColumn('uploader_id', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('files_uploader').on('files').columns(['uploader_kind', 'uploader_id']).execute()
  await db.schema.createIndex('files_sha256').on('files').column('sha256').execute()
  await db.schema
    .createTable('file_attachments')
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
    .addColumn('case_kind', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('attached_at', 'text', (c) => c.notNull())
    .addColumn('attached_by_kind', 'text', (c) => c.notNull())
    .addColumn('attached_by', 'text')
    .addPrimaryKeyConstraint('file_attachments_pk', ['file_id', 'case_kind', 'case_id'])
    .execute()
  await db.schema
    .createIndex('file_attachments_case')
    .on('file_attachments')
    .columns(['case_kind', 'case_id'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('file_attachments').execute()
  await db.schema.dropTable('files').execute()
  await db.schema.dropTable('file_blobs').execute()
}
