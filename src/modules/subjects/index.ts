// Public surface of the subjects module: subject accounts (activation codes, activation, the bound entity) and agents.
export { subjectError } from './subjects.errors.js'
export {
  AgentSchema,
  BoundEntitySchema,
  presentAgent,
  presentSubjectAccount,
  SubjectAccountSchema,
} from './subjects.presenter.js'
export { subjectRoutes } from './subjects.routes.js'
export {
  type ActivatedAccount,
  type ActivationInput,
  activateSubject,
  AGENT_STATES,
  type AgentState,
  type AgentView,
  AGENT_CASE_KIND,
  addAgent,
  agentLetterAccess,
  approveAgent,
  type BoundEntity,
  INVITATION_DEFAULT_DAYS,
  INVITATION_MAX_DAYS,
  type InvitationState,
  type InvitationView,
  type IssuedInvitation,
  issueInvitation,
  listAgents,
  listInvitations,
  rejectAgent,
  revokeInvitation,
  type SubjectAccount,
  subjectAccount,
  subjectEntityOf,
} from './subjects.service.js'
