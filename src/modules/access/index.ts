// Public surface of the access module: departments, users, sessions, API keys, principals and permissions.
export { type AccessErrorCode, accessError } from './access.errors.js'
export {
  ApiKeySchema,
  DepartmentSchema,
  presentApiKey,
  presentDepartment,
  presentSession,
  presentUser,
  type SessionView,
  SessionSchema,
  UserSchema,
} from './access.presenter.js'
export {
  findRole,
  type PrincipalKind,
  PUBLIC_ROLE,
  permissionsOf,
  type RoleCatalog,
  type RoleDefinition,
  roleCatalog,
  rolesFor,
} from './access.roles.js'
export {
  cleanPurpose,
  decodePurposeHeader,
  PURPOSE_MAX_LENGTH,
  PURPOSE_MIN_LENGTH,
  readPurpose,
  statedPurpose,
} from './access.purpose.js'
export {
  assertCan,
  assertEntityScope,
  can,
  type Principal,
  principalActor,
  publicPrincipal,
} from './access.principal.js'
export { accessRoutes } from './access.routes.js'
export {
  type ActorDescription,
  describeActors,
  resetPassword,
  setUserEnabledById,
  unlockUserById,
  updateDepartment,
  updateUser,
  type ApiKeyStatus,
  type ApiKeyView,
  addDepartment,
  authenticate,
  type CreatedApiKey,
  createApiKey,
  createUser,
  type Department,
  findUsers,
  type GuardedAttempt,
  reserveGuardedAttempt,
  setUserEnabled,
  settleGuardedAttempt,
  getDepartment,
  type LoginResult,
  listApiKeys,
  listDepartments,
  listUsers,
  login,
  logout,
  MIN_PASSWORD_LENGTH,
  revokeApiKey,
  SESSION_IDLE_MINUTES,
  type UserSummary,
  type UserView,
  unknownNameHmac,
  unlockUser,
} from './access.service.js'
export { safeEqual } from './access.secrets.js'
export { KNOWN_ADDRESS_DAYS } from './access.throttle.js'
export { departmentExists, principalIsLive } from './access.service.js'
export { entitiesWithAccounts } from './access.service.js'
export {
  type AgencyPrincipal,
  findAgencyPrincipal,
  principalsOfAgency,
  setPrincipalAgency,
} from './access.service.js'
