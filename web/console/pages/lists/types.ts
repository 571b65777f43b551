// Shapes of the list management API as the lists module declares them (type-only: nothing of the server enters the
// bundle), and the console's labels for them.
import type {
  ExitKind,
  ListEntryJson,
  ListKind,
  ProposalJson,
  ProposalStatus,
} from '../../../../src/modules/lists/index.js'

export type {
  EscalationRule,
  ExitKind,
  ListKind,
  ProposalStatus,
  RuleVersion,
  ScanResult,
} from '../../../../src/modules/lists/index.js'

/** GET /api/v1/lists/:kind/entries items. */
export type ListEntry = ListEntryJson

/** GET /api/v1/lists/:kind/entries */
export interface EntryPage {
  kind: ListKind
  state: string
  total: number
  page: number
  pageSize: number
  items: ListEntry[]
}

/** GET /api/v1/lists/proposals items. */
export type Proposal = ProposalJson

export const listKindTitles: Readonly<Record<ListKind, string>> = {
  red: '红名单',
  black: '黑名单',
  focus: '重点关注名单',
}

export const exitKindLabels: Readonly<Record<ExitKind, string>> = {
  expired: '期满移出',
  removed: '提前移出',
  revoked: '已撤销',
  repaired: '信用修复',
}

export const proposalStatusLabels: Readonly<Record<ProposalStatus, string>> = {
  proposed: '待确认',
  confirmed: '已确认列入',
  rejected: '已驳回',
  superseded: '已失效',
}

/** Today's civil date in Asia/Shanghai (UTC+8, no DST). */
export function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
}
