// Public surface of the reports module: credit report templates (a versioned policy kind), issued reports - their
// canonical JSON, signature, log proof and PDF -, who may read them, and online verification. The issuing use case
// (resolving the subject, who may get which report, the sections) is src/flows/reports.
export * from './report.document.js'
export { reportError } from './reports.errors.js'
export {
  type IssuedJson,
  IssuedSchema,
  presentIssued,
  ReportPageSchema,
  VerifySummarySchema,
} from './reports.presenter.js'
export { defaultTemplatesDir, readDefaultTemplates, templatePolicy } from './reports.policy.js'
export { reportRoutes } from './reports.routes.js'
export {
  canonicalBytes,
  type Completion,
  completeReport,
  getTemplate,
  type IssuedReport,
  type IssueInput,
  issueReportIn,
  KIND_LABELS,
  listReports,
  listTemplates,
  loadDefaultTemplates,
  mayRead,
  normaliseCode,
  readReport,
  type ReportListItem,
  type ReportStatus,
  reportPdf,
  sha256Hex,
  signDocument,
  sourceDigest,
  STATUS_LABELS,
  type StoredReport,
  statusOf,
  subjectReports,
  type TemplateVersion,
  templateHash,
  type VerifySummary,
  verifyReport,
} from './reports.service.js'
export {
  RECIPIENT_KINDS,
  type RecipientKind,
  REPORT_KINDS,
  type ReportDomain,
  type ReportTemplate,
  SECTION_CODES,
  type SectionCode,
} from './reports.template.js'
export type { ReportsTable, ReportTables, ReportTemplatesTable } from './reports.tables.js'
export { renderReportPdf, reportPdfError } from './pdf/index.js'
export { VERIFY_FAILURES, type VerifyFailureCode, verifyReportPdf } from './verify/index.js'
export { verifyReportPdfFile } from './verify/node.js'
