// Agencies' reads of subjects with their grants: the records within the scopes granted, while the grant is in force,
// each read in the subject's access log (the registry and the push are the agencies module's).
export { AGENCY_READ_ACTION, type AgencyReadAnswer, agencySubjectRecords, RECORD_SCOPE_ALL } from './agency-reads.js'
export { agencyReadRoutes } from './agencies.routes.js'
