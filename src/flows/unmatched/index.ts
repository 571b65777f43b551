// Deciding entries of the queue of unmatched subjects: match or register, then the rows go through collection again.
export { type DecisionResult, matchEntry, type RegisterInput, registerEntry } from './decide.js'
export { unmatchedFlowRoutes } from './unmatched.routes.js'
