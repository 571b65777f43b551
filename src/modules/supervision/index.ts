// Public surface of the supervision module: supervision policies by credit grade (分级分类监管), a versioned policy
// kind - per grade of a grading model, the inspection ratio and frequency of 双随机 draws and the measures that follow.
export { defaultPoliciesDir, readDefaultPolicies } from './supervision.defaults.js'
export { supervisionError } from './supervision.errors.js'
export { SupervisionPolicySchema } from './supervision.presenter.js'
export { supervisionRoutes } from './supervision.routes.js'
export {
  currentSupervisionPolicies,
  getSupervisionPolicy,
  loadDefaultSupervisionPolicies,
  type SupervisionPolicyDiff,
  updateSupervisionPolicy,
} from './supervision.service.js'
export type { SupervisionPoliciesTable, SupervisionTables } from './supervision.tables.js'
export * from './supervision.types.js'
export {
  basisPoints,
  checkSupervisionPolicy,
  normalisePolicy,
  type SupervisionReferences,
} from './supervision.validate.js'
