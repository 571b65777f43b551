export type { AuditFilter, SubjectFilter } from './audit.repository.js'
export { auditError } from './audit.errors.js'
export { auditRoutes } from './audit.routes.js'
export {
  type AuditEventView,
  type AuditInput,
  EXPORT_MAX,
  exportAuditCsv,
  presentAuditEvent,
  recordAudit,
  recordAuditEntries,
  redactStoredEvent,
  searchAuditEvents,
  subjectAuditEvents,
  type VerifyResult,
  verifyAuditChain,
} from './audit.service.js'
