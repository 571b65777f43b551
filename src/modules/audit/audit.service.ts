import { createHash } from 'node:crypto'
import type { Insertable } from 'kysely'
import type { Actor } from '../../core/actor.js'
import type { Clock } from '../../core/clock.js'
import { newId } from '../../core/ids.js'
import type { Db } from '../../db/database.js'
import {
  type AuditEventRow,
  type AuditFilter,
  countEvents,
  eventsAfter,
  GENESIS_HASH,
  insertEvents,
  listEvents,
  lockHead,
  readHead,
} from './audit.repository.js'
import type { AuditEventsTable } from './audit.tables.js'

export interface AuditInput {
  action: string
  targetType?: string | null
  targetId?: string | null
  details?: Record<string, unknown>
}

/** The fields covered by the hash, in a fixed order. */
function hashOf(row: Omit<Insertable<AuditEventsTable>, 'hash'>): string {
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

/**
 * Appends events to the hash chain. Call it inside the transaction that makes the change,
 * so the change and its event commit together or not at all.
 */
export async function recordAudit(
  db: Db,
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
  db: Db,
  clock: Clock,
  entries: { actor: Actor; event: AuditInput }[],
): Promise<string[]> {
  if (entries.length === 0) return []
  const at = clock.now().toISOString()
  const head = await lockHead(db, at)
  let seq = Number(head.seq)
  let prev = head.hash
  const rows: Insertable<AuditEventsTable>[] = []
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
      purpose: actor.purpose ?? null,
      details: JSON.stringify(e.details ?? {}),
      prev_hash: prev,
    }
    const hash = hashOf(base)
    rows.push({ ...base, hash })
    prev = hash
  }
  await insertEvents(db, rows, { seq, hash: prev, at })
  return rows.map((r) => r.id)
}

export interface VerifyResult {
  ok: boolean
  checked: number
  firstBad?: { id: string | null; seq: number | null; reason: string }
}

/** Walks the whole chain: recomputes every hash, checks links and order, and compares with the stored head. */
export async function verifyAuditChain(db: Db): Promise<VerifyResult> {
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
      const { hash, ...rest } = row
      if (hashOf({ ...rest, seq }) !== hash) return bad('hash mismatch (event edited)')
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

export interface AuditEventView {
  seq: number
  id: string
  at: string
  actorKind: string
  actor: string | null
  actorRole: string | null
  actorDept: string | null
  action: string
  targetType: string | null
  targetId: string | null
  requestId: string | null
  purpose: string | null
  details: Record<string, unknown>
}

export function presentAuditEvent(r: AuditEventRow): AuditEventView {
  return {
    seq: Number(r.seq),
    id: r.id,
    at: r.at,
    actorKind: r.actor_kind,
    actor: r.actor_id,
    actorRole: r.actor_role,
    actorDept: r.actor_dept,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    requestId: r.request_id,
    purpose: r.purpose,
    details: JSON.parse(r.details) as Record<string, unknown>,
  }
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
