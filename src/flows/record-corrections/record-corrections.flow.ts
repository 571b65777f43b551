// The console's record search (信用记录查询) and the single-record commands on it: correction (更正) and early removal
// of a list entry (移出) go through the collection pipeline as a one-row batch in the providing department's name
// (flows/objections/correction.ts, the path an objection's correction takes), so a change keeps its version history,
// its batch and the pipeline's checks; withdrawal (撤销) is the records module's revokeRecord. Each command is
// audited in its own transaction.
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import { maskResidentIdsInText } from '../../identifiers/index.js'
import { can, type Principal } from '../../modules/access/index.js'
import { auditRead, recordAudit } from '../../modules/audit/index.js'
import { addDays, getClass } from '../../modules/catalog/index.js'
import { getRecordRow, type RecordRow, recordError } from '../../modules/records/index.js'
import {
  type RecordSearchFilter,
  type RecordSearchRow,
  recordSearchPage,
} from '../../read-models/record-search/index.js'
import { type CorrectionRefusals, changeRecordIn } from '../objections/correction.js'

export interface RecordSearchQuery {
  dept?: string | undefined
  class?: string | undefined
  from?: string | undefined
  to?: string | undefined
  entity?: string | undefined
  state?: 'active' | 'revoked' | 'repaired' | undefined
  batch?: string | undefined
  listed?: boolean | undefined
  page: number
  pageSize: number
}

export interface RecordSearchItem {
  id: string
  class: string
  classVersion: number
  provider: string
  documentNo: string | null
  decidedOn: string | null
  authority: string | null
  state: string
  version: number
  scope: string
  polarity: string
  entity: { id: string; name: string; uscc: string | null }
  list: { kind: string; until: string | null; inForce: boolean } | null
  batchId: string | null
  updatedAt: string
  /** May the reader correct, withdraw or (list entries in force) remove it: its providing department. */
  canCorrect: boolean
  /** May the reader end the list entry early: its department, or an operator. */
  canEndListEntry: boolean
}

/**
 * The correction path's refusals as the records routes report them: `record.*` (the family of these routes), with the
 * refused action named in the message.
 */
const recordRefusals =
  (action: '更正' | '提前移出'): CorrectionRefusals =>
  (refusal, details) =>
    recordError(`record.${refusal}`, { ...details, action })

/** The department's own records for a reader without record.read (a provider); every record otherwise. */
function deptScope(p: Principal, asked: string | undefined): string | undefined {
  if (can(p, 'record.read')) return asked
  if (!p.dept) throw recordError('record.not_provider')
  return p.dept
}

const mayCorrect = (p: Principal, r: Pick<RecordRow, 'provider_dept'>) =>
  can(p, 'record.correct') && p.dept !== null && p.dept === r.provider_dept
const mayEndListEntry = (p: Principal, r: Pick<RecordRow, 'provider_dept'>) => mayCorrect(p, r) || p.role === 'operator'

function inForce(r: RecordRow, today: string): boolean {
  return r.state === 'active' && r.list_kind !== null && (r.list_until === null || r.list_until >= today)
}

function present(p: Principal, r: RecordSearchRow, today: string): RecordSearchItem {
  return {
    id: r.id,
    class: r.class_code,
    classVersion: Number(r.class_version),
    provider: r.provider_dept,
    documentNo: r.document_no,
    decidedOn: r.decided_on,
    authority: r.authority,
    state: r.state,
    version: Number(r.version),
    scope: r.scope,
    polarity: r.polarity,
    entity: { id: r.entity_id, name: r.entity_name, uscc: r.entity_uscc },
    list: r.list_kind ? { kind: r.list_kind, until: r.list_until, inForce: inForce(r, today) } : null,
    batchId: r.batch_id,
    updatedAt: r.updated_at,
    canCorrect: r.state === 'active' && mayCorrect(p, r),
    canEndListEntry: inForce(r, today) && mayEndListEntry(p, r),
  }
}

/** One page of the search; the read is audited under each entity on it (as the list pages are). */
export async function searchRecordsFor(
  ctx: Ctx,
  p: Principal,
  actor: Actor,
  q: RecordSearchQuery,
): Promise<{ total: number; page: number; pageSize: number; items: RecordSearchItem[] }> {
  const filter: RecordSearchFilter = {
    dept: deptScope(p, q.dept),
    classCode: q.class,
    from: q.from,
    to: q.to,
    entity: q.entity,
    state: q.state,
    batchId: q.batch,
    listed: q.listed,
  }
  const { total, rows } = await recordSearchPage(ctx.db, filter, (q.page - 1) * q.pageSize, q.pageSize)
  const today = civilDate(ctx.clock.now())
  const items = rows.map((r) => present(p, r, today))
  await auditRead(ctx, actor, {
    action: 'record.search',
    targetType: 'record',
    targetId: null,
    subjects: items.map((i) => i.entity.id),
    // an ID number typed into the entity field is never stored in clear
    details: {
      filter: { ...filter, entity: filter.entity ? maskResidentIdsInText(filter.entity).text : undefined },
      page: q.page,
      rows: items.length,
      records: items.map((i) => i.id),
    },
  })
  return { total, page: q.page, pageSize: q.pageSize, items }
}

/** Corrects fields of one record of the reader's department through the pipeline; audited as record.correct. */
export async function correctRecordFor(
  ctx: Ctx,
  p: Principal,
  actor: Actor,
  id: string,
  input: { fields: Record<string, unknown>; reason: string },
): Promise<RecordRow> {
  const reason = input.reason.trim()
  if (!reason) throw recordError('record.reason_required')
  return runCommand(ctx, actor, async (scope) => {
    const row = await getRecordRow(scope.trx, id)
    if (!mayCorrect(p, row)) throw recordError('record.not_provider')
    if (row.state !== 'active') throw recordError('record.inactive', { id, state: row.state })
    const change = await changeRecordIn(
      scope,
      actor,
      id,
      { op: 'correct', fields: input.fields, reason },
      recordRefusals('更正'),
    )
    await recordAudit(scope.trx, scope.clock, actor, {
      action: 'record.correct',
      targetType: 'record',
      targetId: id,
      details: { class: row.class_code, fields: Object.keys(input.fields), reason, batch: change.batchId },
    })
    return change.record
  })
}

/**
 * Ends a list entry early (移出): its last day on the list is yesterday, through the same correction path (the class's
 * 移出日期 field, and its removal reason field when it has one); by the listing department or an operator.
 */
export async function endListEntryFor(
  ctx: Ctx,
  p: Principal,
  actor: Actor,
  id: string,
  input: { reason: string },
): Promise<RecordRow> {
  const reason = input.reason.trim()
  if (!reason) throw recordError('record.reason_required')
  return runCommand(ctx, actor, async (scope) => {
    const row = await getRecordRow(scope.trx, id)
    if (!mayEndListEntry(p, row)) throw recordError('record.not_provider')
    const today = civilDate(scope.clock.now())
    if (!inForce(row, today)) throw recordError('record.not_listed', { id })
    const cls = await getClass(scope.trx, row.class_code, row.class_version)
    const until = cls.fields.find((f) => f.role === 'list_until')
    if (!until) throw recordError('record.list_exit_unsupported', { className: cls.nameZh })
    const removal = cls.fields.find((f) => f.code === 'removal_reason')
    const lastDay = addDays(today, -1)
    // an entry listed today cannot end yesterday: that is a listing made in error, withdrawn instead
    if (row.publish_from !== null && lastDay < row.publish_from)
      throw recordError('record.list_exit_same_day', { id, from: row.publish_from })
    const fields: Record<string, unknown> = { [until.code]: lastDay }
    if (removal) fields[removal.code] = reason
    const change = await changeRecordIn(
      scope,
      actor,
      id,
      { op: 'correct', fields, reason: `提前移出：${reason}` },
      recordRefusals('提前移出'),
    )
    await recordAudit(scope.trx, scope.clock, actor, {
      action: 'record.list_exit',
      targetType: 'record',
      targetId: id,
      details: { class: row.class_code, lastDay, reason, batch: change.batchId },
    })
    return change.record
  })
}
