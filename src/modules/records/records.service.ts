import { createHash } from 'node:crypto'
import type { Trx } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import type { Db } from '../../db/database.js'
import { maskResidentIdsInText } from '../../identifiers/index.js'
import { accessError } from '../access/index.js'
import { recordAudit } from '../audit/index.js'
import type { CatalogClass } from '../catalog/index.js'
import {
  AUTHORIZED_READ_ACTION,
  AUTHORIZED_READ_PERMISSION,
  hasAuthorizedContent,
  refreshEntityFlags,
  type Visibility,
} from '../disclosure/index.js'
import { recordError } from './records.errors.js'
import {
  activeRecordsOfBatch,
  findBatch,
  findRecord,
  insertVersions,
  payloadOf,
  type RecordRow,
  type RecordVersionRow,
  updateBatch,
  updateRecordCurrent,
  versionsOf,
} from './records.repository.js'

/** SHA-256 (hex) of a payload's canonical JSON text (`canonicalJson`): equal content, equal hash. */
export function textHash(canonical: string): string {
  return createHash('sha256').update(canonical).digest('hex')
}

export async function getRecordRow(db: Db, id: string): Promise<RecordRow> {
  const row = await findRecord(db, id)
  if (!row) throw recordError('record.not_found', { id })
  return row
}

/**
 * Lets a reader open a record (its detail, or its history through the class versions it was stored under) only in
 * a scope `visibility` shows: an authorised-scope (授权查询) record needs a stated purpose (400
 * access.purpose_required without one; 403 for a reader whose role never sees it). Each read that shows anything of
 * authorised scope (the record, or a filled field of that scope) is audited with the purpose
 * (`record.read_authorized`).
 */
export async function openRecordFor(
  ctx: Ctx,
  actor: Actor,
  visibility: Visibility,
  record: RecordRow,
  versions: readonly { cls: Pick<CatalogClass, 'scope' | 'fields'>; payload: Record<string, unknown> }[],
  via: 'record' | 'history',
): Promise<void> {
  let authorised = false
  for (const { cls, payload } of versions) {
    const v = visibility.scope(record, cls)
    if (!v.public)
      throw v.reason === 'purpose'
        ? accessError('access.purpose_required')
        : accessError('access.forbidden', { permission: AUTHORIZED_READ_PERMISSION })
    if (visibility.audience === 'authorized' && hasAuthorizedContent(cls, record.scope, payload)) authorised = true
  }
  if (!authorised) return
  await ctx.db.transaction().execute((trx) =>
    recordAudit(
      trx,
      ctx.clock,
      { ...actor, purpose: visibility.purpose ?? undefined },
      {
        action: AUTHORIZED_READ_ACTION,
        targetType: 'record',
        targetId: record.id,
        details: { via, entityId: record.entity_id, class: record.class_code },
      },
    ),
  )
}

/** A record with its current payload. */
export async function getRecordWithPayload(db: Db, id: string): Promise<{ record: RecordRow; payload: string }> {
  const record = await getRecordRow(db, id)
  return { record, payload: await payloadOf(db, id, record.version) }
}

export async function recordHistory(db: Db, id: string): Promise<{ record: RecordRow; versions: RecordVersionRow[] }> {
  const record = await getRecordRow(db, id)
  return { record, versions: await versionsOf(db, id) }
}

/** Appends a revocation version to one record (inside the caller's transaction). */
export async function revokeRecordIn(
  ctx: Ctx,
  trx: Trx,
  actor: Actor,
  row: RecordRow,
  reason: string,
  source: { batchId?: string | null; rowNo?: number | null } = {},
): Promise<void> {
  const now = ctx.clock.now().toISOString()
  const version = row.version + 1
  const payload = await payloadOf(trx, row.id, row.version)
  const ok = await updateRecordCurrent(trx, row.id, row.version, { version, state: 'revoked', updated_at: now })
  if (!ok) throw recordError('record.conflict', { id: row.id })
  await insertVersions(trx, ctx.dbh.helpers, [
    {
      record_id: row.id,
      version,
      op: 'revoke',
      class_version: row.class_version,
      state: 'revoked',
      severity: row.severity,
      payload,
      payload_hash: row.payload_hash,
      // a version never holds a clear ID number: one typed into a reason is masked
      reason: maskResidentIdsInText(reason, { today: civilDate(ctx.clock.now()) }).text,
      batch_id: source.batchId ?? null,
      row_no: source.rowNo ?? null,
      actor_kind: actor.kind,
      actor_id: actor.id,
      created_at: now,
    },
  ])
  await refreshEntityFlags(trx, [row.entity_id], ctx.clock.now())
}

/** Revokes one record by id: only its provider (or an operator) may, with a reason; audited. */
export async function revokeRecord(ctx: Ctx, actor: Actor, id: string, reason: string): Promise<RecordRow> {
  if (!reason?.trim()) throw recordError('record.reason_required')
  await ctx.db.transaction().execute(async (trx) => {
    const row = await getRecordRow(trx, id)
    if (actor.role !== 'operator' && actor.dept !== row.provider_dept) throw recordError('record.not_provider')
    if (row.state === 'revoked') throw recordError('record.already_revoked')
    await revokeRecordIn(ctx, trx, actor, row, reason.trim())
    await recordAudit(trx, ctx.clock, actor, {
      action: 'record.revoke',
      targetType: 'record',
      targetId: id,
      details: { reason, class: row.class_code },
    })
  })
  return getRecordRow(ctx.db, id)
}

/** Revokes every still-active record a batch created or last changed; audited as one event. */
export async function revokeBatch(
  ctx: Ctx,
  actor: Actor,
  batchId: string,
  reason: string,
): Promise<{ revoked: number }> {
  const revoked = await ctx.db.transaction().execute((trx) => revokeBatchIn(ctx, trx, actor, batchId, reason))
  return { revoked }
}

/** revokeBatch inside the caller's transaction; returns how many records it revoked. */
export async function revokeBatchIn(ctx: Ctx, trx: Trx, actor: Actor, batchId: string, reason: string): Promise<number> {
  if (!reason?.trim()) throw recordError('record.reason_required')
  let revoked = 0
  const batch = await findBatch(trx, batchId)
  if (!batch) throw recordError('record.batch_not_found', { id: batchId })
  if (actor.role !== 'operator' && actor.dept !== batch.dept_code) throw recordError('record.not_provider')
  for (const row of await activeRecordsOfBatch(trx, batchId)) {
    await revokeRecordIn(ctx, trx, actor, row, reason.trim(), { batchId })
    revoked++
  }
  await updateBatch(trx, batchId, { status: 'revoked', updated_at: ctx.clock.now().toISOString() })
  await recordAudit(trx, ctx.clock, actor, {
    action: 'batch.revoke',
    targetType: 'batch',
    targetId: batchId,
    details: { reason, revoked },
  })
  return revoked
}
