// The credit report as data: the canonical document (RFC 8785 JCS), its signature and its audit-log proof. The
// issuing side (reports service, flows/reports) builds these; the PDF side (./pdf) lays them out and embeds them;
// the verifier (./verify) checks them from the PDF alone. docs/report-format.md describes the same for third parties.

/** Report kinds (templates in data/reports/). */
export type ReportKind =
  | 'special'
  | 'public_overview'
  | 'full'
  | 'person'
  | 'bidding'
  | 'government_procurement'
  | 'financing'
  | 'admin_approval'

/** One block of a section, already in the reader's words (Chinese labels resolved): the PDF only lays it out. */
export type ReportBlock =
  | { type: 'fields'; rows: { label: string; value: string }[] }
  | {
      type: 'table'
      caption?: string
      columns: { key: string; label: string; width?: number }[]
      rows: Record<string, string>[]
      /** What the table says when it has no rows (「无」). */
      empty: string
    }
  | { type: 'text'; text: string }

export interface ReportSection {
  code: string
  title: string
  note?: string
  blocks: ReportBlock[]
}

/** The signed content. Serialised with JCS (RFC 8785); its SHA-256 is recorded in the `report.issue` audit event. */
export interface ReportDocument {
  format: 'gongxin-report/v1'
  number: string
  kind: ReportKind
  scenario?: string
  title: string
  /** ISO 8601 UTC with milliseconds. */
  issuedAt: string
  /** Civil date (YYYY-MM-DD) the report is valid through. */
  validUntil: string
  issuer: { name: string; url: string }
  template: { code: string; version: number; hash: string }
  subject: {
    entityId: string
    name: string
    kind: string
    kindLabel: string
    uscc?: string
    /** A person's ID number, masked as everywhere else. */
    idNumberMasked?: string
  }
  recipient: { kind: 'subject' | 'department' | 'agency' | 'public'; name?: string }
  purpose?: string
  /** The period the records were selected from (special reports: chosen by the applicant, up to 5 years back). */
  period?: { from: string; to: string }
  /** Signing key id (docs/audit-log.md: first 16 hex of SHA-256 over the SPKI DER). */
  keyId: string
  /** Where and with which code the report is verified online. */
  verify: { url: string; code: string }
  sections: ReportSection[]
  /** Footnotes referenced from cells as 「注N」: records under objection, pending repair, repaired. */
  footnotes: { mark: string; text: string }[]
}

/** `report.sig.json`: Ed25519 (RFC 8032, pure) over the exact bytes of `report.json`. */
export interface ReportSignature {
  alg: 'Ed25519'
  keyId: string
  /** Lowercase hex SHA-256 of the `report.json` bytes. */
  documentSha256: string
  /** Base64. */
  signature: string
}

/** The stored audit event of the issue, with every field its chain hash covers (hashOf in audit.service.ts). */
export interface ReportIssueEvent {
  seq: number
  id: string
  at: string
  actor_kind: string
  actor_id: string | null
  actor_role: string | null
  actor_dept: string | null
  action: 'report.issue'
  target_type: string | null
  target_id: string | null
  request_id: string | null
  purpose: string | null
  /** The details as stored (JSON text); holds `documentSha256`. */
  details: string
  prev_hash: string
}

/**
 * `report.proof.json`: the issue's audit event, its chain hash, and its RFC 6962 inclusion proof in the tree of a
 * signed checkpoint.
 */
export interface ReportProof {
  event: ReportIssueEvent
  eventHash: string
  index: number
  size: number
  path: string[]
  checkpoint: { size: number; root: string; time: string; keyId: string; signature: string }
}

/** The three files a report PDF carries as attachments. */
export const REPORT_ATTACHMENTS = {
  document: 'report.json',
  signature: 'report.sig.json',
  proof: 'report.proof.json',
} as const

/** The published keys (/.well-known/gongxin-keys.json). */
export interface PublishedKeys {
  keys: { id: string; alg: 'Ed25519'; status: 'current' | 'retired'; publicKey: string; retiredAt?: string }[]
}

/** What the PDF renderer needs. */
export interface RenderInput {
  document: ReportDocument
  /** JCS bytes of `document`. */
  canonical: Buffer
  signature: ReportSignature
  proof: ReportProof
  /** For the signature over the PDF bytes (ByteRange). */
  signingPrivateKeyPem: string
}

export type ReportVerdict =
  | { ok: true; number: string; issuedAt: string; keyId: string; logIncluded: true; treeSize: number }
  | { ok: false; reason: string; code: string }
