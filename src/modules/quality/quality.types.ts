/** Filters of a quality report. Civil dates (YYYY-MM-DD, Asia/Shanghai), inclusive, on the submission day. */
export interface QualityFilter {
  dept?: string | undefined
  class?: string | undefined
  from?: string | undefined
  to?: string | undefined
}

/** One of the most frequent row error codes of a department and class, with one message as it was reported. */
export interface TopError {
  code: string
  /** Problems with this code (a row with two different problems counts once under each code). */
  count: number
  /** The first message reported with this code, in Chinese, as the provider saw it. */
  example: string
}

/** The feedback figures of one department and class (or, as totals, of everything shown). */
export interface QualityFigures {
  batches: number
  /** Rows submitted: accepted + rejected + duplicates. */
  rows: number
  accepted: number
  rejected: number
  duplicates: number
  /** Accepted rows that corrected or revoked an earlier record (new records = accepted - corrected - revoked). */
  corrected: number
  revoked: number
  /** Rows with at least one warning (accepted or not). */
  warnings: number
  /** Accepted new records that arrived after the class's deadline. */
  late: number
  /** Rejected rows whose subject could not be identified. */
  unresolved: number
  /** rejected / rows, 4 decimals; null without rows. */
  rejectionRate: number | null
  /** late / new records, 4 decimals; null when the class has no deadline or there are no new records. */
  lateRate: number | null
  topErrors: TopError[]
  /** When the latest batch was received (UTC instant); null without batches. */
  lastSubmittedAt: string | null
}

export interface QualityItem extends QualityFigures {
  /** The submitting department; null for file imports without --dept (rows named their own providers). */
  dept: string | null
  deptName: string | null
  class: string
  className: string
}

export interface QualityReport {
  items: QualityItem[]
  totals: QualityFigures
  /** The filter as applied (a provider's department is always set). */
  filter: { dept: string | null; class: string | null; from: string | null; to: string | null }
}
