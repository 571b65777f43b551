// Marks on records (「异议处理中」): the record is read through the records module and its facts (id, entity, state)
// handed to the marks module's commands, in one transaction. The marks module never loads records.
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Db } from '../../db/database.js'
import { checkMarkRequest, type MarkRow, marksOfRecord } from '../../modules/marks/index.js'
import { auditRead } from '../../modules/audit/index.js'
import { getRecordRow, RECORD_READ_ACTION } from '../../modules/records/index.js'
import { closeMarkStep, openMarkStep } from './mark-steps.js'

export interface MarkInput {
  kind?: string | undefined
  reason: string
}

/** Opens a mark on an active record (404 record.not_found for an unknown one), audited, flags recomputed. */
export async function openMark(ctx: Ctx, actor: Actor, recordId: string, input: MarkInput): Promise<MarkRow> {
  const request = checkMarkRequest(input, civilDate(ctx.clock.now()))
  return runCommand(ctx, actor, async (scope) => openMarkStep(scope, await getRecordRow(scope.trx, recordId), request))
}

/** Closes the open mark of that kind on the record, with a reason; audited; flags recomputed. */
export async function closeMark(ctx: Ctx, actor: Actor, recordId: string, input: MarkInput): Promise<MarkRow> {
  const request = checkMarkRequest(input, civilDate(ctx.clock.now()))
  return runCommand(ctx, actor, async (scope) => closeMarkStep(scope, await getRecordRow(scope.trx, recordId), request))
}

/** Every mark of a record (open and closed), oldest first; 404 for an unknown record. */
export async function markHistory(db: Db, recordId: string): Promise<MarkRow[]> {
  await getRecordRow(db, recordId)
  return marksOfRecord(db, recordId)
}

/**
 * markHistory for a reader over HTTP: a read of the record's non-public facts (its objection marks and their
 * reasons), audited once as `record.read` (via `marks`) under the record's entity, with the stated purpose.
 */
export async function readMarkHistory(ctx: Ctx, actor: Actor, recordId: string): Promise<MarkRow[]> {
  const record = await getRecordRow(ctx.db, recordId)
  const marks = await marksOfRecord(ctx.db, recordId)
  await auditRead(ctx, actor, {
    action: RECORD_READ_ACTION,
    targetType: 'record',
    targetId: record.id,
    subjects: [record.entity_id],
    details: { via: 'marks', entityId: record.entity_id, class: record.class_code },
  })
  return marks
}
