// The focus-list confirmation flow: a proposal of the escalation rule becomes a list record through ingest.
export { type ConfirmInput, confirmProposal } from './confirm-proposal.js'
export { listFlowRoutes } from './lists.routes.js'
