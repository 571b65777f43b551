import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { ReportsTable } from './reports.tables.js'

export type ReportRow = Selectable<ReportsTable>

/** A report row without its PDF bytes (lists, verification). */
export type ReportMeta = Omit<ReportRow, 'pdf'>

const META_COLUMNS = [
  'number',
  'kind',
  'scenario',
  'entity_id',
  'template_code',
  'template_version',
  'issued_at',
  'valid_until',
  'verify_code_hash',
  'document',
  'document_sha256',
  'key_id',
  'signature',
  'audit_id',
  'proof',
  'pdf_sha256',
  'source_digest',
  'recipient_kind',
  'recipient_name',
  'purpose',
  'authorization_id',
  'issued_by_kind',
  'issued_by_id',
  'issued_by_role',
  'issued_by_dept',
  'issued_by_entity',
] as const

export async function insertReport(db: Db, row: Insertable<ReportsTable>): Promise<void> {
  await db.insertInto('reports').values(row).execute()
}

export async function findReportMeta(db: Db, number: string): Promise<ReportMeta | undefined> {
  return db.selectFrom('reports').select(META_COLUMNS).where('number', '=', number).executeTakeFirst()
}

export async function findReportPdf(db: Db, number: string): Promise<Uint8Array | null | undefined> {
  const r = await db.selectFrom('reports').select('pdf').where('number', '=', number).executeTakeFirst()
  return r ? r.pdf : undefined
}

/** Sets the proof once (a concurrent completion keeps the first). */
export async function setReportProof(db: Db, number: string, proof: string): Promise<void> {
  await db.updateTable('reports').set({ proof }).where('number', '=', number).where('proof', 'is', null).execute()
}

/** Stores the rendered PDF once (a concurrent rendering keeps the first). */
export async function setReportPdf(db: Db, number: string, pdf: Uint8Array, sha256: string): Promise<void> {
  await db
    .updateTable('reports')
    .set({ pdf, pdf_sha256: sha256 })
    .where('number', '=', number)
    .where('pdf_sha256', 'is', null)
    .execute()
}

export interface ReportFilter {
  entityId?: string | undefined
  kind?: string | undefined
  dept?: string | undefined
  /** Instants (ISO), from inclusive, to exclusive. */
  from?: string | undefined
  to?: string | undefined
  /** Reports a subject account (or its agents) issued for its own entity, or any report about it. */
  issuedByEntity?: string | undefined
}

function filtered(db: Db, f: ReportFilter) {
  let q = db.selectFrom('reports')
  if (f.entityId) q = q.where('entity_id', '=', f.entityId)
  if (f.kind) q = q.where('kind', '=', f.kind)
  if (f.dept) q = q.where('issued_by_dept', '=', f.dept)
  if (f.from) q = q.where('issued_at', '>=', f.from)
  if (f.to) q = q.where('issued_at', '<', f.to)
  if (f.issuedByEntity) q = q.where('issued_by_entity', '=', f.issuedByEntity)
  return q
}

export async function countReports(db: Db, f: ReportFilter): Promise<number> {
  const r = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

export async function listReportRows(db: Db, f: ReportFilter, offset: number, limit: number): Promise<ReportMeta[]> {
  return filtered(db, f)
    .select(META_COLUMNS)
    .orderBy('issued_at', 'desc')
    .orderBy('number', 'desc')
    .offset(offset)
    .limit(limit)
    .execute()
}

/** Numbers of reports whose PDF was not rendered (an interrupted issue), oldest first. */
export async function unrenderedReports(db: Db, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('reports')
    .select('number')
    .where('pdf_sha256', 'is', null)
    .orderBy('issued_at')
    .limit(limit)
    .execute()
  return rows.map((r) => r.number)
}
