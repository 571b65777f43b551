import { createHash } from 'node:crypto'
import type { Insertable } from 'kysely'
import type { Actor } from '../../core/actor.js'
import { type Clock, civilDate } from '../../core/clock.js'
import { runCommand, type Trx } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import { safeCsv } from '../../core/csv.js'
import { newId } from '../../core/ids.js'
import type { KeyRing } from '../../core/keys.js'
import type { Db } from '../../db/database.js'
import { findResidentIds, maskPersonalTextDeep, maskResidentIdsInText } from '../../identifiers/index.js'
import {
  type AuditEventRow,
  type AuditFilter,
  countEvents,
  eventsAfter,
  findEvent,
  GENESIS_HASH,
  insertEvents,
  insertSubjects,
  countSubjectEvents,
  listSubjectEvents,
  type SubjectFilter,
  listEvents,
  lockHead,
  readHead,
} from './audit.repository.js'
import { type AuditEventView, type AuditNamesSource, presentAuditEvent, readableEvents } from './audit.readable.js'
import type { AuditEventsTable, AuditSubjectsTable } from './audit.tables.js'

export interface AuditInput {
  action: string
  targetType?: string | null
  targetId?: string | null
  details?: Record<string, unknown>
  /**
   * The entities whose data the event read (a check's subject, every subject of a batch check, the entity of an
   * ID number reveal or an authorised read): the event is indexed under each, for its access log (查询记录).
   */
  subjects?: readonly (string | null | undefined)[]
}

/** The fields covered by the hash, in a fixed order. */
function hashOf(row: Omit<Insertable<AuditEventsTable>, 'hash' | 'sealed'>): string {
  const material = JSON.stringify([
    row.seq,
    row.id,
    row.at,
    row.actor_kind,
    row.actor_id ?? null,
    row.actor_role ?? null,
    row.actor_dept ?? null,
    row.action,
    row.target_type ?? null,
    row.target_id ?? null,
    row.request_id ?? null,
    row.purpose ?? null,
    row.details,
    row.prev_hash,
  ])
  return createHash('sha256').update(material).digest('hex')
}

/** The fields of a stored event its chain hash covers, exactly as hashed (hashOf), in the stored column names. */
export interface HashedAuditEvent {
  seq: number
  id: string
  at: string
  actor_kind: string
  actor_id: string | null
  actor_role: string | null
  actor_dept: string | null
  action: string
  target_type: string | null
  target_id: string | null
  request_id: string | null
  purpose: string | null
  /** The details as stored (JSON text). */
  details: string
  prev_hash: string
}

/** The chain hash of an event's hashed fields (what `audit_events.hash` holds): SHA-256 over them in a fixed order. */
export function auditEventHash(fields: HashedAuditEvent): string {
  return hashOf(fields)
}

/**
 * One event's hashed fields, exactly as its chain hash covers them, and that hash (a report's proof carries them, so
 * that anybody can recompute the hash from the fields). An event redacted after it was written (its original sealed)
 * gives its original fields: they need the key ring. Undefined when no event has the id.
 */
export async function hashedAuditEvent(
  db: Db,
  id: string,
  keys?: KeyRing,
): Promise<{ event: HashedAuditEvent; hash: string } | undefined> {
  const row = await findEvent(db, id)
  if (!row) return undefined
  let purpose = row.purpose
  let details = row.details
  if (row.sealed != null) {
    const original = keys ? unsealOriginal(keys, row.sealed) : null
    if (!original) throw new Error('a redacted audit event: its hashed fields need the key file')
    purpose = original.purpose
    details = original.details
  }
  const event: HashedAuditEvent = {
    seq: Number(row.seq),
    id: row.id,
    at: row.at,
    actor_kind: row.actor_kind,
    actor_id: row.actor_id,
    actor_role: row.actor_role,
    actor_dept: row.actor_dept,
    action: row.action,
    target_type: row.target_type,
    target_id: row.target_id,
    request_id: row.request_id,
    purpose,
    details,
    prev_hash: row.prev_hash,
  }
  return { event, hash: row.hash }
}

/** Details as stored: JSON text, walked for ID numbers only when the text holds one (the common case is one scan). */
function detailsText(details: Record<string, unknown>, today: string): string {
  const json = JSON.stringify(details)
  return findResidentIds(json, { today }).length === 0
    ? json
    : JSON.stringify(maskPersonalTextDeep(JSON.parse(json), { today }))
}

/**
 * Appends events to the hash chain. Call it inside the transaction that makes the change,
 * so the change and its event commit together or not at all.
 */
/**
 * Takes the audit chain's write lock inside the caller's transaction (held until it commits): what must be ordered
 * as the commits are (the record change feed's seq) is allocated under it. A later recordAudit in the same
 * transaction finds it held already.
 */
export async function lockAuditChain(db: Trx, at: string): Promise<void> {
  await lockHead(db, at)
}

export async function recordAudit(
  db: Trx,
  clock: Clock,
  actor: Actor,
  events: AuditInput | AuditInput[],
): Promise<string[]> {
  const list = Array.isArray(events) ? events : [events]
  return recordAuditEntries(
    db,
    clock,
    list.map((event) => ({ actor, event })),
  )
}

/** Appends events of several actors (e.g. the requests of one group commit) in order, under one lock of the head. */
export async function recordAuditEntries(
  db: Trx,
  clock: Clock,
  entries: { actor: Actor; event: AuditInput }[],
): Promise<string[]> {
  if (entries.length === 0) return []
  const at = clock.now().toISOString()
  const today = civilDate(clock.now())
  const head = await lockHead(db, at)
  let seq = Number(head.seq)
  let prev = head.hash
  const rows: Insertable<AuditEventsTable>[] = []
  const subjects: Insertable<AuditSubjectsTable>[] = []
  for (const { actor, event: e } of entries) {
    seq += 1
    const base = {
      seq,
      id: newId(),
      at,
      actor_kind: actor.kind,
      actor_id: actor.id,
      actor_role: actor.role,
      actor_dept: actor.dept,
      action: e.action,
      target_type: e.targetType ?? null,
      target_id: e.targetId ?? null,
      request_id: actor.requestId ?? null,
      purpose: actor.purpose == null ? null : maskResidentIdsInText(actor.purpose, { today }).text,
      details: detailsText(e.details ?? {}, today),
      prev_hash: prev,
    }
    const hash = hashOf(base)
    rows.push({ ...base, hash })
    prev = hash
    for (const entity of new Set(e.subjects ?? []))
      if (entity) subjects.push({ entity_id: entity, seq, audit_id: base.id })
  }
  await insertEvents(db, rows, { seq, hash: prev, at })
  if (subjects.length > 0) await insertSubjects(db, subjects)
  return rows.map((r) => r.id)
}

/** One read of entities' non-public data (auditRead): the event, and the entities whose data it showed. */
export interface ReadInput extends Omit<AuditInput, 'subjects'> {
  /** Every entity the read showed data of (a page of 20 list rows: the 20 rows' entities; duplicates are dropped). */
  subjects: readonly (string | null | undefined)[]
}

/**
 * Audits one read of entities' non-public data (the government or authorised view of a file, a record, a page of a
 * list, an export): ONE event per request, carrying the reader's stated purpose (`actor.purpose`), indexed under
 * every entity shown so that each finds it in its access log (查询记录). Written in its own transaction, or in the
 * open one when `ctx.db` is a transaction. Writes nothing for the anonymous public (reads of published data), for a
 * subject account reading its own entity (`actor.entityId`), or when the read showed no entity (an empty page).
 * Call it once per request, never per row.
 */
export async function auditRead(ctx: Pick<Ctx, 'db' | 'clock'>, actor: Actor, read: ReadInput): Promise<void> {
  if (actor.kind === 'public') return
  const subjects = [...new Set(read.subjects)].filter((s): s is string => !!s && s !== actor.entityId)
  if (subjects.length === 0) return
  await runCommand(ctx, actor, ({ trx, clock }) => recordAudit(trx, clock, actor, { ...read, subjects }))
}

/** What the seal of a redacted event holds: the original purpose and details, and the digest of what is shown. */
interface SealedOriginal {
  purpose: string | null
  details: string
  shown: string
}

function shownDigest(purpose: string | null, details: string): string {
  return createHash('sha256')
    .update(JSON.stringify([purpose, details]))
    .digest('hex')
}

function unsealOriginal(keys: KeyRing, sealed: string): SealedOriginal | null {
  try {
    const o = JSON.parse(keys.decrypt(sealed)) as SealedOriginal
    return typeof o.details === 'string' && typeof o.shown === 'string' ? o : null
  } catch {
    return null
  }
}

/**
 * An event written before ID numbers were masked on the way in: its purpose and details with every resident ID
 * number masked, and the seal of the originals (AES-GCM) that keeps its hash verifiable; null when nothing needs
 * masking. The hash and the chain are left as they are. `rewrite` changes the original details before they are
 * masked (a field the event should never have kept, e.g. an unknown login name, replaced by its keyed hash); an event
 * redacted before (`sealed`) is redacted again from its sealed original, which stays the original.
 */
export function redactStoredEvent(
  keys: KeyRing,
  row: { purpose: string | null; details: string; sealed?: string | null },
  today: string,
  rewrite?: (details: Record<string, unknown>) => Record<string, unknown>,
): { purpose: string | null; details: string; sealed: string } | null {
  const before = row.sealed ? unsealOriginal(keys, row.sealed) : null
  if (row.sealed && !before) throw new Error('a redacted audit event whose seal cannot be opened')
  const original = { purpose: before ? before.purpose : row.purpose, details: before ? before.details : row.details }
  const purpose = original.purpose === null ? null : maskResidentIdsInText(original.purpose, { today }).text
  const given = rewrite
    ? JSON.stringify(rewrite(JSON.parse(original.details) as Record<string, unknown>))
    : original.details
  const details =
    findResidentIds(given, { today }).length === 0
      ? given
      : JSON.stringify(maskPersonalTextDeep(JSON.parse(given), { today }))
  if (purpose === row.purpose && details === row.details) return null
  const sealed: SealedOriginal = { ...original, shown: shownDigest(purpose, details) }
  return { purpose, details, sealed: keys.encrypt(JSON.stringify(sealed)) }
}

export interface VerifyResult {
  ok: boolean
  checked: number
  firstBad?: { id: string | null; seq: number | null; reason: string }
}

/**
 * Walks the whole chain: recomputes every hash, checks links and order, and compares with the stored head. Events
 * whose ID numbers were masked after they were written (migration 0010) are checked against their sealed originals,
 * which needs the key ring.
 */
export async function verifyAuditChain(db: Db, keys?: KeyRing): Promise<VerifyResult> {
  let checked = 0
  let prevHash = GENESIS_HASH
  let expectedSeq = 1
  let last: AuditEventRow | undefined
  for (;;) {
    const page = await eventsAfter(db, last ? Number(last.seq) : 0, 2000)
    if (page.length === 0) break
    for (const row of page) {
      const seq = Number(row.seq)
      const bad = (reason: string): VerifyResult => ({ ok: false, checked, firstBad: { id: row.id, seq, reason } })
      if (seq !== expectedSeq)
        return bad(
          seq > expectedSeq
            ? `missing events before seq ${seq} (expected ${expectedSeq})`
            : `out of order at seq ${seq}`,
        )
      if (row.prev_hash !== prevHash) return bad('prev_hash does not match the previous event (deleted or reordered)')
      const { hash, sealed, ...rest } = row
      if (sealed != null) {
        // an event whose ID numbers were masked afterwards: its hash covers the original, kept sealed
        if (!keys) return bad('sealed event: verifying it needs the key file')
        const original = unsealOriginal(keys, sealed)
        if (!original || original.shown !== shownDigest(row.purpose, row.details))
          return bad('hash mismatch (event edited)')
        if (hashOf({ ...rest, purpose: original.purpose, details: original.details, seq }) !== hash)
          return bad('hash mismatch (event edited)')
      } else if (hashOf({ ...rest, seq }) !== hash) return bad('hash mismatch (event edited)')
      prevHash = hash
      expectedSeq += 1
      checked += 1
      last = row
    }
  }
  const head = await readHead(db)
  const headSeq = head ? Number(head.seq) : 0
  const headHash = head?.hash ?? GENESIS_HASH
  if (headSeq !== checked || headHash !== prevHash) {
    return {
      ok: false,
      checked,
      firstBad: {
        id: null,
        seq: checked + 1,
        reason:
          headSeq > checked
            ? `newest events missing: head is at seq ${headSeq}, chain ends at ${checked}`
            : 'head does not match the newest event',
      },
    }
  }
  return { ok: true, checked }
}

export async function searchAuditEvents(
  db: Db,
  filter: AuditFilter,
  page: number,
  pageSize: number,
): Promise<{ total: number; items: AuditEventView[] }> {
  const [total, rows] = await Promise.all([
    countEvents(db, filter),
    listEvents(db, filter, (page - 1) * pageSize, pageSize),
  ])
  return { total, items: rows.map(presentAuditEvent) }
}

/** The most events one CSV export carries. */
export const EXPORT_MAX = 50_000

const CSV_HEADER = [
  '序号',
  '事件编号',
  '时间',
  '主体类型',
  '操作者',
  '角色',
  '部门',
  '操作',
  '对象类型',
  '对象编号',
  '请求编号',
  '用途',
  '详情',
  '操作名称',
  '操作人',
  '部门名称',
  '对象',
  '详情（可读）',
]

/**
 * Exports the events the filter finds (at most EXPORT_MAX, oldest first as searchAuditEvents orders them) as CSV,
 * and audits the export itself (`audit.export`, with the filter and the row count). `total` is the full count.
 */
export async function exportAuditCsv(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  actor: Actor,
  filter: AuditFilter & Record<string, unknown>,
  names?: AuditNamesSource,
): Promise<{ csv: string; total: number }> {
  const { items: found, total } = await searchAuditEvents(ctx.db, filter, 1, EXPORT_MAX)
  const items = await readableEvents(found, names)
  await runCommand(ctx, actor, ({ trx, clock }) =>
    recordAudit(trx, clock, actor, { action: 'audit.export', details: { filter, rows: items.length } }),
  )
  const csv = safeCsv(
    CSV_HEADER,
    items.map((e) => [
      e.seq,
      e.id,
      e.at,
      e.actorKind,
      e.actor,
      e.actorRole,
      e.actorDept,
      e.action,
      e.targetType,
      e.targetId,
      e.requestId,
      e.purpose,
      JSON.stringify(e.details),
      e.actionLabel,
      e.actorName,
      e.actorDeptName,
      e.targetLabel,
      e.detailItems.map((d) => `${d.label}：${d.value}`).join('；'),
    ]),
  )
  return { csv, total }
}

/**
 * The events indexed under an entity (its access log, 查询记录), newest first: only the given actions, from and to
 * as instants (from inclusive, to exclusive).
 */
export async function subjectAuditEvents(
  db: Db,
  filter: SubjectFilter,
  page: number,
  pageSize: number,
): Promise<{ total: number; items: AuditEventView[] }> {
  const [total, rows] = await Promise.all([
    countSubjectEvents(db, filter),
    listSubjectEvents(db, filter, (page - 1) * pageSize, pageSize),
  ])
  return { total, items: rows.map(presentAuditEvent) }
}

export { type AuditEventView, presentAuditEvent }
