import type { EntityKind, IdentifierScheme, UnresolvedCause } from '../entities/index.js'

export const ENTRY_STATUSES = ['open', 'matched', 'registered', 'resubmitted', 'withdrawn'] as const
export type EntryStatus = (typeof ENTRY_STATUSES)[number]
export const ENTRY_STATUS_LABELS: Record<EntryStatus, string> = {
  open: '待匹配',
  matched: '已匹配',
  registered: '已登记新主体',
  resubmitted: '报送单位已重新报送',
  withdrawn: '报送单位已撤销批次',
}

export const ROW_STATUSES = ['pending', 'released', 'resubmitted', 'withdrawn'] as const
export type QueueRowStatus = (typeof ROW_STATUSES)[number]

/** The subject as the rows describe it (never an ID number: natural persons are not queued). */
export interface QueuedSubject {
  name: string | null
  uscc: string | null
  /** Other codes given (organisation code, registration number), normalised. */
  codes: string[]
  /** The kind a registration would take (from the USCC or the 行政相对人类别). */
  kind: EntityKind | null
  district: string | null
  /** 行政相对人类别 as submitted. */
  category: string | null
  legalRep?: string | null
}

/** One unresolved row for the queue (written in the chunk's transaction). */
export interface QueuedRow {
  batchId: string
  rowNo: number
  dept: string
  classCode: string
  classVersion: number
  providerKey: string
  documentNo: string | null
  decidedOn: string | null
  subjectKey: string
  nameKey: string | null
  /** The row's plan as JSON (payload sealed as stored in records; no subject). */
  plan: string
  subject: QueuedSubject
  cause: UnresolvedCause
  message: string
}

/** A row a provider submitted and the pipeline accepted: its record key, for taking queued copies out. */
export interface ResubmittedRow {
  dept: string
  providerKey: string
  /** The subject's name as submitted (normalised only when a queued row of the same key is found). */
  name: string | null
  subjectKey: string
}

export type CandidateMatch = IdentifierScheme | 'name' | 'former_name' | 'name_fragment'

/** An entity that may be the queued subject, and why it was found. */
export interface Candidate {
  entityId: string
  name: string
  uscc: string | null
  kind: EntityKind
  district: string | null
  districtName: string | null
  status: string
  codes: { scheme: IdentifierScheme; value: string }[]
  matchedBy: CandidateMatch[]
}

export interface EntryRowsSummary {
  pending: number
  released: number
  resubmitted: number
  /** Rows whose batch its provider revoked. */
  withdrawn: number
  /** Batches the entry's rows came from. */
  batches: number
  depts: string[]
  classes: string[]
}

export interface EntryJson {
  id: string
  status: EntryStatus
  cause: UnresolvedCause
  message: string
  subject: QueuedSubject & { districtName: string | null }
  rows: EntryRowsSummary
  firstSeenAt: string
  lastSeenAt: string
  entity: { id: string; name: string; uscc: string | null } | null
  decidedAt: string | null
  decidedBy: string | null
  /** The operator's reason for the decision, when given. */
  reason: string | null
  candidates: Candidate[]
}

export interface QueueRowJson {
  batchId: string
  rowNo: number
  dept: string
  class: string
  classVersion: number
  documentNo: string | null
  decidedOn: string | null
  fileName: string | null
  submittedAt: string
  status: QueueRowStatus
  outcome: string | null
  outcomeMessage: string | null
  recordId: string | null
  resubmittedBatchId: string | null
  settledAt: string | null
}

export interface EntryDetailJson extends EntryJson {
  items: QueueRowJson[]
}
