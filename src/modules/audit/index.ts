export type { AuditFilter } from './audit.repository.js'
export { auditError } from './audit.errors.js'
export {
  type AuditEventView,
  type AuditInput,
  presentAuditEvent,
  recordAudit,
  recordAuditEntries,
  redactStoredEvent,
  searchAuditEvents,
  type VerifyResult,
  verifyAuditChain,
} from './audit.service.js'
