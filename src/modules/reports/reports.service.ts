// Credit reports (docs/reports.md): templates (a versioned policy kind), the issue of a report - its number, canonical
// JSON (RFC 8785), Ed25519 signature and `report.issue` audit event in the caller's transaction -, its completion
// after the commit (the log proof at a fresh checkpoint, the PDF), who may read it, lists and online verification.
import { createHash, randomInt, sign as edSign } from 'node:crypto'
import canonicalize from 'canonicalize'
import type { Actor } from '../../core/actor.js'
import { systemActor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import type { CommandScope } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Db } from '../../db/database.js'
import { safeEqual, type Principal, can } from '../access/index.js'
import { auditCheckpoint, hashedAuditEvent, inclusionProof, recordAudit, signingKeyId } from '../audit/index.js'
import { addDays } from '../catalog/index.js'
import { recordsOfEntity } from '../records/index.js'
import { renderReportPdf } from './pdf/index.js'
import type {
  ReportDocument,
  ReportIssueEvent,
  ReportKind,
  ReportProof,
  ReportSection,
  ReportSignature,
} from './report.document.js'
import { reportError } from './reports.errors.js'
import { templatePolicy, readDefaultTemplates } from './reports.policy.js'
import {
  countReports,
  findReportMeta,
  findReportPdf,
  insertReport,
  listReportRows,
  type ReportFilter,
  type ReportMeta,
  setReportPdf,
  setReportProof,
} from './reports.repository.js'
import type { RecipientKind, ReportTemplate } from './reports.template.js'

// ------------------------------------------------------------------ templates

export type TemplateVersion = ReportTemplate & { version: number }

/** The current template of a kind (or a given version); 404 report.template_not_found. */
export function getTemplate(db: Db, kind: string, version?: number): Promise<TemplateVersion> {
  return templatePolicy.definition(db, kind, version)
}

/** Every current template, in the order of REPORT_KINDS. */
export async function listTemplates(db: Db): Promise<TemplateVersion[]> {
  return (await templatePolicy.current(db)).map((c) => c.def)
}

/** The content hash of a template version (the document names it: code, version, hash). */
export function templateHash(t: ReportTemplate): string {
  return templatePolicy.hash(t)
}

/** Loads the templates shipped in data/reports/ (with every migrate); operators' versions are kept. */
export async function loadDefaultTemplates(ctx: Ctx, options: { dir?: string; actor?: Actor } = {}) {
  const { added, updated, kept, unchanged } = await templatePolicy.loadDefaults(
    ctx,
    options.actor ?? systemActor('migrate'),
    async () => (await readDefaultTemplates(ctx.db, options.dir)).map((d) => [d.code, d] as const),
  )
  return { added, updated, kept, unchanged }
}

export const KIND_LABELS: Record<ReportKind, string> = {
  special: '专项信用报告',
  public_overview: '公共信用信息概况',
  full: '完整信用报告',
  person: '个人信用报告',
  bidding: '招标投标信用报告',
  government_procurement: '政府采购信用报告',
  financing: '融资信贷信用报告',
  admin_approval: '行政审批信用报告',
}

// ------------------------------------------------------------------ source digest (superseded)

/** The records a report of this template draws from, as `id:version:state` lines: what "records changed" compares. */
export async function sourceDigest(db: Db, entityId: string, template: ReportTemplate): Promise<string> {
  const scopes = new Set<string>(template.scopes)
  const classes = template.classes.length ? new Set(template.classes) : null
  const lines = (await recordsOfEntity(db, entityId))
    .filter((r) => scopes.has(r.scope) && (!classes || classes.has(r.class_code)))
    .map((r) => `${r.id}:${r.version}:${r.state}`)
    .sort()
  return createHash('sha256').update(lines.join('\n')).digest('hex')
}

// ------------------------------------------------------------------ canonical JSON and signature

/** RFC 8785 (JCS) bytes of a document. */
export function canonicalBytes(document: ReportDocument): Buffer {
  const text = canonicalize(document)
  if (text === undefined) throw new Error('the report document cannot be canonicalised')
  return Buffer.from(text, 'utf8')
}

export const sha256Hex = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex')

/** Ed25519 over the canonical bytes, with the platform's signing key. */
export function signDocument(ctx: Pick<Ctx, 'keys'>, canonical: Buffer): ReportSignature {
  return {
    alg: 'Ed25519',
    keyId: signingKeyId(ctx),
    documentSha256: sha256Hex(canonical),
    signature: edSign(null, canonical, ctx.keys.signingPrivateKeyPem).toString('base64'),
  }
}

// Crockford's base 32 without I, L, O, U: easy to read out and type
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const randomCode = (n: number): string => Array.from({ length: n }, () => ALPHABET[randomInt(32)]).join('')

/** The verification code as typed by a person: upper case, no spaces or dashes, O read as 0, I and L as 1. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
}

const codeHash = (code: string): string => sha256Hex(`gongxin-report-code:${normaliseCode(code)}`)

/** The base address of the site (the verification page's host). */
export function siteUrl(ctx: Pick<Ctx, 'config'>): string {
  return (ctx.config.publicUrl ?? `http://${ctx.config.host}:${ctx.config.port}`).replace(/\/+$/, '')
}

export function verifyPageUrl(ctx: Pick<Ctx, 'config'>, number: string): string {
  return `${siteUrl(ctx)}/verify?number=${encodeURIComponent(number)}`
}

// ------------------------------------------------------------------ issue

/** What the issuing flow has built: everything of the document but its number, time, validity, key and code. */
export interface IssueInput {
  template: TemplateVersion
  scenario?: string | null | undefined
  subject: ReportDocument['subject']
  recipient: { kind: RecipientKind; name?: string | undefined }
  purpose?: string | null | undefined
  period?: { from: string; to: string } | undefined
  sections: ReportSection[]
  footnotes: ReportDocument['footnotes']
  sourceDigest: string
  authorizationId?: string | null | undefined
}

export interface IssuedReport {
  number: string
  issuedAt: string
  validUntil: string
  verifyCode: string
  document: ReportDocument
  canonical: Buffer
  signature: ReportSignature
  auditId: string
}

/**
 * Issues a report inside the caller's command: numbers it, fixes its time and validity, serialises it (JCS), signs
 * it, stores it and writes its `report.issue` audit event (details: number, documentSha256, ...; indexed under the
 * subject, so that it shows in the subject's access log) in the same transaction. The proof and the PDF follow after
 * the commit (completeReport).
 */
export async function issueReportIn(
  scope: CommandScope,
  ctx: Pick<Ctx, 'config' | 'keys'>,
  actor: Actor,
  input: IssueInput,
): Promise<IssuedReport> {
  const { trx, now, today } = scope
  const number = `GX${today.replace(/-/g, '')}${randomCode(8)}`
  const verifyCode = randomCode(8)
  const issuedAt = now.toISOString()
  const validUntil = addDays(today, input.template.validityDays - 1)
  const t = input.template
  const document: ReportDocument = {
    format: 'gongxin-report/v1',
    number,
    kind: t.code,
    ...(input.scenario ? { scenario: input.scenario } : {}),
    title: t.title,
    issuedAt,
    validUntil,
    issuer: { name: ctx.config.siteName, url: siteUrl(ctx) },
    template: { code: t.code, version: t.version, hash: templateHash(t) },
    subject: input.subject,
    recipient: { kind: input.recipient.kind, ...(input.recipient.name ? { name: input.recipient.name } : {}) },
    ...(input.purpose ? { purpose: input.purpose } : {}),
    ...(input.period ? { period: input.period } : {}),
    keyId: signingKeyId(ctx),
    verify: { url: verifyPageUrl(ctx, number), code: verifyCode },
    sections: input.sections,
    footnotes: input.footnotes,
  }
  const canonical = canonicalBytes(document)
  const signature = signDocument(ctx, canonical)
  const [auditId] = await recordAudit(trx, scope.clock, actor, {
    action: 'report.issue',
    targetType: 'report',
    targetId: number,
    subjects: [input.subject.entityId],
    details: {
      number,
      kind: t.code,
      ...(input.scenario ? { scenario: input.scenario } : {}),
      entityId: input.subject.entityId,
      template: { code: t.code, version: t.version },
      documentSha256: signature.documentSha256,
      keyId: signature.keyId,
      validUntil,
      recipient: input.recipient.kind,
      ...(input.authorizationId ? { authorization: input.authorizationId } : {}),
    },
  })
  if (!auditId) throw new Error('recordAudit returned no event id')
  await insertReport(trx, {
    number,
    kind: t.code,
    scenario: input.scenario ?? null,
    entity_id: input.subject.entityId,
    template_code: t.code,
    template_version: t.version,
    issued_at: issuedAt,
    valid_until: validUntil,
    verify_code_hash: codeHash(verifyCode),
    document: canonical.toString('utf8'),
    document_sha256: signature.documentSha256,
    key_id: signature.keyId,
    signature: JSON.stringify(signature),
    audit_id: auditId,
    proof: null,
    pdf: null,
    pdf_sha256: null,
    source_digest: input.sourceDigest,
    recipient_kind: input.recipient.kind,
    recipient_name: input.recipient.name ?? null,
    purpose: input.purpose ?? null,
    authorization_id: input.authorizationId ?? null,
    issued_by_kind: actor.kind,
    issued_by_id: actor.id,
    issued_by_role: actor.role,
    issued_by_dept: actor.dept,
    issued_by_entity: actor.entityId ?? null,
  })
  return { number, issuedAt, validUntil, verifyCode, document, canonical, signature, auditId }
}

// ------------------------------------------------------------------ completion: proof and PDF

/** The report's issue event, its inclusion proof and the signed checkpoint it is proved against. */
async function buildProof(ctx: Ctx, auditId: string): Promise<ReportProof> {
  let checkpoint = null
  try {
    checkpoint = await auditCheckpoint(ctx, { force: true })
  } catch {
    // two issues signing the same size at once: the other one's checkpoint covers this event as well
    checkpoint = await auditCheckpoint(ctx)
  }
  const hashed = await hashedAuditEvent(ctx.db, auditId, ctx.keys)
  if (!checkpoint || !hashed || checkpoint.size < hashed.event.seq)
    throw new Error(`no checkpoint covers the issue event ${auditId}`)
  const inclusion = await inclusionProof(ctx, auditId, checkpoint.size)
  return {
    event: hashed.event as ReportIssueEvent,
    eventHash: hashed.hash,
    index: inclusion.index,
    size: inclusion.size,
    path: inclusion.path,
    checkpoint: {
      size: checkpoint.size,
      root: checkpoint.root,
      time: checkpoint.time,
      keyId: checkpoint.keyId,
      signature: checkpoint.signature,
    },
  }
}

export interface Completion {
  proof: boolean
  pdf: boolean
  /** Why the PDF was not rendered (the renderer failed): the PDF route tries again. */
  pdfError?: string
}

/**
 * After the issue committed: the proof at a fresh checkpoint, then the PDF (renderReportPdf), each stored once.
 * Idempotent: a report whose issue was interrupted (a crash between the commit and the rendering) is completed by
 * the next call (GET .../pdf calls it). A renderer failure is reported, not thrown: the report stands without its PDF.
 */
export async function completeReport(ctx: Ctx, number: string): Promise<Completion> {
  const meta = await findReportMeta(ctx.db, number)
  if (!meta) throw reportError('report.not_found')
  let proof: ReportProof
  if (meta.proof) proof = JSON.parse(meta.proof) as ReportProof
  else {
    proof = await buildProof(ctx, meta.audit_id)
    await setReportProof(ctx.db, number, JSON.stringify(proof))
    const stored = await findReportMeta(ctx.db, number)
    if (stored?.proof) proof = JSON.parse(stored.proof) as ReportProof
  }
  if (meta.pdf_sha256) return { proof: true, pdf: true }
  try {
    const pdf = await renderReportPdf({
      document: JSON.parse(meta.document) as ReportDocument,
      canonical: Buffer.from(meta.document, 'utf8'),
      signature: JSON.parse(meta.signature) as ReportSignature,
      proof,
      signingPrivateKeyPem: ctx.keys.signingPrivateKeyPem,
    })
    await setReportPdf(ctx.db, number, new Uint8Array(pdf), sha256Hex(pdf))
    return { proof: true, pdf: true }
  } catch (e) {
    ctx.logger.warn({ err: e, number }, 'report PDF not rendered')
    return { proof: true, pdf: false, pdfError: (e as Error).message }
  }
}

// ------------------------------------------------------------------ who may read a report

/**
 * Whether a principal may read a stored report (its JSON and PDF): the subject's own accounts, whoever issued it
 * (the same account or key; a department's users and keys for the department's reports), and readers of every
 * report (`report.read` without a department: operators, auditors). A public overview also to whoever holds its
 * verification code (it holds the report).
 */
export function mayRead(principal: Principal, meta: ReportMeta, code?: string | undefined): boolean {
  if (principal.entityId && principal.entityId === meta.entity_id && principal.role === 'subject') return true
  if (principal.kind !== 'public' && principal.id && principal.id === meta.issued_by_id) return true
  if (can(principal, 'report.read')) {
    if (!principal.dept) return true
    if (principal.dept === meta.issued_by_dept) return true
  }
  if (code && meta.kind === 'public_overview' && codeMatches(meta, code)) return true
  return false
}

function codeMatches(meta: Pick<ReportMeta, 'verify_code_hash'>, code: string): boolean {
  return safeEqual(codeHash(code), meta.verify_code_hash)
}

export interface StoredReport {
  document: ReportDocument
  signature: ReportSignature
  proof: ReportProof | null
}

/** A report's document, signature and proof, for whoever may read it (others: 404, as an unknown number). */
export async function readReport(
  ctx: Ctx,
  principal: Principal,
  number: string,
  code?: string | undefined,
): Promise<StoredReport> {
  const meta = await findReportMeta(ctx.db, number)
  if (!meta || !mayRead(principal, meta, code)) throw reportError('report.not_found')
  let proof = meta.proof
  if (!proof) {
    await completeReport(ctx, number)
    proof = (await findReportMeta(ctx.db, number))?.proof ?? null
  }
  return {
    document: JSON.parse(meta.document) as ReportDocument,
    signature: JSON.parse(meta.signature) as ReportSignature,
    proof: proof ? (JSON.parse(proof) as ReportProof) : null,
  }
}

/** A report's PDF for whoever may read it, rendered now when its issue was interrupted before (once). */
export async function reportPdf(
  ctx: Ctx,
  principal: Principal,
  number: string,
  code?: string | undefined,
): Promise<{ number: string; pdf: Buffer }> {
  const meta = await findReportMeta(ctx.db, number)
  if (!meta || !mayRead(principal, meta, code)) throw reportError('report.not_found')
  let pdf = await findReportPdf(ctx.db, number)
  if (!pdf) {
    const done = await completeReport(ctx, number)
    if (!done.pdf) throw reportError('report.not_rendered', { reason: done.pdfError ?? null })
    pdf = await findReportPdf(ctx.db, number)
  }
  if (!pdf) throw reportError('report.not_rendered')
  return { number, pdf: Buffer.from(pdf) }
}

// ------------------------------------------------------------------ lists

export interface ReportListItem {
  number: string
  kind: string
  kindLabel: string
  scenario: string | null
  entityId: string
  subjectName: string
  issuedAt: string
  validUntil: string
  status: ReportStatus
  statusLabel: string
  recipientKind: string
  recipientName: string | null
  purpose: string | null
  issuedByRole: string | null
  issuedByDept: string | null
  rendered: boolean
  documentSha256: string
}

export interface ReportListQuery {
  entityId?: string | undefined
  kind?: string | undefined
  dept?: string | undefined
  /** Civil dates (YYYY-MM-DD, Asia/Shanghai), inclusive. */
  from?: string | undefined
  to?: string | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

const dayStart = (day: string): string => new Date(`${day}T00:00:00+08:00`).toISOString()

/** Issued reports, newest first: every report for `report.read` without a department, a department's own otherwise. */
export async function listReports(
  ctx: Ctx,
  principal: Principal,
  q: ReportListQuery,
): Promise<{ total: number; page: number; pageSize: number; items: ReportListItem[] }> {
  const filter: ReportFilter = {
    entityId: q.entityId,
    kind: q.kind,
    dept: principal.dept ?? q.dept,
    from: q.from ? dayStart(q.from) : undefined,
    to: q.to ? dayStart(addDays(q.to, 1)) : undefined,
  }
  return pageOf(ctx, filter, q)
}

/** The reports about the subject's own entity (whoever issued them), newest first. */
export async function subjectReports(
  ctx: Ctx,
  entityId: string,
  q: Pick<ReportListQuery, 'page' | 'pageSize' | 'kind'>,
): Promise<{ total: number; page: number; pageSize: number; items: ReportListItem[] }> {
  return pageOf(ctx, { entityId, kind: q.kind }, q)
}

async function pageOf(ctx: Ctx, filter: ReportFilter, q: Pick<ReportListQuery, 'page' | 'pageSize'>) {
  const page = q.page ?? 1
  const pageSize = q.pageSize ?? 20
  const [total, rows] = await Promise.all([
    countReports(ctx.db, filter),
    listReportRows(ctx.db, filter, (page - 1) * pageSize, pageSize),
  ])
  const items: ReportListItem[] = []
  for (const r of rows) {
    const doc = JSON.parse(r.document) as ReportDocument
    const status = await statusOf(ctx, r)
    items.push({
      number: r.number,
      kind: r.kind,
      kindLabel: KIND_LABELS[r.kind as ReportKind] ?? r.kind,
      scenario: r.scenario,
      entityId: r.entity_id,
      subjectName: doc.subject.name,
      issuedAt: r.issued_at,
      validUntil: r.valid_until,
      status,
      statusLabel: STATUS_LABELS[status],
      recipientKind: r.recipient_kind,
      recipientName: r.recipient_name,
      purpose: r.purpose,
      issuedByRole: r.issued_by_role,
      issuedByDept: r.issued_by_dept,
      rendered: r.pdf_sha256 !== null,
      documentSha256: r.document_sha256,
    })
  }
  return { total, page, pageSize, items }
}

// ------------------------------------------------------------------ online verification

export type ReportStatus = 'valid' | 'expired' | 'superseded'

export const STATUS_LABELS: Record<ReportStatus, string> = {
  valid: '有效',
  expired: '已过有效期',
  superseded: '信息已更新（出具后主体的信用记录有变化，请重新出具）',
}

/** expired after its last valid day; superseded when the records it was drawn from changed since; else valid. */
export async function statusOf(ctx: Ctx, meta: ReportMeta): Promise<ReportStatus> {
  if (civilDate(ctx.clock.now()) > meta.valid_until) return 'expired'
  const template = await getTemplate(ctx.db, meta.template_code, Number(meta.template_version))
  const now = await sourceDigest(ctx.db, meta.entity_id, template)
  return now === meta.source_digest ? 'valid' : 'superseded'
}

export interface VerifySummary {
  number: string
  kind: string
  kindLabel: string
  title: string
  scenario: string | null
  issuedAt: string
  validUntil: string
  issuer: { name: string; url: string }
  subject: { name: string; kindLabel: string; uscc: string | null; idNumberMasked: string | null }
  period: { from: string; to: string } | null
  keyId: string
  documentSha256: string
  template: { code: string; version: number }
  status: ReportStatus
  statusLabel: string
}

/**
 * Online verification by number and code: the report's summary (only what the report itself says) and its status.
 * An unknown number and a wrong code are the same 404.
 */
export async function verifyReport(ctx: Ctx, number: string, code: string): Promise<VerifySummary> {
  const meta = await findReportMeta(ctx.db, number.trim().toUpperCase())
  if (!meta || !codeMatches(meta, code)) throw reportError('report.not_found')
  const doc = JSON.parse(meta.document) as ReportDocument
  const status = await statusOf(ctx, meta)
  return {
    number: doc.number,
    kind: doc.kind,
    kindLabel: KIND_LABELS[doc.kind] ?? doc.kind,
    title: doc.title,
    scenario: doc.scenario ?? null,
    issuedAt: doc.issuedAt,
    validUntil: doc.validUntil,
    issuer: doc.issuer,
    subject: {
      name: doc.subject.name,
      kindLabel: doc.subject.kindLabel,
      uscc: doc.subject.uscc ?? null,
      idNumberMasked: doc.subject.idNumberMasked ?? null,
    },
    period: doc.period ?? null,
    keyId: doc.keyId,
    documentSha256: meta.document_sha256,
    template: { code: doc.template.code, version: doc.template.version },
    status,
    statusLabel: STATUS_LABELS[status],
  }
}
