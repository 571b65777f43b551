// Public surface of the measures module: the versioned list of joint reward and punishment measures (清单制).
export { type CheckPolicy, checkPolicy, defaultMeasuresDir, readDefaultMeasures } from './measures.defaults.js'
export {
  type CoverageExemption,
  type CoverageGap,
  type CoverageNeed,
  type MeasureCoverage,
  measureCoverage,
} from './measures.coverage.js'
export { measureError } from './measures.errors.js'
export { measureRoutes } from './measures.routes.js'
export {
  createMeasure,
  currentCoverage,
  currentMeasures,
  diffMeasureVersions,
  getMeasure,
  listMeasures,
  listMeasureVersions,
  loadDefaultMeasures,
  type MeasureDefaultsResult,
  type MeasureDiff,
  type MeasureFilter,
  measureHash,
  retireMeasure,
  updateMeasure,
} from './measures.service.js'
export {
  assertScenario,
  inForce,
  type ScenarioInfo,
  scenarioError,
  scenariosInForce,
  scenariosOf,
} from './measures.scenarios.js'
export type { MeasuresTable, MeasureTables } from './measures.tables.js'
export * from './measures.types.js'
export { checkMeasureDefinition, normaliseMeasure } from './measures.validate.js'
