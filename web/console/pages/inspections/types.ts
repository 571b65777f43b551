// Shapes of the inspection API (GET /api/v1/inspections/...) as the inspections module declares them (type-only:
// nothing of the server enters the bundle).
export type {
  DrawVerification,
  InspectorView as Inspector,
  PlanDetail,
  PlanView as Plan,
} from '../../../../src/modules/inspections/index.js'

export interface PlanPage {
  total: number
  items: import('../../../../src/modules/inspections/index.js').PlanView[]
}

/** GET /api/v1/supervision/policies (the fields the plan form shows). */
export interface SupervisionPolicy {
  code: string
  version: number
  name: string
  model: string
  status: 'active' | 'retired'
  strata: { grade: string; percent: number; minimum: number; frequency: string }[]
}

/** The results of the class 行政检查结果信息 (its `result` field). */
export const RESULT_OPTIONS = [
  '未发现问题',
  '发现问题已责令改正',
  '发现问题已移送或立案查处',
  '未发现开展本次抽查涉及的经营活动',
  '不配合检查情节严重',
  '通过登记的住所（经营场所）无法联系',
] as const

export const FREQUENCY_LABELS: Record<string, string> = {
  year: '每年',
  half_year: '每半年',
  quarter: '每季度',
  month: '每月',
}

/** A stratum's name: the grade, or 未评价 for organisations without a grade. */
export const stratumLabel = (grade: string) => (grade === 'ungraded' ? '未评价' : `${grade} 级`)
