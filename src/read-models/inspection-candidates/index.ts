// Read model "inspection candidates": the organisations of an inspection plan's scope with their current grade by
// the policy's model. Read by the inspections module when a plan is frozen; see inspection-candidates.queries.ts.
export { type CandidateRow, type CandidateScope, candidatesPage } from './inspection-candidates.queries.js'
export { reads } from './reads.js'
