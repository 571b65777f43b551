import type { PolicyVersionColumns } from '../policies/index.js'

/** One immutable version of a report template (a versioned policy kind keyed by the report kind). */
export interface ReportTemplatesTable extends PolicyVersionColumns {
  code: string
}

/** One issued credit report (docs/reports.md). Times ISO 8601 UTC; `valid_until` a civil date (Asia/Shanghai). */
export interface ReportsTable {
  number: string
  kind: string
  scenario: string | null
  entity_id: string
  template_code: string
  template_version: number
  issued_at: string
  valid_until: string
  /** SHA-256 (hex) of the verification code: the code itself is printed on the report, never looked up by value. */
  verify_code_hash: string
  /** The canonical JSON (RFC 8785) of the ReportDocument: exactly the signed bytes. */
  document: string
  document_sha256: string
  key_id: string
  /** JSON of the ReportSignature. */
  signature: string
  /** The `report.issue` audit event. */
  audit_id: string
  /** JSON of the ReportProof; null until the checkpoint after the issue was taken. */
  proof: string | null
  /** The rendered PDF (bytea on PostgreSQL, blob on SQLite); null until rendered. */
  pdf: Uint8Array | null
  pdf_sha256: string | null
  /** SHA-256 over the records the report was drawn from (id, version, state): another value now = superseded. */
  source_digest: string
  /** subject | department | agency | public */
  recipient_kind: string
  recipient_name: string | null
  purpose: string | null
  authorization_id: string | null
  issued_by_kind: string
  issued_by_id: string | null
  issued_by_role: string | null
  issued_by_dept: string | null
  /** The entity a subject account acted for (its own reports). */
  issued_by_entity: string | null
}

export interface ReportTables {
  report_templates: ReportTemplatesTable
  reports: ReportsTable
}

/** The versions table of report templates, a versioned policy kind: the versioned-policy feature queries it. */
export interface ReportPolicyTables {
  report_templates: ReportTemplatesTable
}

// The module declares its tables to the database type here; the db layer never imports a module.
declare module '../../db/database.js' {
  interface Database extends ReportTables {}
}

// ... and its versions table to the versioned-policy feature (src/modules/policies), which may query only these.
declare module '../policies/policies.kind.js' {
  interface PolicyTables extends ReportPolicyTables {}
}
