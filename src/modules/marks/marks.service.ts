import type { CommandScope } from '../../core/command.js'
import { newId } from '../../core/ids.js'
import type { Db } from '../../db/database.js'
import { maskPersonalText } from '../../identifiers/index.js'
import { recordAudit } from '../audit/index.js'
import { markError } from './marks.errors.js'
import {
  closeMarkRow,
  findOpenMark,
  insertMark,
  type MarkRow,
  marksOfRecord as marksOfRecordRows,
  openMarksOfEntity as openMarkRowsOfEntity,
  openMarksOfRecords as openMarkRowsOfRecords,
} from './marks.repository.js'

export const MARK_KINDS = ['under_objection'] as const
export type MarkKind = (typeof MARK_KINDS)[number]

/** The record a mark is put on, as its owner (the records module) tells it: a flow reads it and passes it on. */
export interface MarkedRecord {
  id: string
  entity_id: string
  /** active, revoked, repaired ... (only an active record can be marked) */
  state: string
  /** For the watch event (mark.opened): the record's class and disclosure scope. */
  class_code?: string
  scope?: string
}

/** A checked mark request: a known kind and the reason as stored. */
export interface MarkRequest {
  kind: MarkKind
  reason: string
}

/**
 * Checks a request to open or close a mark: the kind (default under_objection) and the reason, 2 to 500 characters,
 * whitespace collapsed, resident ID numbers masked as of `today` (a note, nothing sealed).
 */
export function checkMarkRequest(input: { kind?: string | undefined; reason: unknown }, today: string): MarkRequest {
  const kind = input.kind ?? 'under_objection'
  if (!(MARK_KINDS as readonly string[]).includes(kind)) throw markError('mark.unknown_kind', { kind })
  const r = typeof input.reason === 'string' ? input.reason.trim().replace(/\s+/g, ' ') : ''
  if ([...r].length < 2 || [...r].length > 500) throw markError('mark.reason_required')
  return { kind: kind as MarkKind, reason: maskPersonalText(r, { today }) }
}

/**
 * Opens a mark (「异议处理中」) on an active record, one step of the caller's command: its own row (not a record
 * version), audited, in the scope's transaction. What follows from it elsewhere (the entity's flags, its grade, the
 * watchers) is the caller's: flows/record-marks' openMarkStep.
 */
export async function openMarkOn(scope: CommandScope, record: MarkedRecord, request: MarkRequest): Promise<MarkRow> {
  const { trx, now, actor } = scope
  const { kind, reason } = request
  if (record.state !== 'active') throw markError('mark.record_inactive', { recordId: record.id, state: record.state })
  if (await findOpenMark(trx, record.id, kind)) throw markError('mark.already_open', { recordId: record.id, kind })
  const id = newId()
  await insertMark(trx, {
    id,
    record_id: record.id,
    entity_id: record.entity_id,
    kind,
    opened_at: now.toISOString(),
    opened_by_kind: actor.kind,
    opened_by: actor.id,
    open_reason: reason,
    closed_at: null,
    closed_by_kind: null,
    closed_by: null,
    close_reason: null,
  })
  await recordAudit(trx, scope.clock, actor, {
    action: 'record.mark_open',
    targetType: 'record',
    targetId: record.id,
    details: { markId: id, kind, reason },
  })
  return (await marksOfRecordRows(trx, record.id)).find((m) => m.id === id) as MarkRow
}

/** Closes the open mark of that kind on the record, one step of the caller's command: audited; the effects elsewhere are the caller's (closeMarkStep). */
export async function closeMarkOn(scope: CommandScope, record: MarkedRecord, request: MarkRequest): Promise<MarkRow> {
  const { trx, now, actor } = scope
  const { kind, reason } = request
  const open = await findOpenMark(trx, record.id, kind)
  if (!open) throw markError('mark.not_open', { recordId: record.id, kind })
  const ok = await closeMarkRow(trx, open.id, {
    closed_at: now.toISOString(),
    closed_by_kind: actor.kind,
    closed_by: actor.id,
    close_reason: reason,
  })
  if (!ok) throw markError('mark.not_open', { recordId: record.id, kind })
  await recordAudit(trx, scope.clock, actor, {
    action: 'record.mark_close',
    targetType: 'record',
    targetId: record.id,
    details: { markId: open.id, kind, reason },
  })
  return (await marksOfRecordRows(trx, record.id)).find((m) => m.id === open.id) as MarkRow
}

/** Every mark of a record (open and closed), oldest first. */
export async function marksOfRecord(db: Db, recordId: string): Promise<MarkRow[]> {
  return marksOfRecordRows(db, recordId)
}

/** The open marks of the records. */
export async function openMarksOfRecords(db: Db, recordIds: string[]): Promise<MarkRow[]> {
  return openMarkRowsOfRecords(db, recordIds)
}

/** The open marks on any record of the entity, oldest first. */
export async function openMarksOfEntity(db: Db, entityId: string): Promise<MarkRow[]> {
  return openMarkRowsOfEntity(db, entityId)
}
