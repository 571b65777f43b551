import { createHash } from 'node:crypto'
import type { Insertable, RawBuilder, Updateable } from 'kysely'
import { runCommand, type Trx } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { canonicalJson } from '../../core/diff.js'
import { type Db, helpersOf } from '../../db/database.js'
import { maskResidentIdsInText } from '../../identifiers/index.js'
import { accessError } from '../access/index.js'
import { auditRead, lockAuditChain, recordAudit } from '../audit/index.js'
import { type CatalogClass, getClass } from '../catalog/index.js'
import {
  AUTHORIZED_READ_ACTION,
  AUTHORIZED_READ_PERMISSION,
  hasAuthorizedContent,
  refreshEntityFlags,
  type Visibility,
} from '../disclosure/index.js'
import { markForGrading } from '../grading/index.js'
import { openMarksOfRecords } from '../marks/index.js'
import { noteFiguresChanged } from '../entities/index.js'
import { emitRecordWatchEvents, type WatchEventType } from '../watches/index.js'
import { pushAgencyUpdates } from '../agencies/index.js'
import { recordError } from './records.errors.js'
import * as repo from './records.repository.js'
import type {
  BatchIssueRow,
  BatchRow,
  BatchScope,
  BatchSumsRow,
  ErrorCodeRow,
  RecordRow,
  RecordVersionRow,
  RecordWithPayload,
} from './records.repository.js'
import type { BatchesTable, BatchIssuesTable, RecordsTable, RecordVersionsTable } from './records.tables.js'

/** SHA-256 (hex) of a payload's canonical JSON text (`canonicalJson`): equal content, equal hash. */
export function textHash(canonical: string): string {
  return createHash('sha256').update(canonical).digest('hex')
}

export async function getRecordRow(db: Db, id: string): Promise<RecordRow> {
  const row = await repo.findRecord(db, id)
  if (!row) throw recordError('record.not_found', { id })
  return row
}

/** What a read of one record is audited as: the government view, or (authorised content shown) the authorised read. */
export const RECORD_READ_ACTION = 'record.read'

/**
 * Lets a reader open a record (its detail, or its history through the class versions it was stored under) only in
 * a scope `visibility` shows: an authorised-scope (授权查询) record needs a stated purpose (400
 * access.purpose_required without one; 403 for a reader whose role never sees it). Every read is audited once
 * (auditRead: one event indexed under the record's entity, with the purpose when one is stated): as
 * `record.read_authorized` when it shows anything of authorised scope (the record, or a filled field of that
 * scope), as `record.read` otherwise (the government view). `via` says what was opened.
 */
export async function openRecordFor(
  ctx: Ctx,
  actor: Actor,
  visibility: Visibility,
  record: RecordRow,
  versions: readonly { cls: Pick<CatalogClass, 'scope' | 'fields'>; payload: Record<string, unknown> }[],
  via: 'record' | 'history' | 'marks',
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
  await auditRead(
    ctx,
    { ...actor, purpose: visibility.purpose ?? actor.purpose },
    {
      action: authorised ? AUTHORIZED_READ_ACTION : RECORD_READ_ACTION,
      targetType: 'record',
      targetId: record.id,
      subjects: [record.entity_id],
      details: { via, entityId: record.entity_id, class: record.class_code },
    },
  )
}

/** A record with its current payload. */
export async function getRecordWithPayload(db: Db, id: string): Promise<{ record: RecordRow; payload: string }> {
  const record = await getRecordRow(db, id)
  return { record, payload: await repo.payloadOf(db, id, record.version) }
}

export async function recordHistory(db: Db, id: string): Promise<{ record: RecordRow; versions: RecordVersionRow[] }> {
  const record = await getRecordRow(db, id)
  return { record, versions: await repo.versionsOf(db, id) }
}

/** A field mask: field values as a reader may see them (masked ID numbers, hidden fields). */
export type FieldMask = (data: Record<string, unknown>) => Record<string, unknown>

/** A record as one reader sees it: its current payload, the reader's mask of its class and its open marks. */
export interface RecordView {
  record: RecordRow
  payload: string
  mask: FieldMask
  marks: string[]
}

/** Every version of a record, each with the reader's mask of the class version it was stored under. */
export interface RecordHistoryView {
  record: RecordRow
  versions: { version: RecordVersionRow; mask: FieldMask }[]
}

/**
 * Which records a reader may open one by one: every record (`record.read`), or only those its department provided
 * (`dept`: a provider with `record.correct`, in the government view like any reader of that view).
 */
export type RecordReader = { all: true } | { all: false; dept: string | null }

/** 404 record.not_found for a record the reader may not open (it does not learn whether the record exists). */
function assertReadable(reader: RecordReader, record: RecordRow): void {
  if (!reader.all && (reader.dept === null || record.provider_dept !== reader.dept))
    throw recordError('record.not_found', { id: record.id })
}

/**
 * The government share view of a record for a reader (`visibility`: the principal and the stated purpose; `reader`:
 * which records it may open): refused when a field it holds is beyond the reader, audited when it shows
 * authorised-only content; a record under objection carries its open marks wherever it shows.
 */
export async function readRecord(
  ctx: Ctx,
  actor: Actor,
  visibility: Visibility,
  reader: RecordReader,
  id: string,
): Promise<RecordView> {
  const { record, payload } = await getRecordWithPayload(ctx.db, id)
  assertReadable(reader, record)
  const cls = await getClass(ctx.db, record.class_code, record.class_version)
  await openRecordFor(ctx, actor, visibility, record, [{ cls, payload: JSON.parse(payload) }], 'record')
  const marks = (await openMarksOfRecords(ctx.db, [record.id])).map((m) => m.kind)
  return { record, payload, mask: visibility.mask(cls), marks }
}

/** Every version of a record for a reader, under the same rule as readRecord (one audit event for the history). */
export async function readRecordHistory(
  ctx: Ctx,
  actor: Actor,
  visibility: Visibility,
  reader: RecordReader,
  id: string,
): Promise<RecordHistoryView> {
  const { record, versions } = await recordHistory(ctx.db, id)
  assertReadable(reader, record)
  const classes = new Map<number, CatalogClass>()
  for (const v of versions)
    if (!classes.has(v.class_version))
      classes.set(v.class_version, await getClass(ctx.db, record.class_code, v.class_version))
  const classOf = (v: RecordVersionRow) => classes.get(v.class_version) as CatalogClass
  await openRecordFor(
    ctx,
    actor,
    visibility,
    record,
    versions.map((v) => ({ cls: classOf(v), payload: JSON.parse(v.payload) as Record<string, unknown> })),
    'history',
  )
  return { record, versions: versions.map((v) => ({ version: v, mask: visibility.mask(classOf(v)) })) }
}

/** Revokes a record (revokeRecord) and returns it as the reader sees it now (without marks). */
export async function revokeRecordFor(
  ctx: Ctx,
  actor: Actor,
  visibility: Visibility,
  id: string,
  reason: string,
): Promise<Omit<RecordView, 'marks'>> {
  await revokeRecord(ctx, actor, id, reason)
  const { record, payload } = await getRecordWithPayload(ctx.db, id)
  const cls = await getClass(ctx.db, record.class_code, record.class_version)
  return { record, payload, mask: visibility.mask(cls) }
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
  const payload = await repo.payloadOf(trx, row.id, row.version)
  await updateRecordCurrent(trx, row.id, row.version, { version, state: 'revoked', updated_at: now })
  await insertVersions(trx, [
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
  const changes = recordChanges('record.revoked', { ...row, version })
  await emitRecordWatchEvents(trx, ctx.clock.now(), changes)
  // the agencies that read the subject in the last 12 months are told (docs/agencies.md)
  await pushAgencyUpdates(ctx, trx, ctx.clock.now(), changes)
}

/** The watch events of a record's change: the change, and leaving its list when the record is a list entry. */
function recordChanges(type: WatchEventType, r: RecordRow): [WatchEventType, RecordRow][] {
  return r.list_kind
    ? [
        [type, r],
        ['list.exited', r],
      ]
    : [[type, r]]
}

/**
 * Repairs one active record (信用修复, approved by its deciding department) inside the caller's transaction: a new
 * version with op `repair` and state `repaired` (the earlier versions kept), the entity's flags refreshed and its
 * change counter bumped (every process's entity-file cache stops serving it), the portal figures' counter bumped
 * (their caches too), audited as `record.repair`. A repaired record is never published, checked or listed again, and
 * the collection pipeline refuses it (ingest row rule `record_repaired`).
 */
export async function repairRecordIn(
  ctx: Ctx,
  trx: Trx,
  actor: Actor,
  id: string,
  expectedVersion: number,
  reason: string,
  ref: { caseId: string; caseNumber: string },
): Promise<RecordRow> {
  const row = await getRecordRow(trx, id)
  if (row.version !== expectedVersion) throw recordError('record.conflict', { id })
  if (row.state !== 'active') throw recordError('record.not_active', { id, state: row.state })
  const now = ctx.clock.now()
  const at = now.toISOString()
  const version = row.version + 1
  const payload = await repo.payloadOf(trx, row.id, row.version)
  await updateRecordCurrent(trx, row.id, row.version, { version, state: 'repaired', updated_at: at })
  const text = maskResidentIdsInText(reason, { today: civilDate(now) }).text
  await insertVersions(trx, [
    {
      record_id: row.id,
      version,
      op: 'repair',
      class_version: row.class_version,
      state: 'repaired',
      severity: row.severity,
      payload,
      payload_hash: row.payload_hash,
      reason: `信用修复（${ref.caseNumber}）：${text}`,
      batch_id: null,
      row_no: null,
      actor_kind: actor.kind,
      actor_id: actor.id,
      created_at: at,
    },
  ])
  await refreshEntityFlags(trx, [row.entity_id], now)
  await noteFiguresChanged(trx, now)
  const changes = recordChanges('record.repaired', { ...row, version, state: 'repaired' })
  await emitRecordWatchEvents(trx, now, changes)
  await pushAgencyUpdates(ctx, trx, now, changes)
  await recordAudit(trx, ctx.clock, actor, {
    action: 'record.repair',
    targetType: 'record',
    targetId: id,
    details: { case: ref.caseNumber, caseId: ref.caseId, class: row.class_code, entityId: row.entity_id, version },
  })
  return { ...row, version, state: 'repaired', updated_at: at }
}

/**
 * Ends one active list entry early (申请移出 approved by its deciding department) inside the caller's transaction: a
 * correction version whose list end is `lastDay` (the day before the exit) and, when the class has the field, the
 * removal reason in the payload - what a provider's 移出 correction through the pipeline stores, so list management
 * shows the exit as `removed`; flags refreshed, change and figures counters bumped (off the portal and checks at
 * once, in every process), audited as `record.list_exit`.
 */
export async function endListEntryIn(
  ctx: Ctx,
  trx: Trx,
  actor: Actor,
  id: string,
  expectedVersion: number,
  input: {
    lastDay: string
    reason: string
    fields: { listUntil: string | null; removalReason: string | null }
    ref: { caseId: string; caseNumber: string }
  },
): Promise<RecordRow> {
  const row = await getRecordRow(trx, id)
  if (row.version !== expectedVersion) throw recordError('record.conflict', { id })
  if (row.state !== 'active') throw recordError('record.not_active', { id, state: row.state })
  const now = ctx.clock.now()
  const at = now.toISOString()
  const version = row.version + 1
  const text = maskResidentIdsInText(input.reason, { today: civilDate(now) }).text
  const data = JSON.parse(await repo.payloadOf(trx, row.id, row.version)) as Record<string, unknown>
  if (input.fields.listUntil) data[input.fields.listUntil] = input.lastDay
  if (input.fields.removalReason) data[input.fields.removalReason] = text
  const payload = canonicalJson(data)
  const hash = textHash(data._sealed === undefined ? payload : canonicalJson({ ...data, _sealed: undefined }))
  await updateRecordCurrent(trx, row.id, row.version, {
    version,
    list_until: input.lastDay,
    payload_hash: hash,
    updated_at: at,
  })
  await insertVersions(trx, [
    {
      record_id: row.id,
      version,
      op: 'correct',
      class_version: row.class_version,
      state: 'active',
      severity: row.severity,
      payload,
      payload_hash: hash,
      reason: `申请移出（${input.ref.caseNumber}）：${text}`,
      batch_id: null,
      row_no: null,
      actor_kind: actor.kind,
      actor_id: actor.id,
      created_at: at,
    },
  ])
  await refreshEntityFlags(trx, [row.entity_id], now)
  await noteFiguresChanged(trx, now)
  await emitRecordWatchEvents(trx, now, [['list.exited', { ...row, version, list_until: input.lastDay }]])
  await recordAudit(trx, ctx.clock, actor, {
    action: 'record.list_exit',
    targetType: 'record',
    targetId: id,
    details: { case: input.ref.caseNumber, caseId: input.ref.caseId, class: row.class_code, lastDay: input.lastDay },
  })
  return { ...row, version, list_until: input.lastDay, payload_hash: hash, updated_at: at }
}

/** Revokes one record by id: only its provider (or an operator) may, with a reason; audited. */
export async function revokeRecord(ctx: Ctx, actor: Actor, id: string, reason: string): Promise<RecordRow> {
  if (!reason?.trim()) throw recordError('record.reason_required')
  await runCommand(ctx, actor, async ({ ctx: tctx, trx }) => {
    const row = await getRecordRow(trx, id)
    if (actor.role !== 'operator' && actor.dept !== row.provider_dept) throw recordError('record.not_provider')
    if (row.state === 'revoked') throw recordError('record.already_revoked')
    await revokeRecordIn(tctx, trx, actor, row, reason.trim())
    await recordAudit(trx, tctx.clock, actor, {
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
  const revoked = await runCommand(ctx, actor, ({ ctx: tctx, trx }) => revokeBatchIn(tctx, trx, actor, batchId, reason))
  return { revoked }
}

/** revokeBatch inside the caller's transaction; returns how many records it revoked. */
export async function revokeBatchIn(
  ctx: Ctx,
  trx: Trx,
  actor: Actor,
  batchId: string,
  reason: string,
): Promise<number> {
  if (!reason?.trim()) throw recordError('record.reason_required')
  let revoked = 0
  const batch = await repo.findBatch(trx, batchId)
  if (!batch) throw recordError('record.batch_not_found', { id: batchId })
  if (actor.role !== 'operator' && actor.dept !== batch.dept_code) throw recordError('record.not_provider')
  for (const row of await repo.activeRecordsOfBatch(trx, batchId)) {
    await revokeRecordIn(ctx, trx, actor, row, reason.trim(), { batchId })
    revoked++
  }
  await repo.updateBatch(trx, batchId, { status: 'revoked', updated_at: ctx.clock.now().toISOString() })
  await recordAudit(trx, ctx.clock, actor, {
    action: 'batch.revoke',
    targetType: 'batch',
    targetId: batchId,
    details: { reason, revoked },
  })
  return revoked
}

// ---------------------------------------------------------------- records: queries and commands for collection

/** Current records of one provider and class with these provider keys. */
export function findRecordsByKeys(
  db: Db,
  providerDept: string,
  classCode: string,
  providerKeys: string[],
): Promise<RecordRow[]> {
  return repo.findRecordsByKeys(db, providerDept, classCode, providerKeys)
}

/** The payload (JSON text) of one version of a record. */
export function payloadOf(db: Db, recordId: string, version: number): Promise<string> {
  return repo.payloadOf(db, recordId, version)
}

/** The entity's records, newest decision first. */
export function recordsOfEntity(db: Db, entityId: string): Promise<RecordRow[]> {
  return repo.recordsOfEntity(db, entityId)
}

/** The entity's records with their current payload, newest decision first; `filter` narrows them in SQL. */
export function recordsWithPayloadOfEntity(
  db: Db,
  entityId: string,
  filter?: RawBuilder<boolean>,
): Promise<RecordWithPayload[]> {
  return repo.recordsWithPayloadOfEntity(db, entityId, filter)
}

/** Stores new records (bulk; part of the caller's transaction). */
export async function insertRecords(trx: Trx, rows: Insertable<RecordsTable>[]): Promise<void> {
  await repo.insertRecords(trx, helpersOf(trx), rows)
  // credit evaluation grades the entities again (docs/grading.md): marked in the same transaction
  const first = rows[0]
  if (first)
    await markForGrading(
      trx,
      rows.map((r) => r.entity_id),
      first.updated_at ?? first.created_at,
    )
}

/**
 * Stores record versions (bulk; part of the caller's transaction) and appends them to the change feed
 * (`record_changes`, docs/federation.md) in the same transaction. The feed's seq is allocated under the audit chain's
 * lock, taken here first (every command takes it for its audit event anyway): changes commit in seq order.
 */
export async function insertVersions(trx: Trx, rows: Insertable<RecordVersionsTable>[]): Promise<void> {
  if (rows.length === 0) return
  const helpers = helpersOf(trx)
  await repo.insertVersions(trx, helpers, rows)
  await lockAuditChain(trx, (rows[0] as Insertable<RecordVersionsTable>).created_at)
  let seq = await repo.maxChangeSeq(trx)
  await repo.insertChanges(
    trx,
    helpers,
    rows.map((r) => ({ seq: ++seq, record_id: r.record_id, version: r.version, created_at: r.created_at })),
  )
}

/**
 * Moves a record read at `fromVersion` to its next version; 409 `record.conflict` when another change moved it
 * first (optimistic lock).
 */
export async function updateRecordCurrent(
  trx: Trx,
  id: string,
  fromVersion: number,
  patch: Updateable<RecordsTable>,
): Promise<void> {
  const updated = await repo.updateRecordCurrent(trx, id, fromVersion, patch)
  if (updated === undefined) throw recordError('record.conflict', { id })
  // credit evaluation grades the entity again (docs/grading.md): marked in the same transaction
  await markForGrading(trx, [updated.entity_id], updated.updated_at)
}

// ---------------------------------------------------------------- batches and their issues

export function findBatch(db: Db, id: string): Promise<BatchRow | undefined> {
  return repo.findBatch(db, id)
}

/** An unfinished batch of the same content, class and department: a rerun resumes it. */
export function findResumableBatch(
  db: Db,
  contentHash: string,
  classCode: string,
  deptCode: string | null,
): Promise<BatchRow | undefined> {
  return repo.findResumableBatch(db, contentHash, classCode, deptCode)
}

export function countBatches(db: Db, filter: { dept?: string | undefined }): Promise<number> {
  return repo.countBatches(db, filter)
}

/** A page of batches, newest first. */
export function listBatches(
  db: Db,
  filter: { dept?: string | undefined },
  offset: number,
  limit: number,
): Promise<BatchRow[]> {
  return repo.listBatches(db, filter, offset, limit)
}

export function insertBatch(db: Db, row: Insertable<BatchesTable>): Promise<void> {
  return repo.insertBatch(db, row)
}

export function updateBatch(db: Db, id: string, patch: Updateable<BatchesTable>): Promise<void> {
  return repo.updateBatch(db, id, patch)
}

/** Takes an unfinished batch over for `runner` if its runner is still `from`; false when another run took it first. */
export function claimBatch(db: Db, id: string, from: string | null, runner: string, at: string): Promise<boolean> {
  return repo.claimBatch(db, id, from, runner, at)
}

/** Stores issues of a batch (bulk; part of the caller's transaction). */
export async function insertIssues(trx: Trx, rows: Insertable<BatchIssuesTable>[]): Promise<void> {
  await repo.insertIssues(trx, helpersOf(trx), rows)
}

/** The highest issue sequence number of a batch (0 when none). */
export function maxIssueSeq(db: Db, batchId: string): Promise<number> {
  return repo.maxIssueSeq(db, batchId)
}

/** The issues a batch recorded for one source row (row 0: the file as a whole). */
export function issuesOfRow(db: Db, batchId: string, rowNo: number): Promise<BatchIssueRow[]> {
  return repo.issuesOfRow(db, batchId, rowNo)
}

/** A batch's issues in order, at most `limit`. */
export function issuesOf(db: Db, batchId: string, limit?: number): Promise<BatchIssueRow[]> {
  return repo.issuesOf(db, batchId, limit)
}

/** Sums of the batch counters per (department, class) over the stored batches in `scope` (quality feedback). */
export function batchSums(db: Db, scope: BatchScope): Promise<BatchSumsRow[]> {
  return repo.batchSums(db, scope)
}

/** Error-level issues per (department, class, code) over the batches in `scope`, with the first message as example. */
export function batchErrorCodes(db: Db, scope: BatchScope): Promise<ErrorCodeRow[]> {
  return repo.errorCodes(db, scope)
}
