// Public surface of the cases module: numbered applications (objections, repairs, tips, list exits) with a state
// machine per kind, an optimistic lock, their history and their working-day clocks. Kinds keep their own facts.
export { caseError } from './cases.errors.js'
export { type CaseMachine, defineCaseMachine, isClosedState, stateLabel } from './cases.machine.js'
export {
  CaseEventSchema,
  type CaseEventJson,
  CaseSummarySchema,
  type CaseSummaryJson,
  type ClockReading,
  DeadlineSchema,
  type DeadlineJson,
  presentCaseEvent,
  presentCaseSummary,
  presentDeadline,
} from './cases.presenter.js'
export {
  type CaseDeadlineRow,
  type CaseEventRow,
  type CasePage,
  type CaseQuery,
  type CaseRow,
  type CaseView,
  caseCounts,
  caseHistory,
  type DeadlineStart,
  getCase,
  getCaseByNumber,
  listCases,
  type MoveCaseInput,
  moveCase,
  type OpenCaseInput,
  openCase,
  openCasesAbout,
  recountProvisionalDeadlines,
} from './cases.service.js'
export type { CaseTables } from './cases.tables.js'
