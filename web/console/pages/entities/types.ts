// Shapes of the queue of unmatched subjects (待匹配主体) as the server declares them (type-only: nothing of the server
// enters the bundle).
import type { EntryDetailJson, EntryJson } from '../../../../src/modules/unmatched/index.js'

export type { Candidate, EntryStatus, QueueRowJson } from '../../../../src/modules/unmatched/index.js'
export type { DecisionResult } from '../../../../src/flows/unmatched/index.js'

/** GET /api/v1/unmatched items. */
export type UnmatchedEntry = EntryJson

/** GET /api/v1/unmatched/:id */
export type UnmatchedDetail = EntryDetailJson

/** GET /api/v1/unmatched */
export interface UnmatchedPage {
  total: number
  page: number
  pageSize: number
  items: UnmatchedEntry[]
}
