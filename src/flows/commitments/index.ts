// Credit commitments across modules: filing, fulfilment, breach records, withdrawal and the applicant credit review.
export { type BreachFacts, RecordSubjects } from './commitment-records.js'
export {
  type BreachInput,
  breachCommitment,
  creditReview,
  type FulfilInput,
  fileCommitment,
  fulfilCommitment,
  type ReviewInput,
  type ReviewResult,
  withdrawCommitment,
} from './commitments.flow.js'
export { commitmentRoutes } from './commitments.routes.js'
