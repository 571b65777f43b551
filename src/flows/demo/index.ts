// Public surface of the demo city flow (`gongxin demo`, `npm start`).

export { demoError } from './demo.errors.js'
export {
  DEFAULT_CHUNK_SIZE,
  demoPipeline,
  type EnsureDemoResult,
  ensureDemo,
  generateDemo,
  MAX_DEMO_ENTITIES,
  registerDemoStep,
} from './demo.flow.js'
export {
  departmentsStep,
  entitiesStep,
  insertOrder,
  loginPlan,
  loginsStep,
  personsStep,
  SAMPLE_SIZE,
} from './demo.steps.js'
export type { DemoOptions, DemoProgress, DemoState, DemoStep, DemoSummary } from './demo.types.js'
export { creditOffice, type DemoDepartment, demoDepartments, industrySections } from './demo-data.js'
export {
  CodeBook,
  DEFAULT_DEMO_ENTITIES,
  DEFAULT_DEMO_SEED,
  DEMO_LAST_DATE,
  type DemoSize,
  demoDistricts,
  demoSize,
  departmentBodies,
  ORGANISATION_MIX,
  OrganisationGenerator,
  PERSON_SHARE,
  PersonGenerator,
} from './demo-entities.js'
export {
  DEMO_LOGINS_FILE,
  type DemoLogin,
  type DemoLoginsFile,
  demoLoginsPath,
  randomPassword,
  readDemoLogins,
} from './demo-logins.js'
export type { DistrictInfo } from './demo-names.js'
export { streamRng } from './demo-random.js'
export {
  DEFAULT_RECORDS_PER_ENTITY,
  defaultRecordsPerEntity,
  demoSubjects,
  generateRecords,
  RECORDS_AUTO_MAX_ENTITIES,
  type RecordsStepResult,
  recordsStep,
} from './demo-records.js'
