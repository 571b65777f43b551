/** One deadline policy as GET /api/v1/deadlines/:code serves it. */
export interface DeadlinePolicy {
  code: string
  version: number
  nameZh: string
  workingDays: number
  from: string
  basis: string[]
}

/** A current policy in the list (GET /api/v1/deadlines). */
export interface DeadlineSummary extends DeadlinePolicy {
  source: string
  updatedAt: string
}

export interface DeadlineDiff {
  code: string
  from: number
  to: number
  changes: { property: string; before: unknown; after: unknown }[]
}

export const deadlinePropertyLabels: Readonly<Record<string, string>> = {
  nameZh: '名称',
  workingDays: '工作日数',
  from: '起算点',
  basis: '依据',
}
