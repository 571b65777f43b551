// The write step of a chunk: each planned row's provider checked, subjects resolved (or registered), then records
// and versions stored - new ones, corrections and revocations - with the entities' flags. Runs inside the chunk's
// transaction; counts and issues go to the caller.
import type { Insertable, Updateable } from 'kysely'
import type { Trx } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import type { Actor } from '../../core/actor.js'
import { civilDate } from '../../core/clock.js'
import { AppError } from '../../core/errors.js'
import { newId } from '../../core/ids.js'
import { type RuleRow, raiseEntityFlags, refreshEntityFlags } from '../../modules/disclosure/index.js'
import {
  codeOwners,
  codeTaken,
  findEntitiesByUsccs,
  getEntity,
  insertEntitiesBulk,
  type ResolveResult,
  resolveEntity,
} from '../../modules/entities/index.js'
import {
  findRecordsByKeys,
  insertRecords,
  insertVersions,
  payloadOf,
  type RecordRow,
  type RecordsTable,
  type RecordVersionsTable,
  updateRecordCurrent,
} from '../../modules/records/index.js'
import {
  type QueuedRow,
  type ResubmittedRow,
  enqueueUnmatched,
  withdrawResubmitted,
} from '../../modules/unmatched/index.js'
import { nameKey } from '../../identifiers/index.js'
import { emitRecordWatchEvents, type WatchedRecordFacts, type WatchEventType } from '../../modules/watches/index.js'
import { pushAgencyUpdates } from '../../modules/agencies/index.js'
import { ROW_MESSAGES } from './ingest.errors.js'
import type { BatchCounts, RowIssue, RowOp } from './ingest.types.js'
import type { PlannedRow } from './plan-rows.js'
import type { ClassContext, RowPlan } from './prepare.js'

export interface ChunkEnv {
  deptByCode: Map<string, { code: string; uscc: string; name: string }>
  deptByUscc: Map<string, { code: string; uscc: string; name: string }>
  dept: string | null
  batchId: string | null
  /** Subjects already resolved in committed chunks of this run, by subject key (files repeat their subjects). */
  known: Map<string, ResolvedSubject>
  /**
   * Set when an operator releases rows of the unmatched-subject queue (the queue entry's id): the rows' subjects are
   * given in `resolved`, their versions say they were re-submitted from the queue, and nothing is queued or withdrawn.
   */
  resubmittedFrom?: string
  /** Told how each row was settled (the queue records what became of a released row). */
  onSettled?: (rowNo: number, outcome: RowOutcome, recordId: string | null, issues: RowIssue[]) => void
}

/** What became of a row. */
export type RowOutcome = 'added' | 'corrected' | 'revoked' | 'duplicate' | 'rejected'

export interface ResolvedSubject {
  id: string
  adultOn: string | null
}

/** At most this many resolved subjects are kept for the rest of a run. */
export const KNOWN_SUBJECTS = 200_000

/** Checks each planned row's provider, then writes: new entities, new records and versions, corrections and revocations. */
export async function processChunk(
  ctx: Ctx,
  trx: Trx,
  actor: Actor,
  cc: ClassContext,
  env: ChunkEnv,
  rows: PlannedRow[],
  counts: BatchCounts,
  issues: RowIssue[],
  /** Receives the chunk's subjects by key (null: unresolved). */
  resolved: Map<string, ResolvedSubject | null>,
): Promise<void> {
  const today = civilDate(ctx.clock.now())
  const nowIso = ctx.clock.now().toISOString()
  const planned: { row: PlannedRow; plan: RowPlan; dept: string; rowIssues: RowIssue[] }[] = []
  /** A row is settled: its issues go to the report, and it counts once among the rows with warnings. */
  const report = (rowIssues: RowIssue[]) => {
    issues.push(...rowIssues)
    if (rowIssues.some((i) => i.level === 'warning')) counts.warnings++
  }
  /** Rows of this chunk whose subject stays unresolved (they go to the unmatched-subject queue). */
  const queued: QueuedRow[] = []
  /** Rows accepted for a record key (they take queued copies of the same record out of the queue). */
  const accepted: ResubmittedRow[] = []
  const settle = (rowNo: number, outcome: RowOutcome, recordId: string | null, rowIssues: RowIssue[]) =>
    env.onSettled?.(rowNo, outcome, recordId, rowIssues)
  /** Only real batches queue and withdraw; dry runs and the queue's own releases do neither. */
  const queueing = env.batchId !== null && env.resubmittedFrom === undefined

  for (const row of rows) {
    counts.total++
    const rowIssues = row.issues
    const plan = row.plan
    let dept: string | null = null
    if (plan) {
      dept = providerOf(cc, env, plan, row.rowNo, rowIssues)
    }
    const hasError = rowIssues.some((i) => i.level === 'error')
    if (!plan || !dept || hasError) {
      counts.rejected++
      if (rowIssues.some((i) => i.code === 'subject_unresolved')) counts.unresolved++
      report(rowIssues)
      settle(row.rowNo, 'rejected', null, rowIssues)
      continue
    }
    planned.push({ row, plan, dept, rowIssues })
  }

  // existing records by key, per provider
  const byDept = new Map<string, string[]>()
  for (const p of planned) {
    const keys = byDept.get(p.dept)
    if (keys) keys.push(p.plan.providerKey)
    else byDept.set(p.dept, [p.plan.providerKey])
  }
  const existing = new Map<string, RecordRow>()
  for (const [dept, keys] of byDept) {
    for (const r of await findRecordsByKeys(trx, dept, cc.cls.code, keys))
      existing.set(`${dept}\u0000${r.provider_key}\u0000${r.subject_key}`, r)
  }

  // subjects identified by a known USCC are resolved for the whole chunk in one query
  const usccs: string[] = []
  for (const p of planned) {
    const known = env.known.get(p.plan.subject.key)
    if (known) resolved.set(p.plan.subject.key, known)
    else if (p.plan.subject.query.uscc) usccs.push(p.plan.subject.query.uscc)
  }
  for (const e of await findEntitiesByUsccs(trx, usccs))
    if (e.uscc) resolved.set(`uscc:${e.uscc}`, { id: e.id, adultOn: e.adult_on })
  const versionBase: VersionBase = {
    class_version: cc.cls.version,
    batch_id: env.batchId,
    actor_kind: actor.kind,
    actor_id: actor.id,
    created_at: nowIso,
    resubmitted_from: env.resubmittedFrom ?? null,
  }
  /** Subjects of this chunk that stay unresolved: why (one answer per subject key). */
  const unresolvedWhy = new Map<string, Unresolved>()
  const newRecords: Insertable<RecordsTable>[] = []
  const newVersions: Insertable<RecordVersionsTable>[] = []
  // Records and versions created earlier in this chunk (not in the table yet) are found by scanning newRecords and
  // newVersions: only corrections and revocations look, and a per-chunk index of them (or a closure over
  // newVersions) made V8 grow the heap of a 1,000,000-row import by ~140 MB (peak 445 MB instead of ~310 MB).
  /** Entities of stored records this chunk corrects or revokes. */
  const changedEntities = new Set<string>()
  /** The chunk's changes as watch events (written for watched entities only, in this transaction). */
  const watchChanges: [WatchEventType, WatchedRecordFacts][] = []
  const updateStored = async (current: RecordRow, entityIds: string[], changes: Updateable<RecordsTable>) => {
    for (const e of entityIds) changedEntities.add(e)
    // another change moved the record since this chunk read it: 409 record.conflict, the chunk rolls back
    await updateRecordCurrent(trx, current.id, current.version, changes)
  }

  for (const { row, plan, dept, rowIssues } of planned) {
    const key = `${dept}\u0000${plan.providerKey}\u0000${plan.subject.key}`
    const current = existing.get(key)
    const op: RowOp = plan.op
    const reject = (code: string, message: string, field: string | null = null, value: string | null = null) => {
      rowIssues.push({ rowNo: row.rowNo, level: 'error', field, code, message, value })
      counts.rejected++
      report(rowIssues)
      settle(row.rowNo, 'rejected', null, rowIssues)
    }
    const finishAccepted = (outcome: 'added' | 'corrected' | 'revoked', recordId: string, late = false) => {
      counts.accepted++
      if (late) counts.late++
      report(rowIssues)
      if (queueing) accepted.push(resubmission(dept, plan))
      settle(row.rowNo, outcome, recordId, rowIssues)
    }
    const duplicate = (recordId: string) => {
      counts.duplicates++
      report(rowIssues)
      if (queueing) accepted.push(resubmission(dept, plan))
      settle(row.rowNo, 'duplicate', recordId, rowIssues)
    }

    // a repaired record never comes back (信用修复): no new version of its key, whatever the operation
    if (current && current.state === 'repaired') {
      reject('record_repaired', ROW_MESSAGES.record_repaired(civilDate(new Date(current.updated_at))))
      continue
    }
    if (op === 'revoke') {
      if (!current) {
        reject('revoke_unknown', ROW_MESSAGES.revoke_unknown)
        continue
      }
      if (!plan.reason) {
        reject('reason_required', ROW_MESSAGES.reason_required)
        continue
      }
      if (current.state === 'revoked') {
        duplicate(current.id)
        continue
      }
      const version = current.version + 1
      const pending = newRecords.find((r) => r.id === current.id)
      if (pending) Object.assign(pending, { version, state: 'revoked', batch_id: env.batchId, updated_at: nowIso })
      else
        await updateStored(current, [current.entity_id], {
          version,
          state: 'revoked',
          batch_id: env.batchId,
          updated_at: nowIso,
        })
      const currentPayload =
        newVersions.findLast((v) => v.record_id === current.id)?.payload ??
        (await payloadOf(trx, current.id, current.version))
      newVersions.push(
        versionRow(versionBase, {
          record_id: current.id,
          version,
          op: 'revoke',
          state: 'revoked',
          severity: current.severity,
          payload: currentPayload,
          payload_hash: current.payload_hash,
          reason: plan.reason,
          row_no: row.rowNo,
        }),
      )
      existing.set(key, { ...current, version, state: 'revoked' })
      watchChanges.push(['record.revoked', { ...current, version }])
      if (current.list_kind) watchChanges.push(['list.exited', { ...current, version }])
      counts.revoked++
      finishAccepted('revoked', current.id)
      continue
    }

    if (current && current.payload_hash === plan.hash && current.state === 'active') {
      duplicate(current.id)
      continue
    }
    if (!current && op === 'correct') {
      reject('correct_unknown', ROW_MESSAGES.correct_unknown)
      continue
    }

    // resolve (or register) the subject
    let entity = resolved.get(plan.subject.key)
    if (entity === undefined) {
      const r = await resolveSubject(ctx, trx, plan, today)
      entity = 'id' in r ? { id: r.id, adultOn: r.adultOn } : null
      if ('id' in r) {
        if (r.warning)
          rowIssues.push({ rowNo: row.rowNo, level: 'warning', ...r.warning, field: cc.roles.subject_name ?? null })
      } else unresolvedWhy.set(plan.subject.key, r)
      resolved.set(plan.subject.key, entity)
    }
    if (!entity) {
      const why = unresolvedWhy.get(plan.subject.key) ?? UNKNOWN_WHY
      // organisations wait in the queue for an operator; a natural person is only ever found by the ID number
      const queue = queueing && plan.subject.personId === null
      const field = (plan.subject.query.uscc ? cc.roles.uscc : cc.roles.subject_name) ?? null
      reject(
        'subject_unresolved',
        ROW_MESSAGES.subject_unresolved_because(why.message, queue),
        field,
        plan.subject.query.uscc ?? plan.subject.query.name ?? null,
      )
      counts.unresolved++
      if (queue) queued.push(queuedRow(env.batchId as string, row.rowNo, dept, cc, plan, why))
      continue
    }
    const minor = plan.decidedOn && entity.adultOn && plan.decidedOn < entity.adultOn ? 1 : 0
    const payload = plan.payload
    /** The row's content as a new active version of a record. */
    const activeVersion = (recordId: string, version: number, op: 'add' | 'correct') =>
      versionRow(versionBase, {
        record_id: recordId,
        version,
        op,
        state: 'active',
        severity: plan.severity,
        payload,
        payload_hash: plan.hash,
        reason: plan.reason,
        row_no: row.rowNo,
      })
    const facts = {
      class_version: cc.cls.version,
      severity: plan.severity,
      severity_override: plan.severityOverride,
      decided_on: plan.decidedOn,
      document_no: plan.documentNo,
      authority: plan.authority,
      publish_from: plan.window?.from ?? null,
      publish_min_until: plan.window?.minUntil ?? null,
      publish_max_until: plan.window?.maxUntil ?? null,
      rule_version: plan.window?.ruleVersion ?? null,
      list_kind: cc.cls.list?.kind ?? null,
      list_until: plan.listUntil,
      minor_at_decision: minor,
      due_on: plan.dueOn,
      late: plan.late ? 1 : 0,
      payload_hash: plan.hash,
      batch_id: env.batchId,
      updated_at: nowIso,
    }

    if (!current) {
      const id = newId()
      const record: Insertable<RecordsTable> = {
        id,
        entity_id: entity.id,
        class_code: cc.cls.code,
        provider_dept: dept,
        provider_key: plan.providerKey,
        subject_key: plan.subject.key,
        version: 1,
        state: 'active',
        polarity: cc.cls.polarity,
        category: cc.cls.category,
        scope: cc.cls.scope,
        created_at: nowIso,
        ...facts,
      }
      newRecords.push(record)
      newVersions.push(activeVersion(id, 1, 'add'))
      watchChanges.push(['record.created', record as WatchedRecordFacts])
      if (record.list_kind) watchChanges.push(['list.entered', record as WatchedRecordFacts])
      existing.set(key, record as RecordRow)
      finishAccepted('added', id, plan.late)
      continue
    }

    // same key, different content (or a revoked record submitted again): a correction, the old version kept
    if (!plan.reason && op === 'correct')
      rowIssues.push({
        rowNo: row.rowNo,
        level: 'warning',
        field: '_reason',
        code: 'reason_missing',
        message: ROW_MESSAGES.reason_missing,
        value: null,
      })
    // timeliness belongs to the first submission: a correction keeps it
    facts.due_on = current.due_on
    facts.late = current.late
    const version = current.version + 1
    // rows created earlier in this chunk are not in the table yet: update them in the pending insert instead
    const pending = newRecords.find((r) => r.id === current.id)
    if (pending) {
      Object.assign(pending, { ...facts, version, state: 'active' })
    } else
      await updateStored(current, [current.entity_id, entity.id], {
        ...facts,
        entity_id: entity.id,
        version,
        state: 'active',
      })
    newVersions.push(activeVersion(current.id, version, 'correct'))
    existing.set(key, { ...current, ...facts, version, state: 'active' } as RecordRow)
    watchChanges.push([
      'record.corrected',
      { ...current, ...facts, entity_id: entity.id, version } as WatchedRecordFacts,
    ])
    counts.corrected++
    finishAccepted('corrected', current.id)
  }

  await insertRecords(trx, newRecords)
  await insertVersions(trx, newVersions)
  // per-entity flags (negative, lists) carry their own until-instants: they change with the records. New records
  // only raise them; a correction or revocation of a stored record can lower them, so those entities are recomputed.
  const now = ctx.clock.now()
  if (changedEntities.size) await refreshEntityFlags(trx, [...changedEntities], now)
  // the watch outbox (docs/watches.md): in this transaction, so a chunk that rolls back emits nothing
  await emitRecordWatchEvents(trx, now, watchChanges)
  // revocations of records about subjects agencies read in the last 12 months: pushed to them (docs/agencies.md)
  await pushAgencyUpdates(ctx, trx, now, watchChanges)
  await raiseEntityFlags(trx, newRecords.filter((r) => !changedEntities.has(r.entity_id)) as RuleRow[], now)
  // the queue of unmatched subjects: rows that stay unresolved wait there; a provider's own resubmission of a queued
  // record takes the queued copy out
  if (queued.length) await enqueueUnmatched(trx, nowIso, queued)
  if (accepted.length) await withdrawResubmitted(trx, nowIso, env.batchId as string, cc.cls.code, accepted)
}

type VersionBase = Pick<
  RecordVersionsTable,
  'class_version' | 'batch_id' | 'actor_kind' | 'actor_id' | 'created_at' | 'resubmitted_from'
>

/** A version row, every column written out (one shape for all rows: the bulk insert reads them fast). */
function versionRow(
  base: VersionBase,
  v: Pick<
    Insertable<RecordVersionsTable>,
    'record_id' | 'version' | 'op' | 'state' | 'severity' | 'payload' | 'payload_hash' | 'reason' | 'row_no'
  >,
): Insertable<RecordVersionsTable> {
  return {
    record_id: v.record_id,
    version: v.version,
    op: v.op,
    class_version: base.class_version,
    state: v.state,
    severity: v.severity,
    payload: v.payload,
    payload_hash: v.payload_hash,
    reason: v.reason,
    batch_id: base.batch_id,
    row_no: v.row_no,
    actor_kind: base.actor_kind,
    actor_id: base.actor_id,
    created_at: base.created_at,
    resubmitted_from: base.resubmitted_from,
  }
}

/** The provider of a row: --dept, or the registered department named by the row's 数据来源单位统一社会信用代码. */
function providerOf(cc: ClassContext, env: ChunkEnv, plan: RowPlan, rowNo: number, issues: RowIssue[]): string | null {
  const named = plan.providerUscc ? env.deptByUscc.get(plan.providerUscc) : undefined
  const refuse = (code: 'provider_mismatch' | 'provider_unknown' | 'provider_not_allowed', message: string) => {
    issues.push({
      rowNo,
      level: 'error',
      field: cc.roles.provider_uscc ?? null,
      code,
      message,
      value: plan.providerUscc,
    })
    return null
  }
  if (env.dept) {
    if (named && named.code !== env.dept) return refuse('provider_mismatch', ROW_MESSAGES.provider_mismatch(named.name))
    return env.dept
  }
  if (!named) return refuse('provider_unknown', ROW_MESSAGES.provider_unknown(plan.providerUscc ?? '（空）'))
  if (cc.cls.providers.length && !cc.cls.providers.includes(named.code))
    return refuse('provider_not_allowed', ROW_MESSAGES.provider_not_allowed(named.name))
  return named.code
}

type Unresolved = Extract<ResolveResult, { status: 'unresolved' }>

const UNKNOWN_WHY: Unresolved = {
  status: 'unresolved',
  reason: 'not_found',
  cause: 'not_registered',
  candidates: [],
  message: '未找到匹配的主体',
}

/** A subject found or registered; `warning` when registering it needs the provider's attention. */
type Found = ResolvedSubject & { warning?: Omit<RowIssue, 'rowNo' | 'level'> }

/**
 * Finds the subject's entity; registers it when it is new and identified by a valid USCC (GB 32100 codes are unique
 * for life, so the USCC decides: a name that belongs to an entity with another USCC does not stop the registration,
 * it only warns `name_conflict`). Never registers a subject whose codes another entity holds (a USCC's embedded
 * organisation code, an organisation code, a registration number): that is a conflict between two codes.
 */
async function resolveSubject(ctx: Ctx, trx: Trx, plan: RowPlan, today: string): Promise<Found | Unresolved> {
  const r = await resolveEntity(trx, ctx.keys, plan.subject.query, today)
  if (r.status === 'matched') {
    if (!plan.subject.personId) return { id: r.entityId, adultOn: null }
    const e = await getEntity(trx, r.entityId)
    return { id: e.id, adultOn: e.adultOn }
  }
  const c = plan.subject.create
  const registrable = r.reason === 'not_found' || (r.cause === 'name_other_code' && Boolean(c?.uscc))
  if (!registrable || !c?.name) return r
  const owners = await codeOwners(trx, c)
  if (owners.length) return codeTaken(owners, c.uscc ?? null)
  let id: string | undefined
  try {
    ;[id] = await insertEntitiesBulk(ctx, trx, [c])
  } catch (e) {
    if (e instanceof AppError && e.code === 'entity.invalid')
      return { ...r, reason: 'invalid_input', cause: 'entity_invalid', message: e.message }
    throw e
  }
  if (!id) return r
  const warning =
    r.cause === 'name_other_code'
      ? {
          field: null,
          code: 'name_conflict',
          message: ROW_MESSAGES.name_conflict(c.uscc ?? '', c.name, r.candidates),
          value: c.name,
        }
      : undefined
  if (!plan.subject.personId) return { id, adultOn: null, ...(warning ? { warning } : {}) }
  const e = await getEntity(trx, id)
  return { id, adultOn: e.adultOn }
}

/** The queue's copy of an unresolved row: its plan as planned (payload sealed as stored), its subject, the cause. */
function queuedRow(
  batchId: string,
  rowNo: number,
  dept: string,
  cc: ClassContext,
  plan: RowPlan,
  why: Unresolved,
): QueuedRow {
  const q = plan.subject.query
  const create = plan.subject.create
  return {
    batchId,
    rowNo,
    dept,
    classCode: cc.cls.code,
    classVersion: cc.cls.version,
    providerKey: plan.providerKey,
    documentNo: plan.documentNo,
    decidedOn: plan.decidedOn,
    subjectKey: plan.subject.key,
    nameKey: q.name ? nameKey(q.name) : null,
    // the subject is stored apart from the plan (and without any ID number); the release gives it anew
    plan: JSON.stringify({ ...plan, subject: null }),
    subject: {
      name: q.name ?? null,
      uscc: q.uscc ?? null,
      codes: q.codes ?? [],
      kind: create?.kind ?? null,
      district: create?.district ?? null,
      category: plan.subject.category,
      legalRep: legalRepOf(cc, plan),
    },
    cause: why.cause,
    message: why.message,
  }
}

/** The row's 法定代表人 (a registration from the queue takes it), when the class has the field. */
function legalRepOf(cc: ClassContext, plan: RowPlan): string | null {
  const field = cc.roles.legal_rep
  const v = field ? (JSON.parse(plan.payload) as Record<string, unknown>)[field] : undefined
  return typeof v === 'string' && v.trim() ? v : null
}

/** A row accepted for a record key: a queued copy of the same record (same department, class, document number and
 * subject name or key) leaves the queue. */
function resubmission(dept: string, plan: RowPlan): ResubmittedRow {
  return { dept, providerKey: plan.providerKey, name: plan.subject.query.name ?? null, subjectKey: plan.subject.key }
}
