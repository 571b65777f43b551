// Public surface of the disclosure module: the one rule that decides what the public (and, through visibleTo,
// every other audience) sees of a record, field masking, and the per-entity flags with their until-instants.
export { classLoader, classVersion } from './disclosure.classes.js'
export {
  type Audience,
  type FieldOptions,
  fieldsFor,
  governmentFields,
  hasAuthorizedContent,
  labelledFields,
  maskIdNumber,
  maskPersonName,
  maskPhone,
  payloadIsAboutPerson,
  publicFields,
  publishesPersonNames,
} from './disclosure.fields.js'
export {
  computeFlags,
  countFlag,
  type EntityFlag,
  type FlagRow,
  flagsOf,
  MANAGED_FLAGS,
  onEntitiesChanged,
  raiseEntityFlags,
  rebuildEntityFlags,
  refreshEntityFlags,
} from './disclosure.flags.js'
// the SQL halves of the rule, for readers that prefilter records (kept with the record facts they read)
export {
  inForceCandidateSql,
  publicCandidateSql,
  RULE_COLUMNS,
  type RuleRow,
} from '../../read-models/disclosure-sources/index.js'
export {
  type DisclosureClass,
  type DisclosureRecord,
  type HiddenReason,
  isInForce,
  isPublic,
  publicLastDay,
  publicUntil,
  type Verdict,
} from './disclosure.rule.js'
export {
  AUTHORIZED_READ_ACTION,
  AUTHORIZED_READ_PERMISSION,
  type Visibility,
  visibilityOf,
  visibleTo,
} from './disclosure.visibility.js'
