// Public surface of the grading module: credit evaluation (公共信用综合评价) - versioned models, grades as history,
// full and incremental runs, the marks that trigger grading again, and the explained read path.
export { defaultModelsDir, readDefaultModels } from './grading.defaults.js'
export { gradingError } from './grading.errors.js'
export {
  type GradePublication,
  type GradePublicationVersion,
  getPublication,
  loadDefaultPublication,
  publicationVersion,
  publishedModels,
  updatePublication,
} from './grading.publication.js'
export { GradeSchema, GradingModelSchema, WhatIfSchema } from './grading.presenter.js'
export { gradingRoutes } from './grading.routes.js'
export type { GradeGroup, GradeMonth, GradeStats } from './grading.stats.js'
export {
  applyPercent,
  decayPercent,
  fullMonths,
  inForceOn,
  itemIndex,
  monthsLater,
  scoreEntity,
} from './grading.score.js'
export {
  covers,
  currentGradeViews,
  currentModels,
  defaultModelFor,
  diffModelVersions,
  entityGrade,
  entityGrades,
  type GradeQuery,
  type GradeView,
  gradeHistoryOf,
  gradingQueueLength,
  getModel,
  listModelVersions,
  loadDefaultModels,
  markForGrading,
  type ModelDiff,
  type RunOptions,
  type RunSummary,
  runGrading,
  startGradingWorker,
  updateModel,
  type WhatIf,
  whatIfGrade,
} from './grading.service.js'
export type { GradesTable, GradingModelsTable, GradingQueueTable, GradingTables } from './grading.tables.js'
export * from './grading.types.js'
export {
  type ClassInfo,
  checkModel,
  type ModelProblem,
  modelProblems,
  normaliseModel,
  scoreRange,
} from './grading.validate.js'
