// Shapes of the list management API (src/modules/lists), as the console reads them.

export type ListKind = 'red' | 'black' | 'focus'
export type ExitKind = 'expired' | 'removed' | 'revoked' | 'repaired'

/** GET /api/v1/lists/:kind/entries */
export interface ListEntry {
  recordId: string
  class: string
  className: string
  entity: { id: string; name: string; kind: string; uscc: string | null; idMasked: string | null }
  documentNo: string | null
  authority: string | null
  providerDept: string
  decidedOn: string | null
  period: { from: string | null; until: string | null }
  state: 'listed' | 'ended'
  public: boolean
  exit: { kind: ExitKind; on: string | null; reason: string | null } | null
  marks: string[]
}

export interface EntryPage {
  kind: ListKind
  state: string
  total: number
  page: number
  pageSize: number
  items: ListEntry[]
}

export type ProposalStatus = 'proposed' | 'confirmed' | 'rejected' | 'superseded'

/** GET /api/v1/lists/proposals */
export interface Proposal {
  id: string
  kind: string
  status: ProposalStatus
  entity: { id: string; name: string; kind: string; uscc: string | null; district: string | null }
  records: {
    recordId: string
    class: string
    className: string
    documentNo: string | null
    decidedOn: string | null
    authority: string | null
    state: string
  }[]
  recordCount: number
  ruleVersion: number
  proposedAt: string
  proposedBy: string | null
  decidedAt: string | null
  decidedBy: string | null
  decidedDept: string | null
  documentNo: string | null
  decisionDate: string | null
  reason: string | null
  basis: string | null
  statusReason: string | null
  listRecordId: string | null
  batchId: string | null
}

export interface ScanResult {
  enabled: boolean
  ruleVersion: number
  scannedAt: string
  proposed: Proposal[]
  superseded: { id: string; entityId: string; reason: string }[]
  open: number
}

export interface EscalationRule {
  enabled: boolean
  generalRecords: number
  withinMonths: number
  classes: string[]
  focusMonths: number
  department: string | null
  basis: string[]
}

/** GET /api/v1/lists/escalation-rule[/versions] */
export interface RuleVersion {
  version: number
  rule: EscalationRule
  source: 'default' | 'operator'
  hash: string
  isCurrent: boolean
  createdAt: string
  createdBy: string | null
  reason: string | null
}

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
