// The vocabulary of watch events: what a watcher may subscribe to.

/** Event types: changes of records, lists and marks, grading (reserved), and the alerts of early-warning rules. */
export const WATCH_EVENT_TYPES = [
  'record.created',
  'record.corrected',
  'record.revoked',
  'record.repaired',
  'list.entered',
  'list.exited',
  'mark.opened',
  // emitted by the grading module once it exists (a grade of a watched entity changed): defined now, so rules and
  // watches may name it
  'grade.changed',
  'alert',
] as const
export type WatchEventType = (typeof WATCH_EVENT_TYPES)[number]

export const WATCH_EVENT_LABELS: Record<WatchEventType, string> = {
  'record.created': '新增信用记录',
  'record.corrected': '信用记录更正',
  'record.revoked': '信用记录撤销',
  'record.repaired': '信用修复',
  'list.entered': '列入名单',
  'list.exited': '移出名单',
  'mark.opened': '异议标注',
  'grade.changed': '信用等级变化',
  alert: '预警',
}

/** One event as the change that causes it hands it over (inside its transaction). */
export interface WatchEventInput {
  type: WatchEventType
  entityId: string
  /** public | government | authorized: who may receive it (filtered at delivery by the watcher's rights). */
  scope: string
  recordId?: string | null
  data: Record<string, unknown>
}

/** The facts of a record an event carries (never payload fields: the watcher reads those through sharing). */
export interface WatchedRecordFacts {
  id: string
  entity_id: string
  class_code: string
  version: number
  scope: string
  category: string
  polarity: string
  severity: string | null
  decided_on: string | null
  document_no: string | null
  authority: string | null
  provider_dept: string
  list_kind: string | null
  list_until: string | null
}

/** An event about a record: its facts as `data`. */
export function recordWatchEvent(type: WatchEventType, r: WatchedRecordFacts): WatchEventInput {
  return {
    type,
    entityId: r.entity_id,
    scope: r.scope,
    recordId: r.id,
    data: {
      recordId: r.id,
      class: r.class_code,
      version: Number(r.version),
      category: r.category,
      polarity: r.polarity,
      severity: r.severity,
      decidedOn: r.decided_on,
      documentNo: r.document_no,
      authority: r.authority,
      provider: r.provider_dept,
      list: r.list_kind ? { kind: r.list_kind, until: r.list_until } : null,
    },
  }
}
