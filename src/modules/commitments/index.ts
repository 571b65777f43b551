// Public surface of the commitments module: credit commitments (信用承诺), their status history and reads.
import { registerCommitmentSection } from './commitments.section.js'

export { commitmentError } from './commitments.errors.js'
export {
  commitmentDetailSchema,
  commitmentPageSchema,
  commitmentSchema,
  summarySchema,
  versionSchema,
} from './commitments.presenter.js'
export type { CommitmentRow, CommitmentVersionRow } from './commitments.repository.js'
export {
  actingDept,
  applicantEntity,
  applyTransition,
  assertDecider,
  assertNoIdNumber,
  assertWithdrawer,
  type CommitmentDetailJson,
  type CommitmentJson,
  type CommitmentPage,
  type CommitmentVersionJson,
  checkDecisionDate,
  clearCommitment,
  clearVersionDetails,
  commitmentDetail,
  commitmentRecordCounts,
  type EntityCommitments,
  entityCommitments,
  type FileInput,
  type FilingDraft,
  COMMITMENT_READ_ACTION,
  getCommitment,
  historyOf,
  type ListQuery,
  listVisible,
  loadVisible,
  overdueCommitments,
  prepareFiling,
  reload,
  resolveSubject,
  type SubjectInput,
  seesAll,
  storeFiling,
  type Transition,
  type TransitionOp,
  transitionText,
} from './commitments.service.js'
export type { CommitmentsTable, CommitmentTables, CommitmentVersionsTable } from './commitments.tables.js'
export * from './commitments.types.js'

registerCommitmentSection()
