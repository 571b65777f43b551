// Public surface of the authorizations module: a subject's grants of its rights to agencies and departments
// (scopes such as `report.full`), their uses (audited under the subject) and revocation.
export { authorizationError } from './authorizations.errors.js'
export { GrantSchema } from './authorizations.presenter.js'
export { authorizationRoutes } from './authorizations.routes.js'
export {
  countGrantUse,
  createGrant,
  findUsableGrant,
  GRANT_MAX_DAYS,
  type GrantInput,
  type GrantStatus,
  type GrantView,
  granteeIdentities,
  grantsToPrincipal,
  listGrants,
  normaliseGrantee,
  revokeGrant,
  recordGrantUse,
  usableGrants,
} from './authorizations.service.js'
export type { AuthorizationGrantsTable, AuthorizationTables } from './authorizations.tables.js'
