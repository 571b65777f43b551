// Response shapes of the report routes, from the server modules that declare them (type-only imports).
export type {
  IssuedJson,
  ReportListItem,
  TemplateVersion,
} from '../../../../src/modules/reports/index.js'
export type { ReportBatchItem, ReportBatchJson } from '../../../../src/flows/reports/index.js'

export interface ReportPage {
  total: number
  page: number
  pageSize: number
  items: import('../../../../src/modules/reports/index.js').ReportListItem[]
}
