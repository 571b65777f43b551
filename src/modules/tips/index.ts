// Public surface of the tips module (有奖举报): filing by anyone with a number and a query code, status lookup, the
// routing table (versioned data), routing by the credit office, the handling department's outcome and reward.
export { tipError } from './tips.errors.js'
export { TIP_STATES, type TipAction, type TipState, tipMachine } from './tips.machine.js'
export type { TipDetailJson, TipSummaryJson } from './tips.presenter.js'
export { type TipRoutesOptions, tipRateLimit, tipRoutes } from './tips.routes.js'
export { defaultRoutingFile, type RoutingTable, readDefaultRouting, type TipCategory } from './tips.routing.js'
export {
  decideTip,
  type FiledTip,
  fenToYuan,
  getRouting,
  getTip,
  handles,
  listRoutingVersions,
  listTips,
  loadDefaultRouting,
  type RoutingVersion,
  readTipTexts,
  rewardTip,
  routeTip,
  submitTip,
  type TipContact,
  type TipDetail,
  type TipInput,
  tipFileAccess,
  tipStatus,
  transferTip,
  updateRouting,
  yuanToFen,
} from './tips.service.js'
export type { TipRoutingVersionsTable, TipsTable, TipTables } from './tips.tables.js'
