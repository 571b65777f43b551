// The fixed strings of the report format (docs/report-format.md), shared by the renderer and the verifier. No Node
// imports: this file runs in the browser too.

/** The signature over the PDF file (the ByteRange scheme with the platform's own handler). */
export const PDF_SIGNATURE = {
  /** /Filter of the signature dictionary. */
  filter: 'Gongxin.Ed25519',
  /** /SubFilter: the version of what is signed (pdfSignedText). */
  subFilter: 'Gongxin.Ed25519.v1',
  /** /Contents holds exactly the 64-byte Ed25519 signature, as 128 hex digits between < and >. */
  signatureBytes: 64,
  /** The dictionary entry naming the signing key id. */
  keyIdEntry: 'Gongxin.KeyId',
} as const

/** The text the file signature covers: three lines, each ending in \n (UTF-8, ASCII only). */
export function pdfSignedText(sha256Hex: string, keyId: string): string {
  return `gongxin-report-pdf/v1\nsha256 ${sha256Hex}\nkey ${keyId}\n`
}

/** The label before the report number in every page's header; the verifier finds `label + number` on each page. */
export const NUMBER_LABEL = '报告编号：'

/** The fields of an audit event its chain hash covers, in order (hashOf in src/modules/audit/audit.service.ts). */
export interface HashedEvent {
  seq: number
  id: string
  at: string
  actor_kind: string
  actor_id: string | null
  actor_role: string | null
  actor_dept: string | null
  action: string
  target_type: string | null
  target_id: string | null
  request_id: string | null
  purpose: string | null
  details: string
  prev_hash: string
}

/** The exact text whose SHA-256 (hex) is the event's chain hash: a JSON array (ECMAScript JSON.stringify). */
export function eventHashMaterial(e: HashedEvent): string {
  return JSON.stringify([
    e.seq,
    e.id,
    e.at,
    e.actor_kind,
    e.actor_id ?? null,
    e.actor_role ?? null,
    e.actor_dept ?? null,
    e.action,
    e.target_type ?? null,
    e.target_id ?? null,
    e.request_id ?? null,
    e.purpose ?? null,
    e.details,
    e.prev_hash,
  ])
}

/** The text a checkpoint signature covers (checkpointText in src/modules/audit/audit.merkle.ts). */
export function checkpointSignedText(c: { size: number; root: string; time: string; keyId: string }): string {
  return `gongxin-audit-checkpoint/v1\nsize ${c.size}\nroot ${c.root}\ntime ${c.time}\nkey ${c.keyId}\n`
}
