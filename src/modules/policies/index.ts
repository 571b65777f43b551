// Public surface of the versioned-policy feature: a kind declares its table, definition checks, errors and audit
// events (PolicyKind); policyService gives it list/get/versions/diff/edit/loadDefaults, policyRoutes its routes.
export {
  CODE_KEYED,
  codedEditErrors,
  type EditErrorFactory,
  editedDetails,
  type PolicyAuditEvent,
  type PolicyDefaultsResult,
  type PolicyEdit,
  type PolicyKey,
  type PolicyKind,
  type PolicyTable,
  type PolicyVersionColumns,
} from './policies.kind.js'
export {
  CodeParams,
  CodeVersionInfo,
  DiffQuery,
  ItemsOf,
  NullableString,
  OpenObject,
  Shape,
  StringEnum,
  VersionQuery,
  versionInfoProperties,
} from './policies.presenter.js'
export { type DefaultsDirectory, readDefaultsDirectory } from './policies.defaults.js'
export { type PolicyRoutesOptions, policyRoutes } from './policies.routes.js'
export {
  type EditOutcome,
  type PolicyService,
  type PreparedEdit,
  policyService,
  type Versioned,
} from './policies.service.js'
