// Shared console pieces for every kind of case: the queue page, the case page frame, clocks and action dialogs.
export { CaseClock, CaseClocks, CurrentClock } from './clock.js'
export {
  CaseActionButton,
  type CaseActionButtonProps,
  CaseFrame,
  CaseHistory,
  EvidenceList,
} from './frame.js'
export { DecisionActions, type DecisionActionsProps } from './decision.js'
export { CaseQueuePage, CaseStateTag } from './queue.js'
export type { CaseDeadline, CaseEvent, CaseFile, CaseSummary, QueueAnswer, QueueItem } from './types.js'
