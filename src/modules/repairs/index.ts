// Public surface of the repairs module: credit repair (信用修复) cases - their machine, their facts, and whether a
// record may be repaired (computed from the rule set it was decided under). The cross-module steps are
// src/flows/repairs.
export {
  type Eligibility,
  type EligibilityInput,
  type EligibilityRecord,
  REASON_CODES,
  type Reason,
  type ReasonCode,
  repairEligibility,
  repairRules,
} from './repairs.eligibility.js'
export {
  applicationGrounds,
  LIST_EXIT_REASON_CODES,
  type ListExitEligibility,
  listExitEligibility,
} from './list-exits.eligibility.js'
export {
  LIST_EXIT_DEADLINE,
  LIST_EXIT_DEADLINE_LABELS,
  LIST_EXIT_STATES,
  type ListExitState,
  listExitMachine,
} from './list-exits.machine.js'
export {
  ListExitDetailSchema,
  type ListExitDetailJson,
  ListExitEligibilitySchema,
  type ListExitEligibilityJson,
  type ListExitJson,
  ListExitPageSchema,
  type ListExitPageJson,
  ListExitSchema,
  presentListExit,
  presentListExitDetail,
  presentListExitEligibility,
} from './list-exits.presenter.js'
export { repairError } from './repairs.errors.js'
export {
  DEADLINE_LABELS,
  REPAIR_DEADLINES,
  REPAIR_STATES,
  type RepairAction,
  type RepairState,
  repairMachine,
} from './repairs.machine.js'
export {
  EligibilitySchema,
  type EligibilityJson,
  presentEligibility,
  presentRepair,
  presentRepairDetail,
  type RecipientJson,
  RecipientSchema,
  RepairDetailSchema,
  type RepairDetailJson,
  type RepairJson,
  RepairPageSchema,
  type RepairPageJson,
  RepairSchema,
} from './repairs.presenter.js'
export {
  type ListExitFacts,
  type ListExitRow,
  listExitFacts,
  listExitFactsOf,
  type RepairFacts,
  type RepairRow,
  repairFacts,
  repairFactsOf,
  storeListExitDecision,
  storeListExitFacts,
  storeRepairDecision,
  storeRepairFacts,
} from './repairs.service.js'
export type { ListExitsTable, RepairsTable, RepairTables } from './repairs.tables.js'
