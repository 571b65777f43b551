// Public surface of the lists module: red, black and focus list management, the versioned escalation rule and the
// focus-list proposals it produces (confirmed through src/flows/lists).
export {
  assertListKind,
  type ExitKind,
  LIST_KINDS,
  LIST_READ_ACTION,
  type ListEntryJson,
  type ListKind,
  listEntries,
} from './lists.entries.js'
export { listError } from './lists.errors.js'
export { entrySchema, proposalSchema } from './lists.presenter.js'
export { listRoutes } from './lists.routes.js'
export { checkRule, defaultRuleFile, type EscalationRule, normaliseRule, readDefaultRule } from './lists.rule.js'
export {
  assertOpen,
  BLOCKING_KINDS,
  type Confirmation,
  FOCUS_CLASS,
  getProposal,
  getProposalRow,
  getRule,
  isOnBlockingList,
  listProposals,
  readProposals,
  listRuleVersions,
  loadDefaultEscalationRule,
  markProposalConfirmed,
  PROPOSAL_STATUS_LABELS,
  PROPOSAL_STATUSES,
  type ProposalJson,
  type ProposalStatus,
  type RuleDefaultsResult,
  type RuleVersion,
  rejectProposal,
  type ScanResult,
  scanProposals,
  updateRule,
} from './lists.service.js'
export type { ListEscalationRulesTable, ListProposalsTable, ListTables } from './lists.tables.js'
