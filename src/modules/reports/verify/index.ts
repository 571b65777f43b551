// The report verifier's browser-safe entry (no Node imports): the portal's 「报告核验」 page uploads a PDF and calls
// verifyReportPdf with the published keys. Node callers use ./node.ts (files) or the reports module's index.
export type { PublishedKeys, ReportVerdict } from '../report.document.js'
export { rootFromInclusion, VERIFY_FAILURES, type VerifyFailureCode, verifyReportPdf } from './verify.core.js'
export { checkpointSignedText, eventHashMaterial, NUMBER_LABEL, PDF_SIGNATURE, pdfSignedText } from './verify.format.js'
