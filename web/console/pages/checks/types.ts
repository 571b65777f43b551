// Shapes of the check API as the checks module declares them (type-only: nothing of the server enters the bundle).
import type { CheckBreakdown as Breakdown, FeedbackJson } from '../../../../src/modules/checks/index.js'

export type {
  BatchResult,
  BatchResultItem,
  CheckExclusion,
  CheckHit,
  CheckOutcome,
  CheckRates,
  CheckReceipt,
  CheckResult,
  CheckSubject,
  PendingItem,
} from '../../../../src/modules/checks/index.js'

/** One feedback on a hit (GET /api/v1/checks/:id `feedback`, POST /api/v1/checks/:id/feedback). */
export type Feedback = FeedbackJson

/** GET /api/v1/checks/stats/by-scenario: the breakdown with the range and department it covers. */
export interface CheckBreakdown extends Breakdown {
  from: string | null
  to: string | null
  dept: string | null
}
