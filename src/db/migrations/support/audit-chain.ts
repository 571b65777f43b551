// FROZEN ON PURPOSE: a copy of the audit module's chain append (recordAudit) and stored-event redaction
// (redactStoredEvent) as they stood when migrations 0010 and 0016 were written. A migration is history: it must write
// what it wrote then, whatever the audit module becomes, and the db layer never imports a module. The hash material
// (fields and order), the head lock and the seal format are those `audit verify` checks; if the audit module ever
// changes them, it must still verify the events written here (test/db/migration-0010.test.ts, -0016.test.ts).
import { createHash } from 'node:crypto'
import type { Actor } from '../../../core/actor.js'
import { type Clock, civilDate } from '../../../core/clock.js'
import { newId } from '../../../core/ids.js'
import type { KeyRing } from '../../../core/keys.js'
import { findResidentIds, maskPersonalTextDeep, maskResidentIdsInText } from '../../../identifiers/index.js'
import type { AnyDb } from './pages.js'

const GENESIS_HASH = '0'.repeat(64)

interface ChainRow {
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
  details: string
  prev_hash: string
}

/** The fields covered by the hash, in a fixed order. */
function hashOf(row: ChainRow): string {
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

/** Details as stored: JSON text, ID numbers masked. */
function detailsText(details: Record<string, unknown>, today: string): string {
  const json = JSON.stringify(details)
  return findResidentIds(json, { today }).length === 0
    ? json
    : JSON.stringify(maskPersonalTextDeep(JSON.parse(json), { today }))
}

/** Takes the chain's write lock (a no-op update of the head row) and returns the head. */
async function lockHead(db: AnyDb, now: string): Promise<{ seq: number | string; hash: string }> {
  const res = await db.updateTable('audit_head').set({ updated_at: now }).where('id', '=', 1).executeTakeFirst()
  if (Number(res.numUpdatedRows) === 0) {
    await db
      .insertInto('audit_head')
      .values({ id: 1, seq: 0, hash: GENESIS_HASH, updated_at: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute()
    await db.updateTable('audit_head').set({ updated_at: now }).where('id', '=', 1).execute()
  }
  return db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow()
}

/** Appends one event to the hash chain; call it inside the migration's transaction. */
export async function appendAuditEvent(
  db: AnyDb,
  clock: Clock,
  actor: Actor,
  event: { action: string; details: Record<string, unknown> },
): Promise<void> {
  const at = clock.now().toISOString()
  const today = civilDate(clock.now())
  const head = await lockHead(db, at)
  const base: ChainRow = {
    seq: Number(head.seq) + 1,
    id: newId(),
    at,
    actor_kind: actor.kind,
    actor_id: actor.id,
    actor_role: actor.role,
    actor_dept: actor.dept,
    action: event.action,
    target_type: null,
    target_id: null,
    request_id: actor.requestId ?? null,
    purpose: actor.purpose == null ? null : maskResidentIdsInText(actor.purpose, { today }).text,
    details: detailsText(event.details, today),
    prev_hash: head.hash,
  }
  const hash = hashOf(base)
  await db
    .insertInto('audit_events')
    .values({ ...base, hash })
    .execute()
  await db.updateTable('audit_head').set({ seq: base.seq, hash, updated_at: at }).where('id', '=', 1).execute()
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
 * A stored event's purpose and details with every resident ID number masked, and the seal of the originals (AES-GCM)
 * that keeps its hash verifiable; null when nothing needs masking. `rewrite` changes the original details before they
 * are masked; an event redacted before (`sealed`) is redacted again from its sealed original.
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
