// The JSON of the shared case routes (GET /api/v1/cases, GET /api/v1/me/cases) and of the kinds' case pages.

export interface CaseDeadline {
  code: string
  label: string
  startOn: string
  workingDays: number
  dueOn: string
  provisional: boolean
  metAt: string | null
  remainingWorkingDays: number | null
  overdue: boolean
}

export interface CaseSummary {
  id: string
  kind: string
  number: string
  state: string
  stateLabel: string
  version: number
  entityId: string | null
  recordId: string | null
  applicantKind: string
  handlerDept: string | null
  outcome: string | null
  openedOn: string
  closedAt: string | null
  overdue: boolean
  deadlines: CaseDeadline[]
}

export interface QueueItem extends CaseSummary {
  kindLabel: string
  entityName: string | null
}

export interface QueueAnswer {
  items: QueueItem[]
  total: number
  page: number
  pageSize: number
  counts: { kind: string; state: string; stateLabel: string; dept: string | null; count: number }[]
}

export interface CaseEvent {
  seq: number
  action: string
  actionLabel: string
  fromState: string | null
  toState: string
  toStateLabel: string
  details: Record<string, unknown>
  actorKind: string
  actorId: string | null
  actorDept: string | null
  at: string
}

/** An evidence file attached to a case (POST /api/v1/files). */
export interface CaseFile {
  id: string
  name: string
  size: number
  sha256?: string
}
