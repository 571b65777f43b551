// The console's list management view: the entries of the red, black and focus lists (government view: every scope),
// with their period, whether they are in force and public today, and why an entry left its list.
import type { Actor } from '../../core/actor.js'
import type { Ctx } from '../../core/context.js'
import { auditRead } from '../audit/index.js'
import { civilDate } from '../../core/clock.js'
import { addDays } from '../catalog/index.js'
import { triggerPeriod } from '../checks/index.js'
import { classVersion, isPublic } from '../disclosure/index.js'
import { openMarksOfRecords } from '../marks/index.js'
import { listError } from './lists.errors.js'
import { type EntryFilter, type EntryRow, entryPage } from '../../read-models/list-view/index.js'

/** What a read of a page of list entries or proposals (the government view) is audited as. */
export const LIST_READ_ACTION = 'list.read'

export const LIST_KINDS = ['red', 'black', 'focus'] as const
export type ListKind = (typeof LIST_KINDS)[number]

export type ExitKind = 'expired' | 'removed' | 'revoked' | 'repaired'

export interface ListEntryJson {
  recordId: string
  class: string
  className: string
  entity: { id: string; name: string; kind: string; uscc: string | null; idMasked: string | null }
  documentNo: string | null
  authority: string | null
  providerDept: string
  decidedOn: string | null
  /** The list period: first day and last day in force (the earlier of list_until and the publication window). */
  period: { from: string | null; until: string | null }
  /** listed: on the list today (triggers measures); ended: off the list. */
  state: 'listed' | 'ended'
  /** Shown on the portal today. */
  public: boolean
  /** Why and when (the first day off the list) an ended entry left its list. */
  exit: { kind: ExitKind; on: string | null; reason: string | null } | null
  marks: string[]
}

export interface EntryQuery {
  class?: string | undefined
  dept?: string | undefined
  entityId?: string | undefined
  state?: 'listed' | 'ended' | 'all' | undefined
}

export function assertListKind(kind: string): asserts kind is ListKind {
  if (!(LIST_KINDS as readonly string[]).includes(kind)) throw listError('lists.unknown_kind', { kind })
}

function lastDay(r: EntryRow): string | null {
  if (r.list_until && (!r.publish_max_until || r.list_until < r.publish_max_until)) return r.list_until
  return r.publish_max_until
}

function exitOf(r: EntryRow, today: string): ListEntryJson['exit'] {
  if (r.state === 'revoked' || r.state === 'repaired')
    return { kind: r.state, on: civilDate(new Date(r.updated_at)), reason: r.version_reason }
  const until = lastDay(r)
  if (!until || until >= today) return null
  let payload: Record<string, unknown> = {}
  try {
    payload = JSON.parse(r.payload) as Record<string, unknown>
  } catch {
    // a payload that is not JSON has no removal details
  }
  // a correction that set the list's end date (移出) is a removal by decision; otherwise the period ran out
  if (r.op === 'correct' && typeof payload.list_until === 'string' && r.list_until === until) {
    const why =
      typeof payload.removal_reason === 'string' && payload.removal_reason.trim() ? payload.removal_reason : null
    return { kind: 'removed', on: addDays(until, 1), reason: why ?? r.version_reason }
  }
  return { kind: 'expired', on: addDays(until, 1), reason: null }
}

/** A page of one list's entries for list management (record.read), newest decision first. */
export async function listEntries(
  ctx: Ctx,
  actor: Actor,
  kind: string,
  q: EntryQuery,
  page: number,
  pageSize: number,
): Promise<{ kind: ListKind; state: string; total: number; page: number; pageSize: number; items: ListEntryJson[] }> {
  assertListKind(kind)
  const now = ctx.clock.now()
  const today = civilDate(now)
  const state = q.state ?? 'listed'
  const filter: EntryFilter = { kind, today, state, classCode: q.class, dept: q.dept, entityId: q.entityId }
  const { total, rows } = await entryPage(ctx.db, filter, (page - 1) * pageSize, pageSize)
  const marks = new Map<string, string[]>()
  for (const m of await openMarksOfRecords(
    ctx.db,
    rows.map((r) => r.id),
  ))
    marks.set(m.record_id, [...(marks.get(m.record_id) ?? []), m.kind])
  const items: ListEntryJson[] = []
  for (const r of rows) {
    const cls = await classVersion(ctx.db, r.class_code, Number(r.class_version))
    const period = triggerPeriod(r, today)
    items.push({
      recordId: r.id,
      class: r.class_code,
      className: cls.nameZh,
      entity: {
        id: r.entity_id,
        name: r.entity_name,
        kind: r.entity_kind,
        uscc: r.entity_uscc,
        idMasked: r.entity_id_masked,
      },
      documentNo: r.document_no,
      authority: r.authority,
      providerDept: r.provider_dept,
      decidedOn: r.decided_on,
      period: { from: r.publish_from ?? r.decided_on, until: lastDay(r) },
      state: period ? 'listed' : 'ended',
      public: isPublic(r, cls, now).public,
      exit: period ? null : exitOf(r, today),
      marks: marks.get(r.id) ?? [],
    })
  }
  // one audit event for the page, indexed under each entity on it (the government view of a non-public list)
  await auditRead(ctx, actor, {
    action: LIST_READ_ACTION,
    targetType: 'list',
    targetId: kind,
    subjects: items.map((i) => i.entity.id),
    details: {
      via: 'entries',
      kind,
      state,
      class: q.class ?? null,
      page,
      rows: items.length,
      records: items.map((i) => i.recordId),
    },
  })
  return { kind, state, total, page, pageSize, items }
}
