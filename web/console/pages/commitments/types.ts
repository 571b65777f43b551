// Shapes of the commitment API (GET /api/v1/commitments, POST /api/v1/reviews).

export interface Commitment {
  id: string
  number: string
  version: number
  entity: { id: string; name: string; kind: string; uscc: string | null; idMasked: string | null }
  type: string
  typeLabel: string
  matter: string
  matterCode: string | null
  dept: string
  deptName: string | null
  content: string
  filedOn: string
  dueOn: string | null
  validTo: string | null
  public: boolean
  status: string
  statusLabel: string
  filedBy: 'applicant' | 'dept'
  overdue: boolean
  recordId: string | null
  breachRecordId: string | null
  decidedOn: string | null
  createdAt: string
  updatedAt: string
}

export interface CommitmentVersion {
  version: number
  op: string
  status: string
  details: Record<string, unknown>
  actor: { kind: string; id: string | null; dept: string | null }
  at: string
}

export interface CommitmentDetail extends Commitment {
  history: CommitmentVersion[]
}

export interface CommitmentPage {
  total: number
  page: number
  pageSize: number
  items: Commitment[]
}

export interface CommitmentSummary {
  total: number
  filed: number
  fulfilled: number
  breached: number
  withdrawn: number
  overdue: number
}

export interface ReviewHit {
  measure: string
  nameZh: string
  kind: 'reward' | 'punish'
  content: string
  basis: string[]
  implementingDepartments: string[]
  validUntil: string | null
  underObjection: boolean
  triggeredBy: { recordId: string; class: string; documentNo: string | null }[]
}

export interface ReviewResult {
  checkId: string
  at: string
  subject: {
    entityId: string
    name: string
    kind: string
    uscc: string | null
    idMasked: string | null
    district: string | null
    status: string
  }
  check: { checkId: string; scenario: string; outcome: 'none' | 'reward' | 'punish' | 'both'; hits: ReviewHit[] }
  commitments: Commitment[]
  summary: CommitmentSummary
  breaches: number
}

/** The 违诺情形 values of the commitment_breach class (or 其他-具体说明). */
export const breachTypeOptions = ['未履行承诺事项', '承诺内容与实际情况不符', '提供虚假材料', '逾期未补齐材料'] as const

/** Types that need a due date when filed (容缺受理: the date the missing materials are due). */
export const dueRequiredTypes: ReadonlySet<string> = new Set(['tolerate_missing'])

/** Types published unless the filer says otherwise (server: COMMITMENT_TYPES.publicByDefault). */
export const publicByDefault: ReadonlySet<string> = new Set(['notify_commit', 'repair', 'voluntary', 'industry'])
