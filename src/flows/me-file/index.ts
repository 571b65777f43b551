// The subject's own file (本人档案) and who read its non-public data (查询记录): composed from the modules' reads and
// the audit log indexed by subject entity.
export {
  ACCESS_KIND_LABELS,
  ACCESS_LOG_ACTIONS,
  ACCESS_LOG_XLSX_HEADERS,
  type AccessLogEntry,
  type AccessLogPage,
  type AccessLogQuery,
  accessLog,
  accessLogWorkbook,
} from './access-log.js'
export { type CaseSource, registerCaseSource, type SubjectCaseJson, subjectCases } from './cases.js'
export { boundEntity, type MeFile, subjectFile } from './me-file.js'
export { meRoutes } from './me.routes.js'
