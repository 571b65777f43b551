// The JSON shapes of credit reports that leave the server, with their TypeBox schemas.
import { Type } from '@sinclair/typebox'
import { Nullable } from '../../http/typed.js'
import { Shape } from '../policies/index.js'
import type { ReportDocument, ReportProof, ReportSignature } from './report.document.js'
import type { IssuedReport, TemplateVersion } from './reports.service.js'

/** An object described elsewhere (docs/report-format.md), sent as it is. */
const Open = <T>() => Type.Unsafe<T>({ type: 'object', additionalProperties: true })

/** The answer to an issue (the API's 201 and `gongxin report issue --json`). */
export interface IssuedJson {
  number: string
  issuedAt: string
  validUntil: string
  verifyCode: string
  links: { pdf: string; json: string }
}

export const IssuedSchema = Type.Object({
  number: Type.String(),
  issuedAt: Type.String(),
  validUntil: Type.String({ description: '有效期至（含，北京时间的日期）' }),
  verifyCode: Type.String({
    description: '核验码：与报告编号一起在「报告核验」页面或 GET /api/v1/public/reports/:number?code= 核验',
  }),
  links: Type.Object({ pdf: Type.String(), json: Type.String() }),
})

/** The links of a report: the public overview's carry its code (its holder may download it without signing in). */
export function presentIssued(
  r: Pick<IssuedReport, 'number' | 'issuedAt' | 'validUntil' | 'verifyCode'> & { kind: string },
): IssuedJson {
  const base = `/api/v1/reports/${encodeURIComponent(r.number)}`
  const q = r.kind === 'public_overview' ? `?code=${encodeURIComponent(r.verifyCode)}` : ''
  return {
    number: r.number,
    issuedAt: r.issuedAt,
    validUntil: r.validUntil,
    verifyCode: r.verifyCode,
    links: { pdf: `${base}/pdf${q}`, json: `${base}/json${q}` },
  }
}

export const StoredReportSchema = Type.Object({
  document: Open<ReportDocument>(),
  signature: Open<ReportSignature>(),
  proof: Type.Union([Open<ReportProof>(), Type.Null()]),
})

export const ReportListItemSchema = Shape({
  number: Type.String(),
  kind: Type.String(),
  kindLabel: Type.String(),
  scenario: Nullable(Type.String()),
  entityId: Type.String(),
  subjectName: Type.String(),
  issuedAt: Type.String(),
  validUntil: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  recipientKind: Type.String(),
  recipientName: Nullable(Type.String()),
  purpose: Nullable(Type.String()),
  issuedByRole: Nullable(Type.String()),
  issuedByDept: Nullable(Type.String()),
  rendered: Type.Boolean(),
  documentSha256: Type.String(),
})

export const ReportPageSchema = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(ReportListItemSchema),
})

export const VerifySummarySchema = Type.Object({
  number: Type.String(),
  kind: Type.String(),
  kindLabel: Type.String(),
  title: Type.String(),
  scenario: Nullable(Type.String()),
  issuedAt: Type.String(),
  validUntil: Type.String(),
  issuer: Type.Object({ name: Type.String(), url: Type.String() }),
  subject: Type.Object({
    name: Type.String(),
    kindLabel: Type.String(),
    uscc: Nullable(Type.String()),
    idNumberMasked: Nullable(Type.String()),
  }),
  period: Nullable(Type.Object({ from: Type.String(), to: Type.String() })),
  keyId: Type.String(),
  documentSha256: Type.String(),
  template: Type.Object({ code: Type.String(), version: Type.Integer() }),
  status: Type.String({ description: 'valid 有效 / expired 已过有效期 / superseded 出具后信用记录有变化' }),
  statusLabel: Type.String(),
})

export const TemplateSchema = Open<TemplateVersion>()
