// Public surface of the sme module: 优质中小企业名单 (信易贷) - screening rules as a versioned policy kind, the list
// computed from grades, red and black lists and serious records, and its reads by government and by authorised agencies.
export { defaultRulesDir, readDefaultScreeningRules } from './sme.defaults.js'
export { smeError } from './sme.errors.js'
export { ScreeningRuleSchema, ScreenPageSchema } from './sme.presenter.js'
export { smeRoutes } from './sme.routes.js'
export {
  type AgencyScreenPage,
  agencySmeList,
  currentScreeningRules,
  DEFAULT_SME_RULE,
  getScreeningRule,
  loadDefaultScreeningRules,
  SME_AGENCY_READ_ACTION,
  SME_READ_ACTION,
  SME_SCOPE,
  type ScreeningRuleDiff,
  type Screened,
  screen,
  smeList,
  updateScreeningRule,
} from './sme.service.js'
export type { SmeRulesTable, SmeTables } from './sme.tables.js'
export * from './sme.types.js'
export { checkScreeningRule, normaliseScreeningRule, type ScreeningReferences } from './sme.validate.js'
