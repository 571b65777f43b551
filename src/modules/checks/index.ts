// Public surface of the checks module: joint reward and punishment checks, receipts, feedback and its statistics.
import { registerCheckSection } from './checks.section.js'

export { entityChecks, type FileCheckJson, fileChecksSchema } from './checks.section.js'

export {
  type BatchFile,
  type BatchResult,
  type BatchResultItem,
  batchWorkbook,
  getBatchResult,
  MAX_BATCH_SUBJECTS,
  RESULT_HEADERS,
  readBatchFile,
  SCENARIO_RE,
} from './checks.batches.js'
export { checkError } from './checks.errors.js'
export {
  type CheckExclusion,
  type CheckHit,
  type CheckOutcome,
  candidateMeasures,
  type EvaluationInput,
  type Evaluation,
  type ExclusionRef,
  evaluate,
  exclusionReads,
  matchesExclusion,
  matchesTrigger,
  outcomeOf,
  type TriggerRecord,
  type TriggerRef,
  triggerPeriod,
} from './checks.evaluate.js'
export { checkResultSchema, subjectSchema } from './checks.presenter.js'
export { checkRoutes } from './checks.routes.js'
export {
  type BatchInput,
  type BatchInputRow,
  type BatchItem,
  type CheckInput,
  type CheckReceipt,
  type CheckResult,
  type CheckSubject,
  checkScenarios,
  checkStats,
  type DeptStats,
  departmentsThatReceived,
  type EntityEvaluation,
  evaluateEntities,
  keptCode,
  presentSubject,
  type FeedbackInput,
  type FeedbackJson,
  CHECK_READ_ACTION,
  getCheck,
  type PendingItem,
  pendingFeedback,
  requireScenario,
  runCheck,
  runCheckBatch,
  type SubjectInput,
  submitFeedback,
} from './checks.service.js'
export { type CheckBreakdown, type CheckRates, checkBreakdown } from './checks.stats.js'
export type {
  CheckBatchesTable,
  CheckFeedbackTable,
  CheckNumbersTable,
  ChecksTable,
  CheckTables,
} from './checks.tables.js'
export { formatCheckNumber } from './checks.writer.js'
export { groupRepeats, REPEAT_CHECK_MINUTES } from './checks.repeats.js'

registerCheckSection()
