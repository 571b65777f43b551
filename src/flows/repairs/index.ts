// Credit repair (信用修复) across modules: eligibility, applications with their commitment, decisions that take
// effect at once, the outbox.
export {
  type ApplyInput,
  applyForRepair,
  type DecideInput,
  decideRepair,
  eligibilityFor,
  eligibilityOf,
  getRepairFor,
  listRepairsFor,
  repairCaseAccess,
  type RepairListQuery,
  withdrawRepair,
} from './repairs.flow.js'
export {
  applyForListExit,
  decideListExit,
  getListExitFor,
  type ListExitApplyInput,
  listExitCaseAccess,
  listExitEligibilityFor,
  listListExitsFor,
  withdrawListExit,
} from './list-exits.flow.js'
export { repairRoutes } from './repairs.routes.js'
