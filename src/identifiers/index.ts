// Public surface of the identifiers module: pure functions over codes, names and region codes.
export { checkCode, describeScheme } from './check-code.js'
export { dataFilePath, findProjectRoot } from './data-path.js'
export {
  ENTITY_KINDS,
  ENTITY_STATUSES,
  type EntityKind,
  type EntityStatus,
  INDUSTRY_SECTIONS,
} from './entity-kinds.js'
export { isIsoDate, isRealDate, shanghaiToday } from './dates.js'
export type { ResidentIdOptions, Rng, UsccOptions } from './generators.js'
export { createRng, generateOrgCode, generateRegNo, generateResidentId, generateUscc } from './generators.js'
export { nameKey, normalizeCode, normalizeName } from './normalize.js'
export { isOrgCodeChecksumValid, orgCodeCheckChar, validateOrgCode } from './org-code.js'
export type { RegionInfo, RegionLevel } from './regions.js'
export {
  allRegions,
  isKnownRegion,
  lookupRegion,
  NATIONAL_REGION,
  regionDataSource,
  regionFullName,
  tianjinDistricts,
} from './regions.js'
export { isMod1110Valid, mod1110CheckDigit, validateRegNo } from './registration-no.js'
export {
  ageOn,
  isResidentIdShaped,
  isValidResidentId,
  MIN_BIRTH_DATE,
  maskResidentId,
  residentIdBirthDate,
  residentIdCheckChar,
  shownCode,
  validateResidentId,
} from './resident-id.js'
export type {
  FindOptions,
  PersonalField,
  ResidentIdMatch,
  SealedTexts,
  TextOpener,
  TextSealer,
} from './resident-id-text.js'
export {
  findResidentIds,
  maskIdFieldValue,
  maskPersonalText,
  maskPersonalTextDeep,
  maskResidentIdsInText,
  readSealedTexts,
  sealedTextsColumn,
  sealPersonalText,
  unsealPersonalText,
} from './resident-id-text.js'
export type {
  CheckOptions,
  CheckResult,
  CodeError,
  CodeWarning,
  EmptyDetails,
  ErrorCode,
  Issue,
  RegNoDetails,
  ResidentIdDetails,
  Scheme,
  SchemeCheck,
  UsccDetails,
  WarningCode,
} from './types.js'
export { isValidUscc, USCC_ALPHABET, usccCheckChar, validateUscc } from './uscc.js'
export type { RegistrationDepartment } from './uscc-departments.js'
export { USCC_DEPARTMENTS } from './uscc-departments.js'
