// Shapes of the commitment API (GET /api/v1/commitments, POST /api/v1/reviews) as the commitments module and flow
// declare them (type-only: nothing of the server enters the bundle).
import type { ReviewResult as Review } from '../../../../src/flows/commitments/commitments.flow.js'
import type {
  CommitmentDetailJson,
  CommitmentJson,
  CommitmentVersionJson,
} from '../../../../src/modules/commitments/index.js'

export type { CommitmentPage } from '../../../../src/modules/commitments/index.js'

export type Commitment = CommitmentJson
export type CommitmentVersion = CommitmentVersionJson
export type CommitmentDetail = CommitmentDetailJson
/** POST /api/v1/reviews */
export type ReviewResult = Review

/** The 违诺情形 values of the commitment_breach class (or 其他-具体说明). */
export const breachTypeOptions = ['未履行承诺事项', '承诺内容与实际情况不符', '提供虚假材料', '逾期未补齐材料'] as const

/** Types that need a due date when filed (容缺受理: the date the missing materials are due). */
export const dueRequiredTypes: ReadonlySet<string> = new Set(['tolerate_missing'])

/** Types published unless the filer says otherwise (server: COMMITMENT_TYPES.publicByDefault). */
export const publicByDefault: ReadonlySet<string> = new Set(['notify_commit', 'repair', 'voluntary', 'industry'])
