// Public surface of the catalog module: versioned classes, severity and publication windows, row validators.
export {
  type ClassDefinition,
  defaultClassesDir,
  defaultRulesFile,
  normaliseDefinition,
  readDefaultClasses,
  readDefaultRuleSets,
} from './catalog.defaults.js'
export { diffVersions } from './catalog.diff.js'
export { catalogError } from './catalog.errors.js'
export {
  addDays,
  addMonths,
  isWithinWindow,
  listUntil,
  OPEN_ENDED,
  publicationWindow,
  ruleSetOn,
  SEVERITY_LABELS,
  SEVERITY_RANK,
  severityOf,
  type WindowInput,
  windowEndInstant,
} from './catalog.periods.js'
export { type PublicClassSummary, presentPublicSummary } from './catalog.presenter.js'
export { catalogRoutes } from './catalog.routes.js'
export {
  classVersions,
  currentClasses,
  type DefaultLoadOptions,
  type DefaultLoadResult,
  definitionHash,
  diffClassVersions,
  findClass,
  getClass,
  listClasses,
  listRuleSets,
  loadDefaultCatalog,
  loadRuleSets,
  summarizeClass,
  type UpdateOptions,
  updateClass,
} from './catalog.service.js'
export * from './catalog.types.js'
export {
  checkClassDefinition,
  checkRuleSet,
  checkRuleSets,
  compileClass,
  headerKey,
  rowSchema,
  SCOPE_RANK,
} from './catalog.validate.js'
