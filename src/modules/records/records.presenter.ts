import { Type } from '@sinclair/typebox'
import { AnyObject, Nullable } from '../../http/typed.js'
import type { BatchRow, RecordRow, RecordVersionRow } from './records.repository.js'
import type { RecordHistoryView, RecordView } from './records.service.js'
import { type BatchCounters, countersOf } from './records.tables.js'

export interface RecordJson {
  id: string
  entityId: string
  class: string
  classVersion: number
  provider: string
  providerKey: string
  version: number
  state: string
  polarity: string
  category: string
  scope: string
  severity: string | null
  severityOverride: string | null
  decidedOn: string | null
  documentNo: string | null
  authority: string | null
  publication: { from: string; minUntil: string | null; until: string; ruleVersion: string | null } | null
  list: { kind: string; until: string | null } | null
  minorAtDecision: boolean
  dueOn: string | null
  late: boolean
  data: Record<string, unknown>
  batchId: string | null
  createdAt: string
  updatedAt: string
}

/**
 * The government view of a record. `mask` turns field values into what the reader may see (masked ID
 * numbers, hidden fields); the disclosure rules decide it per principal.
 */
export function presentRecord(
  r: RecordRow,
  payload: string,
  mask: (data: Record<string, unknown>) => Record<string, unknown> = (d) => d,
): RecordJson {
  return {
    id: r.id,
    entityId: r.entity_id,
    class: r.class_code,
    classVersion: r.class_version,
    provider: r.provider_dept,
    providerKey: r.provider_key,
    version: r.version,
    state: r.state,
    polarity: r.polarity,
    category: r.category,
    scope: r.scope,
    severity: r.severity,
    severityOverride: r.severity_override,
    decidedOn: r.decided_on,
    documentNo: r.document_no,
    authority: r.authority,
    publication:
      r.publish_from && r.publish_max_until
        ? {
            from: r.publish_from,
            minUntil: r.publish_min_until,
            until: r.publish_max_until,
            ruleVersion: r.rule_version,
          }
        : null,
    list: r.list_kind ? { kind: r.list_kind, until: r.list_until } : null,
    minorAtDecision: r.minor_at_decision === 1,
    dueOn: r.due_on,
    late: r.late === 1,
    data: mask(JSON.parse(payload) as Record<string, unknown>),
    batchId: r.batch_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

export function presentRecordVersion(
  v: RecordVersionRow,
  mask: (data: Record<string, unknown>) => Record<string, unknown> = (d) => d,
) {
  return {
    version: v.version,
    op: v.op,
    state: v.state,
    classVersion: v.class_version,
    severity: v.severity,
    reason: v.reason,
    batchId: v.batch_id,
    rowNo: v.row_no,
    actorKind: v.actor_kind,
    actor: v.actor_id,
    /** The queue entry (待匹配主体) an operator released this row from: batchId and rowNo are the provider's own. */
    resubmittedFrom: v.resubmitted_from ?? null,
    at: v.created_at,
    data: mask(JSON.parse(v.payload) as Record<string, unknown>),
  }
}

/** A batch as it leaves the server: its counters (BATCH_COUNTERS) come between dryRun and rowsDone. */
export interface BatchJson extends BatchCounters {
  batchId: string
  class: string
  classVersion: number
  dept: string | null
  channel: string
  fileName: string | null
  status: string
  /**
   * Status `running`, but the process running it is gone (killed, crashed, restarted): nothing moves it until the
   * same content is submitted again, which resumes it after `rowsDone`.
   */
  interrupted: boolean
  dryRun: boolean
  rowsDone: number
  error: string | null
  createdAt: string
  finishedAt: string | null
}

/** `interrupted` comes from the collection flow, which knows which processes run batches. */
export function presentBatch(b: BatchRow, interrupted = false): BatchJson {
  return {
    batchId: b.id,
    class: b.class_code,
    classVersion: b.class_version,
    dept: b.dept_code,
    channel: b.channel,
    fileName: b.file_name,
    status: b.status,
    interrupted,
    dryRun: b.dry_run === 1,
    ...countersOf((c) => b[c]),
    rowsDone: b.rows_done,
    error: b.error,
    createdAt: b.created_at,
    finishedAt: b.finished_at,
  }
}

/** A record's JSON (presentRecord); `data` holds the class's fields the reader may see. */
export const RecordSchema = Type.Object({
  id: Type.String(),
  entityId: Type.String(),
  class: Type.String(),
  classVersion: Type.Integer(),
  provider: Type.String(),
  providerKey: Type.String(),
  version: Type.Integer(),
  state: Type.String(),
  polarity: Type.String(),
  category: Type.String(),
  scope: Type.String(),
  severity: Nullable(Type.String()),
  severityOverride: Nullable(Type.String()),
  decidedOn: Nullable(Type.String()),
  documentNo: Nullable(Type.String()),
  authority: Nullable(Type.String()),
  publication: Nullable(
    Type.Object({
      from: Type.String(),
      minUntil: Nullable(Type.String()),
      until: Type.String(),
      ruleVersion: Nullable(Type.String()),
    }),
  ),
  list: Nullable(Type.Object({ kind: Type.String(), until: Nullable(Type.String()) })),
  minorAtDecision: Type.Boolean(),
  dueOn: Nullable(Type.String()),
  late: Type.Boolean(),
  data: AnyObject,
  batchId: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})

/** A record with the kinds of its open marks (an objection shows wherever the record does). */
export const MarkedRecordSchema = Type.Object({ ...RecordSchema.properties, marks: Type.Array(Type.String()) })

/** One version of a record (presentRecordVersion). */
export const RecordVersionSchema = Type.Object({
  version: Type.Integer(),
  op: Type.String(),
  state: Type.String(),
  classVersion: Type.Integer(),
  severity: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  batchId: Nullable(Type.String()),
  rowNo: Nullable(Type.Integer()),
  actorKind: Type.String(),
  actor: Nullable(Type.String()),
  resubmittedFrom: Nullable(Type.String()),
  at: Type.String(),
  data: AnyObject,
})

/** A record's history: every version, oldest first. */
export const RecordHistorySchema = Type.Object({
  recordId: Type.String(),
  class: Type.String(),
  currentVersion: Type.Integer(),
  state: Type.String(),
  versions: Type.Array(RecordVersionSchema),
})

/** The record view of readRecord, marks included (MarkedRecordSchema). */
export function presentMarkedRecord(view: RecordView): RecordJson & { marks: string[] } {
  return { ...presentRecord(view.record, view.payload, view.mask), marks: view.marks }
}

/** The history view of readRecordHistory (RecordHistorySchema). */
export function presentRecordHistory(view: RecordHistoryView) {
  return {
    recordId: view.record.id,
    class: view.record.class_code,
    currentVersion: view.record.version,
    state: view.record.state,
    versions: view.versions.map(({ version, mask }) => presentRecordVersion(version, mask)),
  }
}
