// The shared case queue over every kind of case (src/modules/cases holds the cases; kinds register in kinds.ts).
export { caseQueueRoutes } from './cases.routes.js'
export { caseQueue, clockReading, myCases, type QueueAnswer, type QueueItem } from './cases.queue.js'
export { CASE_KINDS, type CaseKind, caseKind } from './kinds.js'
