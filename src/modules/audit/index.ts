export type { AuditFilter, SubjectFilter } from './audit.repository.js'
export { auditError } from './audit.errors.js'
export { auditRoutes } from './audit.routes.js'
export {
  type AuditEventView,
  type AuditInput,
  auditEventHash,
  type HashedAuditEvent,
  hashedAuditEvent,
  auditRead,
  type ReadInput,
  EXPORT_MAX,
  exportAuditCsv,
  lockAuditChain,
  presentAuditEvent,
  recordAudit,
  recordAuditEntries,
  redactStoredEvent,
  searchAuditEvents,
  subjectAuditEvents,
  type VerifyResult,
  verifyAuditChain,
} from './audit.service.js'
export {
  auditCheckpoint,
  type ConsistencyProof,
  consistencyProof,
  extendAuditTree,
  type InclusionProof,
  inclusionProof,
  publishedKeys,
  signingKeyId,
} from './audit.log.js'
export {
  type Checkpoint,
  checkpointText,
  keyIdOf,
  leafHash,
  nodeHash,
  verifyCheckpointSignature,
  verifyConsistency,
  verifyInclusion,
} from './audit.merkle.js'
