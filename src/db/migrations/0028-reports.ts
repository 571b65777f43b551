import { type Kysely, sql } from 'kysely'
import { helpersOf } from '../helpers/registry.js'

/**
 * Credit reports (docs/reports.md): `report_templates`, the versions of the report templates (a versioned policy kind,
 * one policy per report kind), and `reports`, one row per issued report: its number, kind, subject, template version,
 * validity, the hash of its verification code, the signed canonical JSON (RFC 8785) with its SHA-256 and Ed25519
 * signature, the audit-log proof of its issue, the rendered PDF (null until rendered), the digest of the records it
 * was drawn from (to tell a superseded report), who it was issued to and why.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_templates')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('reason', 'text')
    .addColumn('is_current', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('report_templates_pk', ['code', 'version'])
    .execute()
  await sql`create unique index report_templates_current on report_templates (code) where is_current = 1`.execute(db)

  const bytes = helpersOf(db).schema.bytesType
  await db.schema
    .createTable('reports')
    .addColumn('number', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('scenario', 'text')
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('template_code', 'text', (c) => c.notNull())
    .addColumn('template_version', 'integer', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('verify_code_hash', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('document_sha256', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('audit_id', 'text', (c) => c.notNull())
    .addColumn('proof', 'text')
    .addColumn('pdf', bytes)
    .addColumn('pdf_sha256', 'text')
    .addColumn('source_digest', 'text', (c) => c.notNull())
    .addColumn('recipient_kind', 'text', (c) => c.notNull())
    .addColumn('recipient_name', 'text')
    .addColumn('purpose', 'text')
    .addColumn('authorization_id', 'text')
    .addColumn('issued_by_kind', 'text', (c) => c.notNull())
    .addColumn('issued_by_id', 'text')
    .addColumn('issued_by_role', 'text')
    .addColumn('issued_by_dept', 'text')
    .addColumn('issued_by_entity', 'text')
    .execute()
  await db.schema.createIndex('reports_entity').on('reports').columns(['entity_id', 'issued_at']).execute()
  await db.schema.createIndex('reports_issued').on('reports').column('issued_at').execute()
  await db.schema.createIndex('reports_dept').on('reports').columns(['issued_by_dept', 'issued_at']).execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reports').ifExists().execute()
  await db.schema.dropTable('report_templates').ifExists().execute()
}
