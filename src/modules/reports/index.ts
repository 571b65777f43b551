// Credit reports (docs/report-format.md): the shared document types, the PDF renderer and the offline verifier.
export * from './report.document.js'
export { renderReportPdf, reportPdfError } from './pdf/index.js'
export { VERIFY_FAILURES, type VerifyFailureCode, verifyReportPdf } from './verify/index.js'
export { verifyReportPdfFile } from './verify/node.js'
