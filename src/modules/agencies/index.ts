// Public surface of the agencies module: the credit agency registry (信用服务机构备案), agency principals, the reads
// of subjects by agencies (who is told) and the push of repairs and revocations to them (their pull feed and inbox).
export { agencyError } from './agencies.errors.js'
export {
  AgencyDetailSchema,
  AgencyFeedSchema,
  AgencyKeySchema,
  AgencySchema,
} from './agencies.presenter.js'
export { agencyRoutes } from './agencies.routes.js'
export {
  AGENCY_PUSH_MONTHS,
  AGENCY_STATUS_LABELS,
  AGENCY_STATUSES,
  AGENCY_UPDATE_LABELS,
  AGENCY_UPDATE_TYPES,
  type AgencyDetail,
  type AgencyFeedPage,
  type AgencyRecordFacts,
  type AgencyStatus,
  type AgencyView,
  addAgencyPrincipal,
  agencyGranteeNames,
  agencyUpdates,
  ALL_CLASSES,
  createAgencyKey,
  getAgency,
  listAgencies,
  normaliseFilingNo,
  noteAgencyRead,
  ownAgency,
  type PrincipalRef,
  pushAgencyUpdates,
  pushWindowStart,
  type RegisterAgencyInput,
  registerAgency,
  removeAgencyPrincipal,
  requireActiveAgency,
  setAgencyStatus,
} from './agencies.service.js'
export type { AgencyTables } from './agencies.tables.js'
