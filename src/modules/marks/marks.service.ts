import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { newId } from '../../core/ids.js'
import type { Db } from '../../db/database.js'
import { maskPersonalText } from '../../identifiers/index.js'
import { recordAudit } from '../audit/index.js'
import { refreshEntityFlags } from '../disclosure/index.js'
import { getRecordRow } from '../records/index.js'
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

function checkKind(kind: string): MarkKind {
  if (!(MARK_KINDS as readonly string[]).includes(kind)) throw markError('mark.unknown_kind', { kind })
  return kind as MarkKind
}

/** A reason as stored: 2 to 500 characters, whitespace collapsed, resident ID numbers masked (a note, nothing sealed). */
function checkReason(ctx: Ctx, reason: unknown): string {
  const r = typeof reason === 'string' ? reason.trim().replace(/\s+/g, ' ') : ''
  if ([...r].length < 2 || [...r].length > 500) throw markError('mark.reason_required')
  return maskPersonalText(r, { today: civilDate(ctx.clock.now()) })
}

/**
 * Opens a mark (「异议处理中」) on an active record: its own row (not a record version), audited, and the entity's
 * flags recomputed, all in one transaction.
 */
export async function openMark(
  ctx: Ctx,
  actor: Actor,
  recordId: string,
  input: { kind?: string; reason: string },
): Promise<MarkRow> {
  const kind = checkKind(input.kind ?? 'under_objection')
  const reason = checkReason(ctx, input.reason)
  const id = newId()
  await runCommand(ctx, actor, async ({ trx, now }) => {
    const record = await getRecordRow(trx, recordId)
    if (record.state !== 'active') throw markError('mark.record_inactive', { recordId, state: record.state })
    if (await findOpenMark(trx, recordId, kind)) throw markError('mark.already_open', { recordId, kind })
    await insertMark(trx, {
      id,
      record_id: recordId,
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
    await recordAudit(trx, ctx.clock, actor, {
      action: 'record.mark_open',
      targetType: 'record',
      targetId: recordId,
      details: { markId: id, kind, reason },
    })
    await refreshEntityFlags(trx, [record.entity_id], now)
  })
  return (await marksOfRecordRows(ctx.db, recordId)).find((m) => m.id === id) as MarkRow
}

/** Closes the open mark of that kind on the record, with a reason; audited; flags recomputed. */
export async function closeMark(
  ctx: Ctx,
  actor: Actor,
  recordId: string,
  input: { kind?: string; reason: string },
): Promise<MarkRow> {
  const kind = checkKind(input.kind ?? 'under_objection')
  const reason = checkReason(ctx, input.reason)
  let markId = ''
  await runCommand(ctx, actor, async ({ trx, now }) => {
    const record = await getRecordRow(trx, recordId)
    const open = await findOpenMark(trx, recordId, kind)
    if (!open) throw markError('mark.not_open', { recordId, kind })
    markId = open.id
    const ok = await closeMarkRow(trx, open.id, {
      closed_at: now.toISOString(),
      closed_by_kind: actor.kind,
      closed_by: actor.id,
      close_reason: reason,
    })
    if (!ok) throw markError('mark.not_open', { recordId, kind })
    await recordAudit(trx, ctx.clock, actor, {
      action: 'record.mark_close',
      targetType: 'record',
      targetId: recordId,
      details: { markId: open.id, kind, reason },
    })
    await refreshEntityFlags(trx, [record.entity_id], now)
  })
  return (await marksOfRecordRows(ctx.db, recordId)).find((m) => m.id === markId) as MarkRow
}

/** Every mark of a record (open and closed), oldest first; 404 for an unknown record. */
export async function markHistory(db: Db, recordId: string): Promise<MarkRow[]> {
  await getRecordRow(db, recordId)
  return marksOfRecordRows(db, recordId)
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
