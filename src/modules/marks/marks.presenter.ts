import { type Static, Type } from '@sinclair/typebox'
import { Nullable } from '../../http/typed.js'
import type { MarkRow } from './marks.repository.js'

export const MARK_LABELS: Record<string, string> = { under_objection: '异议处理中' }

/** A mark as operators see it: both events, who, when, why. */
export interface MarkJson {
  id: string
  recordId: string
  kind: string
  label: string
  open: boolean
  openedAt: string
  openedBy: string | null
  openReason: string
  closedAt: string | null
  closedBy: string | null
  closeReason: string | null
}

export function presentMark(m: MarkRow): MarkJson {
  return {
    id: m.id,
    recordId: m.record_id,
    kind: m.kind,
    label: MARK_LABELS[m.kind] ?? m.kind,
    open: m.closed_at === null,
    openedAt: m.opened_at,
    openedBy: m.opened_by,
    openReason: m.open_reason,
    closedAt: m.closed_at,
    closedBy: m.closed_by,
    closeReason: m.close_reason,
  }
}

/** The history as events, oldest first: each mark is an `open` and, once closed, a `close`. */
export function markEvents(
  marks: MarkRow[],
): { event: 'open' | 'close'; kind: string; at: string; by: string | null; byKind: string; reason: string }[] {
  const out: {
    event: 'open' | 'close'
    kind: string
    at: string
    by: string | null
    byKind: string
    reason: string
  }[] = []
  for (const m of marks) {
    out.push({
      event: 'open',
      kind: m.kind,
      at: m.opened_at,
      by: m.opened_by,
      byKind: m.opened_by_kind,
      reason: m.open_reason,
    })
    if (m.closed_at)
      out.push({
        event: 'close',
        kind: m.kind,
        at: m.closed_at,
        by: m.closed_by,
        byKind: m.closed_by_kind ?? 'system',
        reason: m.close_reason ?? '',
      })
  }
  return out.sort((a, b) => a.at.localeCompare(b.at) || (a.event === b.event ? 0 : a.event === 'open' ? -1 : 1))
}

/** What the public sees of a mark: kind, label and since when (not who opened it or why). */
export function presentPublicMark(m: MarkRow): { recordId: string; kind: string; label: string; since: string } {
  return { recordId: m.record_id, kind: m.kind, label: MARK_LABELS[m.kind] ?? m.kind, since: m.opened_at }
}

/** A mark as operators see it (the answer of opening and of closing one). */
export const MarkSchema = Type.Object({
  id: Type.String(),
  recordId: Type.String(),
  kind: Type.String(),
  label: Type.String(),
  open: Type.Boolean(),
  openedAt: Type.String(),
  openedBy: Nullable(Type.String()),
  openReason: Type.String(),
  closedAt: Nullable(Type.String()),
  closedBy: Nullable(Type.String()),
  closeReason: Nullable(Type.String()),
})

/** A record's marks: the kinds open now, every mark, and the history as events. */
export const MarkHistorySchema = Type.Object({
  recordId: Type.String(),
  open: Type.Array(Type.String()),
  marks: Type.Array(MarkSchema),
  events: Type.Array(
    Type.Object({
      event: Type.Union([Type.Literal('open'), Type.Literal('close')]),
      kind: Type.String(),
      at: Type.String(),
      by: Nullable(Type.String()),
      byKind: Type.String(),
      reason: Type.String(),
    }),
  ),
})

export function presentMarkHistory(recordId: string, marks: MarkRow[]): Static<typeof MarkHistorySchema> {
  return {
    recordId,
    open: marks.filter((m) => m.closed_at === null).map((m) => m.kind),
    marks: marks.map(presentMark),
    events: markEvents(marks),
  }
}
