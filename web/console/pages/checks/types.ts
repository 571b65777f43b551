// Shapes of the check API (src/modules/checks), as the console reads them.

export type CheckOutcome = 'none' | 'reward' | 'punish' | 'both'

export interface CheckSubject {
  entityId: string
  name: string
  kind: string
  uscc: string | null
  idMasked: string | null
  district: string | null
  status: string
}

export interface TriggerRef {
  recordId: string
  class: string
  documentNo: string | null
  period: { from: string; until: string | null }
}

export interface CheckHit {
  measure: string
  version: number
  nameZh: string
  kind: 'reward' | 'punish'
  content: string
  basis: string[]
  implementingDepartments: string[]
  scope: string
  field: string | null
  triggeredBy: TriggerRef[]
  validUntil: string | null
  underObjection: boolean
}

export interface CheckResult {
  checkId: string
  at: string
  scenario: string
  subject: CheckSubject
  outcome: CheckOutcome
  hits: CheckHit[]
}

export interface Feedback {
  checkId: string
  measure: string
  version: number
  action: 'applied' | 'not_applied' | 'partial'
  reason: string | null
  effect: string | null
  startedOn: string | null
  endedOn: string | null
  dept: string | null
  at: string
  current: boolean
}

/** GET /api/v1/checks/:id */
export interface CheckReceipt extends CheckResult {
  requester: { kind: string; id: string | null; dept: string | null }
  purpose: string | null
  allMeasures: boolean
  batchId: string | null
  feedback: Feedback[]
}

export interface BatchResultItem {
  index: number
  row?: number
  code: string | null
  name: string | null
  checkId: string | null
  error: { code: string; message: string } | null
  subject: CheckSubject | null
  outcome: CheckOutcome | null
  hits: CheckHit[]
}

/** POST /api/v1/checks/batch/upload, GET /api/v1/checks/batch/:id */
export interface BatchResult {
  batchId: string
  at: string
  scenario: string
  purpose: string | null
  allMeasures: boolean
  source: string
  fileName: string | null
  dept: string | null
  total: number
  checked: number
  failed: number
  outcomes: Record<CheckOutcome, number>
  items: BatchResultItem[]
}

export interface PendingItem {
  checkId: string
  at: string
  scenario: string
  subject: CheckSubject
  pendingMeasures: string[]
  workingDays: number
}

export interface CheckRates {
  checks: number
  checksWithHits: number
  hitRate: number
  hits: number
  hitsWithFeedback: number
  feedbackRate: number
}

/** GET /api/v1/checks/stats/by-scenario */
export interface CheckBreakdown {
  from: string | null
  to: string | null
  dept: string | null
  totals: CheckRates
  byScenario: (CheckRates & { scenario: string })[]
  byDept: (CheckRates & { dept: string | null })[]
}
