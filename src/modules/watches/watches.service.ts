// Watch lists (信用监测): a department's entities and event types; the transactional outbox the changes write their
// events into (emitWatchEvents, in their own transaction, only for watched entities); the sequencer that gives each
// committed event its feed position once; the pull feed; the webhook worker (signed, in feed order, retried with
// backoff, dead-lettered, replayable). What a watcher may receive is decided at delivery by the caller's `canSee`
// (the disclosure rule, through the watches flow); alerts of the early-warning rules come from its `derive`.
import type { Actor } from '../../core/actor.js'
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import { newId } from '../../core/ids.js'
import type { Db } from '../../db/database.js'
import { maskPersonalText } from '../../identifiers/index.js'
import { type Principal, permissionsOf, principalIsLive } from '../access/index.js'
import { auditRead, recordAudit } from '../audit/index.js'
import { findSubjectRows } from '../entities/index.js'
import { backoffSeconds, postJson } from '../notifications/index.js'
import { watchError } from './watches.errors.js'
import {
  claimWatch,
  countFeedRows,
  countWatchEntities,
  currentSequence,
  type DeadLetterRow,
  deadLettersOf,
  dueWebhookWatches,
  feedRows,
  findDeadLetter,
  findWatch,
  insertDeadLetter,
  insertEvents,
  insertWatch,
  insertWatchEntities,
  listWatchRows,
  lockSequence,
  markReplayed,
  pendingEvents,
  setEventSeq,
  setSequence,
  updateWatch,
  type WatchEventRow,
  type WatchRow,
  watchedAmong,
  watchEntityIds,
} from './watches.repository.js'
import {
  recordWatchEvent,
  WATCH_EVENT_TYPES,
  type WatchedRecordFacts,
  type WatchEventInput,
  type WatchEventType,
} from './watches.types.js'
import {
  newWatchSecret,
  validWebhookUrl,
  WATCH_SIGNATURE_HEADER,
  watchSignature,
  webhookAllowList,
} from './watches.webhook.js'

/** At most this many entities on one watch. */
export const MAX_WATCH_ENTITIES = 10_000
/** Events a sequencer run places at once; a webhook run posts per watch. */
const SEQUENCE_BATCH = 500
/** The process's emission counter: events of one instant keep the order they were emitted in. */
let emitted = 0
/** The next emission number (wraps below 2^31: it only orders events of the same millisecond). */
const nextEmitOrder = () => {
  emitted = (emitted + 1) % 2_000_000_000
  return emitted
}
const DELIVERY_BATCH = 100
/** A webhook run stores its cursor after this many delivered events (and when it stops). */
const CURSOR_EVERY = 20

// ---------------------------------------------------------------------------------------------------------------
// The outbox: written by the changes, in their transaction

/**
 * Writes the events of a change into the outbox, in the change's transaction (pass its `trx`): only those about
 * entities on a live watch (one indexed lookup when nobody watches them), so a change that rolls back emits nothing
 * and a change nobody watches writes nothing. Answers how many were written.
 */
export async function emitWatchEvents(trx: Db, now: Date, events: readonly WatchEventInput[]): Promise<number> {
  if (events.length === 0) return 0
  const watched = await watchedAmong(
    trx,
    events.map((e) => e.entityId),
  )
  if (watched.size === 0) return 0
  const at = now.toISOString()
  const rows = events
    .filter((e) => watched.has(e.entityId))
    .map((e) => ({
      id: newId(),
      seq: null,
      type: e.type,
      entity_id: e.entityId,
      scope: e.scope,
      record_id: e.recordId ?? null,
      data: JSON.stringify(e.data),
      occurred_at: at,
      emit_order: nextEmitOrder(),
    }))
  await insertEvents(trx, rows)
  return rows.length
}

/**
 * emitWatchEvents for record changes: (type, record facts) pairs, the events built only for watched entities - the
 * collection pipeline calls it once per chunk, so an import nobody watches pays one indexed lookup per chunk.
 */
export async function emitRecordWatchEvents(
  trx: Db,
  now: Date,
  changes: readonly (readonly [WatchEventType, WatchedRecordFacts])[],
): Promise<number> {
  if (changes.length === 0) return 0
  const watched = await watchedAmong(
    trx,
    changes.map(([, r]) => r.entity_id),
  )
  if (watched.size === 0) return 0
  return emitWatchEvents(
    trx,
    now,
    changes.filter(([, r]) => watched.has(r.entity_id)).map(([type, r]) => recordWatchEvent(type, r)),
  )
}

// ---------------------------------------------------------------------------------------------------------------
// The sequencer: feed positions, once, in commit order

/** A committed event as the rules see it. */
export interface SequencedEvent {
  id: string
  seq: number
  type: WatchEventType
  entityId: string
  scope: string
  recordId: string | null
  data: Record<string, unknown>
  occurredAt: string
}

/**
 * The early-warning rules for one sequencer batch (read once per batch, inside the sequencer's transaction): a
 * function turning one newly sequenced event into alerts. `later`: records whose creation comes after the event in
 * the feed (a count as of the event leaves them out).
 */
export type AlertDeriver = (
  trx: Db,
  now: Date,
) => Promise<(event: SequencedEvent, later: ReadonlySet<string>) => Promise<WatchEventInput[]>>

function sequenced(row: WatchEventRow): SequencedEvent {
  return {
    id: row.id,
    seq: Number(row.seq),
    type: row.type as WatchEventType,
    entityId: row.entity_id,
    scope: row.scope,
    recordId: row.record_id,
    data: JSON.parse(row.data) as Record<string, unknown>,
    occurredAt: row.occurred_at,
  }
}

const worker: Actor = { kind: 'system', id: 'watches', role: 'operator', dept: null }

/**
 * Gives every committed outbox row its feed position (seq), oldest first, under the counter's row lock: two
 * sequencers (two servers) take turns, so positions are never reused and a reader never sees a later position before
 * an earlier one. The alerts `derive` makes of the new events are placed right after them in the same transaction.
 */
export async function sequenceWatchEvents(
  ctx: Ctx,
  derive?: AlertDeriver,
): Promise<{ sequenced: number; alerts: number }> {
  const total = { sequenced: 0, alerts: 0 }
  for (;;) {
    if ((await pendingEvents(ctx.db, 1)).length === 0) return total
    const done = await runCommand(ctx, worker, async ({ trx, now }) => {
      let seq = await lockSequence(trx)
      const pending = await pendingEvents(trx, SEQUENCE_BATCH)
      const at = now.toISOString()
      let alerts = 0
      // records created by events of this batch not placed yet: a rule counting as of an event leaves them out
      const alertsOf = derive ? await derive(trx, now) : null
      const later = new Set(
        pending.filter((r) => r.type === 'record.created' && r.record_id).map((r) => r.record_id as string),
      )
      for (const row of pending) {
        seq += 1
        await setEventSeq(trx, row.id, seq)
        if (row.type === 'record.created' && row.record_id) later.delete(row.record_id)
        if (!alertsOf || row.type === 'alert') continue
        // an alert is placed right after the event that raised it
        const made = await alertsOf(sequenced({ ...row, seq }), later)
        const rows = made.map((e) => {
          seq += 1
          return {
            id: newId(),
            seq,
            type: e.type,
            entity_id: e.entityId,
            scope: e.scope,
            record_id: e.recordId ?? null,
            data: JSON.stringify(e.data),
            occurred_at: at,
            emit_order: nextEmitOrder(),
          }
        })
        await insertEvents(trx, rows)
        alerts += rows.length
      }
      await setSequence(trx, seq)
      return { sequenced: pending.length, alerts }
    })
    total.sequenced += done.sequenced
    total.alerts += done.alerts
    if (done.sequenced < SEQUENCE_BATCH) return total
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Watches

export interface WatchInput {
  name: string
  entities?: readonly { uscc?: string | undefined; entityId?: string | undefined }[] | undefined
  fileId?: string | undefined
  events: readonly string[]
  webhook?: { url: string } | null | undefined
}

export interface WatchView {
  id: string
  name: string
  dept: string | null
  events: WatchEventType[]
  entityCount: number
  webhook: { url: string } | null
  createdAt: string
  /** The feed position the watch started at (its pull feed starts after it). */
  startCursor: string
  delivery: DeliveryStatus | null
}

export interface DeliveryStatus {
  /** Everything up to this position was delivered, dead-lettered or not for this watcher. */
  cursor: string
  /** Events after the cursor waiting for the webhook. */
  backlog: number
  delivered: number
  lastDeliveredAt: string | null
  attempts: number
  nextAttemptAt: string | null
  lastError: string | null
  deadLetters: number
}

/** Who may see a watch: its department's holders of watch.manage (a principal without one: itself). */
function ownedBy(row: WatchRow, p: Pick<Principal, 'dept' | 'id'>): boolean {
  return row.owner_dept ? row.owner_dept === p.dept : row.owner_id === p.id
}

async function ownWatch(db: Db, p: Pick<Principal, 'dept' | 'id'>, id: string): Promise<WatchRow> {
  const row = await findWatch(db, id)
  if (!row || !ownedBy(row, p)) throw watchError('watch.not_found', { id })
  return row
}

function eventsOf(row: WatchRow): WatchEventType[] {
  return JSON.parse(row.events) as WatchEventType[]
}

async function presentWatch(db: Db, row: WatchRow, withStatus: boolean): Promise<WatchView> {
  const view: WatchView = {
    id: row.id,
    name: row.name,
    dept: row.owner_dept,
    events: eventsOf(row),
    entityCount: await countWatchEntities(db, row.id),
    webhook: row.webhook_url ? { url: row.webhook_url } : null,
    createdAt: row.created_at,
    startCursor: String(row.start_seq),
    delivery: null,
  }
  if (withStatus && row.webhook_url)
    view.delivery = {
      cursor: String(row.delivered_seq),
      backlog: await countFeedRows(db, row.id, Number(row.delivered_seq), eventsOf(row)),
      delivered: Number(row.delivered_count),
      lastDeliveredAt: row.last_delivered_at,
      attempts: Number(row.attempts),
      nextAttemptAt: row.next_attempt_at,
      lastError: row.last_error,
      deadLetters: (await deadLettersOf(db, row.id, MAX_WATCH_ENTITIES)).filter((d) => d.replayed_at === null).length,
    }
  return view
}

function checkEvents(events: readonly string[]): WatchEventType[] {
  if (!Array.isArray(events) || events.length === 0)
    throw watchError('watch.bad_events', { type: '', allowed: WATCH_EVENT_TYPES })
  for (const t of events)
    if (!WATCH_EVENT_TYPES.includes(t as WatchEventType))
      throw watchError('watch.bad_events', { type: t, allowed: WATCH_EVENT_TYPES })
  return WATCH_EVENT_TYPES.filter((t) => events.includes(t))
}

/** The watch's entities: USCCs and entity ids, all of them registered (400 naming the ones that are not). */
async function resolveEntities(db: Db, list: WatchInput['entities']): Promise<string[]> {
  if (!list || list.length === 0) throw watchError('watch.no_entities')
  if (list.length > MAX_WATCH_ENTITIES)
    throw watchError('watch.too_many_entities', { count: list.length, max: MAX_WATCH_ENTITIES })
  const usccs = list.map((e) => e.uscc?.trim().toUpperCase() ?? '').filter(Boolean)
  const ids = list.map((e) => e.entityId?.trim() ?? '').filter(Boolean)
  const byUscc = new Map((await findSubjectRows(db, 'uscc', usccs)).map((r) => [r.uscc as string, r.id]))
  const known = new Set((await findSubjectRows(db, 'id', ids)).map((r) => r.id))
  const out = new Set<string>()
  const bad: number[] = []
  for (const [i, e] of list.entries()) {
    const id = e.entityId?.trim() ? (known.has(e.entityId.trim()) ? e.entityId.trim() : null) : null
    const viaUscc = e.uscc?.trim() ? (byUscc.get(e.uscc.trim().toUpperCase()) ?? null) : null
    const found = e.entityId?.trim() ? id : viaUscc
    if (found) out.add(found)
    else bad.push(i)
  }
  if (bad.length > 0) throw watchError('watch.entities_unresolved', { count: bad.length, indexes: bad })
  return [...out]
}

/**
 * Creates a watch for the principal's department: its entities, event types and optional webhook (checked against
 * the allow-list). Answers the secret once (stored encrypted with the key ring: HMAC needs it in clear at delivery).
 */
export async function createWatch(
  ctx: Ctx,
  actor: Actor,
  owner: Principal,
  input: WatchInput,
): Promise<WatchView & { secret: string }> {
  const name = typeof input.name === 'string' ? input.name.trim() : ''
  if (name === '' || [...name].length > 100) throw watchError('watch.bad_name')
  if (input.fileId !== undefined) throw watchError('watch.file_not_supported')
  const events = checkEvents(input.events)
  const url = input.webhook?.url ?? null
  if (url !== null) {
    if (!validWebhookUrl(url)) throw watchError('watch.bad_webhook', { url })
    if (!(await webhookAllowList(ctx.config.webhookAllow)(url)))
      throw watchError('watch.webhook_not_allowed', { host: new URL(url).hostname })
  }
  const secret = newWatchSecret()
  const entities = await resolveEntities(ctx.db, input.entities)
  return runCommand(ctx, actor, async ({ trx, now, clock, today }) => {
    const id = newId()
    const start = await currentSequence(trx)
    const row: WatchRow = {
      id,
      name: maskPersonalText(name, { today }),
      owner_kind: owner.kind,
      owner_id: owner.id,
      owner_role: owner.role,
      owner_dept: owner.dept,
      permissions: JSON.stringify([...owner.permissions].sort()),
      events: JSON.stringify(events),
      webhook_url: url,
      secret: ctx.keys.encrypt(secret),
      start_seq: start,
      delivered_seq: start,
      attempts: 0,
      next_attempt_at: null,
      last_error: null,
      last_delivered_at: null,
      delivered_count: 0,
      created_at: now.toISOString(),
      created_by: actor.id,
      deleted_at: null,
    }
    await insertWatch(trx, row)
    await insertWatchEntities(
      trx,
      entities.map((entity_id) => ({ watch_id: id, entity_id })),
    )
    await recordAudit(trx, clock, actor, {
      action: 'watch.created',
      targetType: 'watch',
      targetId: id,
      details: { name: row.name, entities: entities.length, events, webhook: url },
    })
    return { ...(await presentWatch(trx, row, true)), secret }
  })
}

export async function listWatches(ctx: Ctx, p: Principal): Promise<WatchView[]> {
  const rows = await listWatchRows(ctx.db, { dept: p.dept, id: p.id })
  return Promise.all(rows.map((r) => presentWatch(ctx.db, r, true)))
}

export async function getWatch(ctx: Ctx, p: Principal, id: string): Promise<WatchView & { entityIds: string[] }> {
  const row = await ownWatch(ctx.db, p, id)
  return { ...(await presentWatch(ctx.db, row, true)), entityIds: await watchEntityIds(ctx.db, id, MAX_WATCH_ENTITIES) }
}

/** Ends a watch: nothing more is written or delivered for it; audited. */
export async function deleteWatch(ctx: Ctx, actor: Actor, p: Principal, id: string): Promise<void> {
  await runCommand(ctx, actor, async ({ trx, now, clock }) => {
    const row = await ownWatch(trx, p, id)
    await updateWatch(trx, id, { deleted_at: now.toISOString() })
    await recordAudit(trx, clock, actor, {
      action: 'watch.deleted',
      targetType: 'watch',
      targetId: id,
      details: { name: row.name },
    })
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Delivery: the pull feed and the webhook

/** Whether a watcher with these permissions may receive an event of this scope (the disclosure rule, from the flow). */
export type ScopeFilter = (permissions: ReadonlySet<string>, scope: string) => boolean

/** The owner's permissions now: those it had when it created the watch that its role still grants. */
function ownerPermissions(row: WatchRow): ReadonlySet<string> {
  const role = permissionsOf(row.owner_role)
  return new Set((JSON.parse(row.permissions) as string[]).filter((p) => role.has(p)))
}

export interface WatchEventJson {
  id: string
  type: string
  occurredAt: string
  entityId: string
  data: Record<string, unknown>
}

function eventJson(row: WatchEventRow): WatchEventJson {
  return {
    id: row.id,
    type: row.type,
    occurredAt: row.occurred_at,
    entityId: row.entity_id,
    data: JSON.parse(row.data) as Record<string, unknown>,
  }
}

function parseCursor(after: string | undefined, start: number): number {
  if (after === undefined || after === '') return start
  if (!/^\d{1,15}$/.test(after)) throw watchError('watch.bad_cursor', { after })
  return Math.max(Number(after), start)
}

/** The audit actor of deliveries on a watch's behalf: its owner, with the watch as purpose. */
function ownerActor(row: WatchRow): Actor {
  return {
    kind: row.owner_kind as Actor['kind'],
    id: row.owner_id,
    role: row.owner_role,
    dept: row.owner_dept,
    purpose: `信用监测（监测名单「${row.name}」）`,
  }
}

/**
 * The pull feed: the watch's events after the cursor (default: from the watch's start), in feed order, at most
 * `limit`, those the owner may not receive left out. `next` is the position to ask after next time (stable across
 * restarts: positions are stored); at-least-once: a client that loses an answer asks again with the same cursor.
 * One access-log event per page, indexed under the entities it showed.
 */
export async function watchFeed(
  ctx: Ctx,
  actor: Actor,
  p: Principal,
  id: string,
  query: { after?: string | undefined; limit?: number | undefined },
  canSee: ScopeFilter,
  derive?: AlertDeriver,
): Promise<{ items: (WatchEventJson & { cursor: string })[]; next: string; more: boolean }> {
  const row = await ownWatch(ctx.db, p, id)
  const after = parseCursor(query.after, Number(row.start_seq))
  const limit = Math.min(1000, Math.max(1, query.limit ?? 100))
  await sequenceWatchEvents(ctx, derive)
  const rows = await feedRows(ctx.db, id, after, eventsOf(row), limit)
  const perms = ownerPermissions(row)
  const items = rows.filter((r) => canSee(perms, r.scope)).map((r) => ({ ...eventJson(r), cursor: String(r.seq) }))
  const next = rows.length > 0 ? String(rows.at(-1)?.seq) : String(after)
  if (items.length > 0)
    await auditRead(ctx, actor, {
      action: 'watch.read',
      targetType: 'watch',
      targetId: id,
      details: { via: 'feed', events: items.length, after: String(after), next },
      subjects: items.map((i) => i.entityId),
    })
  return { items, next, more: rows.length === limit }
}

/** Why a watch posts nothing while its owner cannot act (shown as the watch's last error). */
export const OWNER_GONE = '监测名单的创建者已不能使用平台（访问密钥已吊销或过期，或用户已停用）：暂停推送'

export interface WebhookRunResult {
  watches: number
  delivered: number
  retrying: number
  deadLettered: number
  skipped: number
}

/**
 * One run of the webhook worker: sequences new events, then for every live watch with a webhook that is due, posts
 * its events after its cursor in feed order, signed (`X-Gongxin-Signature: t=..,v1=..`). A failed post stops the
 * watch until its backoff (1 min doubling, at most 6 h) has passed; after `outboxMaxAttempts` failures the event is
 * dead-lettered and the cursor moves past it. Events the owner may not receive are skipped. Each watch is claimed
 * first, so several servers never post the same watch's events at once.
 */
export async function deliverWatchWebhooks(
  ctx: Ctx,
  options: { canSee: ScopeFilter; derive?: AlertDeriver | undefined; limit?: number },
): Promise<WebhookRunResult> {
  await sequenceWatchEvents(ctx, options.derive)
  const result: WebhookRunResult = { watches: 0, delivered: 0, retrying: 0, deadLettered: 0, skipped: 0 }
  const allowed = webhookAllowList(ctx.config.webhookAllow)
  const started = ctx.clock.now()
  const lease = new Date(
    started.getTime() + (ctx.config.outboxTimeoutSeconds * DELIVERY_BATCH + 60) * 1000,
  ).toISOString()
  for (const row of await dueWebhookWatches(ctx.db, started.toISOString(), options.limit ?? 1000)) {
    const rows = await feedRows(ctx.db, row.id, Number(row.delivered_seq), eventsOf(row), DELIVERY_BATCH)
    if (rows.length === 0) {
      if (row.next_attempt_at !== null && row.attempts === 0)
        await updateWatch(ctx.db, row.id, { next_attempt_at: null })
      continue
    }
    // a watch acts for its owner: once the owner's key is revoked or expired, or the user disabled, nothing is posted
    // (the events wait; they go out if the owner is restored, and the watch can be deleted)
    if (!(await principalIsLive(ctx.db, row.owner_kind, row.owner_id, started))) {
      if (row.last_error !== OWNER_GONE) await updateWatch(ctx.db, row.id, { last_error: OWNER_GONE })
      continue
    }
    if (!(await claimWatch(ctx.db, row, lease))) continue
    result.watches += 1
    const perms = ownerPermissions(row)
    const secret = ctx.keys.decrypt(row.secret)
    const url = row.webhook_url as string
    let attempts = Number(row.attempts)
    let stopped = false
    const delivered: string[] = []
    let cursor = Number(row.delivered_seq)
    let saved = cursor
    const saveCursor = async () => {
      if (cursor === saved) return
      await updateWatch(ctx.db, row.id, {
        delivered_seq: cursor,
        attempts: 0,
        last_error: null,
        delivered_count: Number(row.delivered_count) + delivered.length,
        ...(delivered.length > 0 ? { last_delivered_at: ctx.clock.now().toISOString() } : {}),
      })
      saved = cursor
    }
    for (const ev of rows) {
      if (!options.canSee(perms, ev.scope)) {
        cursor = Number(ev.seq)
        result.skipped += 1
        continue
      }
      const body = JSON.stringify(eventJson(ev))
      try {
        if (!(await allowed(url))) throw new Error('推送地址不在允许列表（GONGXIN_WEBHOOK_ALLOW）中')
        const t = Math.floor(ctx.clock.now().getTime() / 1000)
        await postJson(
          url,
          {
            [WATCH_SIGNATURE_HEADER]: watchSignature(secret, t, body),
            'x-gongxin-event': ev.id,
            'x-gongxin-watch': row.id,
          },
          body,
          ctx.config.outboxTimeoutSeconds,
        )
        attempts = 0
        delivered.push(ev.entity_id)
        result.delivered += 1
        cursor = Number(ev.seq)
        // the cursor is stored every CURSOR_EVERY events and when the run stops (at-least-once: after a crash at
        // most that many are posted again; receivers deduplicate by event id)
        if (delivered.length % CURSOR_EVERY === 0) await saveCursor()
      } catch (e) {
        attempts += 1
        const error = (e as Error).message.slice(0, 500)
        await saveCursor()
        if (attempts >= ctx.config.outboxMaxAttempts) {
          await deadLetter(ctx, row, ev, attempts, error)
          cursor = Number(ev.seq)
          saved = cursor
          attempts = 0
          result.deadLettered += 1
          continue
        }
        const now = ctx.clock.now()
        await updateWatch(ctx.db, row.id, {
          attempts,
          last_error: error,
          next_attempt_at: new Date(now.getTime() + backoffSeconds(attempts) * 1000).toISOString(),
        })
        result.retrying += 1
        stopped = true
        break
      }
    }
    await saveCursor()
    if (!stopped) await updateWatch(ctx.db, row.id, { next_attempt_at: null })
    if (delivered.length > 0)
      await auditRead(ctx, ownerActor(row), {
        action: 'watch.delivered',
        targetType: 'watch',
        targetId: row.id,
        details: { via: 'webhook', events: delivered.length },
        subjects: delivered,
      })
  }
  return result
}

/** Gives up on one event: a dead letter (replayable), the cursor past it, audited. */
async function deadLetter(ctx: Ctx, row: WatchRow, ev: WatchEventRow, attempts: number, error: string): Promise<void> {
  await runCommand(ctx, worker, async ({ trx, now, clock }) => {
    const id = newId()
    await insertDeadLetter(trx, {
      id,
      watch_id: row.id,
      event_id: ev.id,
      seq: Number(ev.seq),
      attempts,
      last_error: error,
      dead_at: now.toISOString(),
      replayed_at: null,
    })
    await updateWatch(trx, row.id, { delivered_seq: Number(ev.seq), attempts: 0, last_error: error })
    await recordAudit(trx, clock, worker, {
      action: 'watch.dead_lettered',
      targetType: 'watch',
      targetId: row.id,
      details: { event: ev.id, cursor: String(ev.seq), type: ev.type, attempts, error: error.slice(0, 200) },
    })
  })
}

export interface DeadLetterJson {
  id: string
  eventId: string
  cursor: string
  attempts: number
  lastError: string | null
  deadAt: string
  replayedAt: string | null
}

function presentDeadLetter(d: DeadLetterRow): DeadLetterJson {
  return {
    id: d.id,
    eventId: d.event_id,
    cursor: String(d.seq),
    attempts: Number(d.attempts),
    lastError: d.last_error,
    deadAt: d.dead_at,
    replayedAt: d.replayed_at,
  }
}

/** The webhook's delivery status and dead letters (newest first). */
export async function watchDeliveries(
  ctx: Ctx,
  p: Principal,
  id: string,
): Promise<{ status: DeliveryStatus | null; deadLetters: DeadLetterJson[] }> {
  const row = await ownWatch(ctx.db, p, id)
  const view = await presentWatch(ctx.db, row, true)
  return { status: view.delivery, deadLetters: (await deadLettersOf(ctx.db, id, 200)).map(presentDeadLetter) }
}

/**
 * Replays the webhook: its cursor moves back to `after` (or to just before a dead letter), so every event after it is
 * posted again in order (receivers deduplicate by event id); dead letters after it are marked replayed. Audited.
 */
export async function replayWatch(
  ctx: Ctx,
  actor: Actor,
  p: Principal,
  id: string,
  input: { after?: string | undefined; deadLetter?: string | undefined },
): Promise<DeliveryStatus> {
  return runCommand(ctx, actor, async ({ trx, now, clock }) => {
    const row = await ownWatch(trx, p, id)
    if (!row.webhook_url) throw watchError('watch.no_webhook', { id })
    let after: number
    if (input.deadLetter) {
      const d = await findDeadLetter(trx, id, input.deadLetter)
      if (!d) throw watchError('watch.dead_letter_not_found', { id: input.deadLetter })
      after = Number(d.seq) - 1
    } else after = parseCursor(input.after, Number(row.start_seq))
    if (after > Number(row.delivered_seq)) after = Number(row.delivered_seq)
    const replayed = await markReplayed(trx, id, after, now.toISOString())
    await updateWatch(trx, id, { delivered_seq: after, attempts: 0, next_attempt_at: null, last_error: null })
    await recordAudit(trx, clock, actor, {
      action: 'watch.replayed',
      targetType: 'watch',
      targetId: id,
      details: { from: String(row.delivered_seq), to: String(after), deadLetters: replayed },
    })
    const view = await presentWatch(trx, (await findWatch(trx, id)) as WatchRow, true)
    return view.delivery as DeliveryStatus
  })
}
