// Objections (异议) as a flow: filing, acceptance, rejection, forwarding, decision and withdrawal, each one
// transaction over cases, objections, marks and (for corrections and revocations) the collection pipeline.
export {
  acceptObjection,
  type DecideInput,
  decideObjection,
  forwardObjection,
  getObjection,
  listObjections,
  type ObjectionQuery,
  objectionFileAccess,
  readObjectionTexts,
  rejectObjection,
  type SubmitInput,
  submitObjection,
  withdrawObjection,
} from './objections.flow.js'
export { objectionRoutes } from './objections.routes.js'
