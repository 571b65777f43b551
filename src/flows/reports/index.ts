// Issuing credit reports across modules: the subject, who may get which report, the sections from the entity file,
// the measure check, the grant's use, then the reports module's signed document, proof and PDF.
export { type IssueOutcome, type IssueRequest, grantScopesFor, issueReport, type ReportSubjectInput } from './issue.js'
export { buildDocument, ENTITY_KIND_LABELS, measureCheckSection } from './report-sections.js'
export { reportFlowRoutes } from './reports.routes.js'
