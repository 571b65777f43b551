// Public surface of the objections module: the objection case machine (states, actions, deadlines), the facts an
// objection keeps beside its case, and their JSON shapes. The steps that touch records and marks are a flow
// (src/flows/objections).
export { objectionError } from './objections.errors.js'
export {
  DEADLINE_LABELS,
  OBJECTION_DEADLINES,
  OBJECTION_OUTCOMES,
  OBJECTION_STATES,
  type ObjectionAction,
  type ObjectionOutcome,
  type ObjectionState,
  OUTCOME_LABELS,
  objectionMachine,
} from './objections.machine.js'
export {
  type ObjectionClockJson,
  ObjectionClockSchema,
  ObjectionDeadlinesSchema,
  type ObjectionDetailJson,
  ObjectionDetailSchema,
  type ObjectionJson,
  type ObjectionPageJson,
  ObjectionPageSchema,
  ObjectionRecordSchema,
  ObjectionSchema,
  presentObjection,
  presentObjectionHistory,
} from './objections.presenter.js'
export {
  checkFiling,
  checkText,
  closeObjection,
  type ObjectedRecord,
  type ObjectionFacts,
  type ObjectionFiling,
  objectionClearTexts,
  objectionFacts,
  objectionFactsOf,
  storeObjection,
} from './objections.service.js'
export type { ObjectionTables } from './objections.tables.js'
