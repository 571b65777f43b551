// Public surface of the deadlines module: deadline policies (working days per case step, versioned) and working-day
// deadlines over the calendar, provisional past its last year and recomputed when a year is loaded.
export {
  caseDeadline,
  computeDeadline,
  deadlineState,
  type ProvisionalRow,
  recomputeProvisional,
} from './deadlines.core.js'
export { deadlineError } from './deadlines.errors.js'
export type { PublicDeadlineJson } from './deadlines.presenter.js'
export { deadlineRoutes } from './deadlines.routes.js'
export {
  currentDeadlinePolicy,
  type DeadlineDefaultsResult,
  type DeadlinePolicySummary,
  deadlineFrom,
  deadlinePolicySetOf,
  deadlineStateToday,
  defaultDeadlinesFile,
  getDeadlinePolicy,
  listDeadlinePolicies,
  loadDefaultDeadlines,
  type ProvisionalDeadlineSource,
  recomputeProvisionalDeadlines,
  registerProvisionalDeadlines,
  updateDeadlinePolicy,
} from './deadlines.service.js'
export type {
  CaseDeadline,
  Deadline,
  DeadlineDefinition,
  DeadlinePolicy,
  DeadlinePolicySet,
  DeadlineState,
} from './deadlines.types.js'
