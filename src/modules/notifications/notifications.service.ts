import type { Ctx } from '../../core/context.js'
import { type Actor, systemActor } from '../../core/actor.js'
import { runCommand } from '../../core/command.js'
import { civilDate } from '../../core/clock.js'
import { newId } from '../../core/ids.js'
import { maskPersonalTextDeep, sealPersonalText } from '../../identifiers/index.js'
import { departmentExists } from '../access/index.js'
import { recordAudit } from '../audit/index.js'
import { loadCalendar } from '../calendar/index.js'
import {
  computeDeadline,
  type Deadline,
  deadlineState,
  type ProvisionalDeadlineSource,
  type ProvisionalRow,
} from '../deadlines/index.js'
import { notificationError } from './notifications.errors.js'
import {
  type Addressee,
  claimDelivery,
  claimNoticeKey,
  type DeliveryRow,
  dueDeliveries,
  findDeliveries,
  findDelivery,
  findInbox,
  findNoticeKey,
  findNotification,
  findTarget,
  insertDelivery,
  insertNotification,
  activeRelays,
  listTargetRows,
  markNotificationRead,
  type NotificationRow,
  provisionalDeliveries,
  type TargetRow,
  updateDelivery,
  upsertTarget,
} from './notifications.repository.js'
import { postWebhook } from './notifications.webhook.js'

// ---------------------------------------------------------------------------------------------------------------
// Inbox

export const ADDRESSEE_KINDS = ['user', 'entity', 'dept', 'role', 'agency'] as const
export type AddresseeKind = (typeof ADDRESSEE_KINDS)[number]

export interface NotifyInput {
  /**
   * A user (its id), every account of an entity, every user and key of a department, every holder of a role, every
   * user and key of a registered credit agency (its id).
   */
  to: { kind: AddresseeKind; id: string }
  /** A machine-readable subject, e.g. objection.accepted. */
  topic: string
  title: string
  body: string
  /** Where the notice leads in the portal or console (a path), optional. */
  link?: string | null
}

export interface Notice {
  id: string
  to: { kind: string; id: string }
  topic: string
  title: string
  body: string
  link: string | null
  createdAt: string
  read: boolean
  readAt: string | null
}

function checkText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '' || [...value].length > max)
    throw notificationError('notification.bad_text', { field, max })
  return value.trim()
}

/**
 * Puts a notice in an inbox. A command: inside a caller's runCommand it joins that transaction (pass the scope's
 * `ctx`), so the notice commits with the state change it tells about. Personal text is masked (clear text sealed).
 */
export async function notify(ctx: Ctx, actor: Actor, input: NotifyInput): Promise<{ id: string }> {
  const kind = input.to?.kind
  const to = typeof input.to?.id === 'string' ? input.to.id.trim() : ''
  if (!ADDRESSEE_KINDS.includes(kind as AddresseeKind) || to === '' || to.length > 100)
    throw notificationError('notification.bad_addressee', { kind, id: input.to?.id })
  const topic = checkText(input.topic, '主题代码（topic）', 64)
  const title = checkText(input.title, '标题（title）', 200)
  const body = checkText(input.body, '正文（body）', 4000)
  const link = input.link == null || input.link === '' ? null : checkText(input.link, '链接（link）', 500)
  return runCommand(ctx, actor, async ({ trx, now, today, ctx: scoped }) => {
    const text = sealPersonalText(ctx.keys, { title, body }, { today })
    const id = newId()
    await insertNotification(trx, {
      id,
      to_kind: kind as string,
      to_id: to,
      topic,
      title: text.values.title,
      body: text.values.body,
      link,
      sealed: text.sealed ? JSON.stringify(text.sealed) : null,
      created_at: now.toISOString(),
      created_by: actor.id,
      read_at: null,
      read_by: null,
    })
    if (kind === 'user' || kind === 'entity')
      for (const relay of await activeRelays(trx))
        await enqueueDelivery(scoped, actor, {
          to: { kind: 'relay', code: relay.code },
          topic,
          payload: { notice: id, to: { kind, id: to }, title: text.values.title, body: text.values.body, link },
          ref: { type: 'notification', id },
        })
    return { id }
  })
}

/** Who reads an inbox: the signed-in user (or key), with its entity, department and role. */
export interface InboxReader {
  userId: string | null
  entityId: string | null
  dept: string | null
  role: string
  /** The registered credit agency the reader belongs to (agency accounts and keys). */
  agencyId?: string | null | undefined
}

function addresseesOf(r: InboxReader): Addressee[] {
  const out: Addressee[] = []
  if (r.userId) out.push({ kind: 'user', id: r.userId })
  if (r.entityId) out.push({ kind: 'entity', id: r.entityId })
  if (r.dept) out.push({ kind: 'dept', id: r.dept })
  if (r.role && r.role !== 'public') out.push({ kind: 'role', id: r.role })
  if (r.agencyId) out.push({ kind: 'agency', id: r.agencyId })
  return out
}

function presentNotice(row: NotificationRow): Notice {
  return {
    id: row.id,
    to: { kind: row.to_kind, id: row.to_id },
    topic: row.topic,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: row.created_at,
    read: row.read_at !== null,
    readAt: row.read_at,
  }
}

export interface InboxPage {
  items: Notice[]
  total: number
  unread: number
  page: number
  pageSize: number
}

/** The reader's notices, newest first (`unread`: only those not yet read). */
export async function inbox(
  ctx: Ctx,
  reader: InboxReader,
  query: { unread?: boolean | undefined; page?: number | undefined; pageSize?: number | undefined } = {},
): Promise<InboxPage> {
  const page = Math.max(1, query.page ?? 1)
  const pageSize = Math.min(100, Math.max(1, query.pageSize ?? 20))
  const found = await findInbox(ctx.db, addresseesOf(reader), {
    unread: query.unread === true,
    offset: (page - 1) * pageSize,
    limit: pageSize,
  })
  return { items: found.rows.map(presentNotice), total: found.total, unread: found.unread, page, pageSize }
}

/** Marks one of the reader's notices read (for every addressee it shares it with); reading it again changes nothing. */
export async function markNoticeRead(ctx: Ctx, actor: Actor, reader: InboxReader, id: string): Promise<Notice> {
  return runCommand(ctx, actor, async ({ trx, now }) => {
    const row = await findNotification(trx, id, addresseesOf(reader))
    if (!row) throw notificationError('notification.not_found', { id })
    if (row.read_at === null) await markNotificationRead(trx, id, now.toISOString(), actor.id)
    const after = await findNotification(trx, id, addresseesOf(reader))
    return presentNotice(after as NotificationRow)
  })
}

/**
 * Sends notices about one thing exactly once: `key` names the thing told (topic, record or case, date or deadline);
 * the first call stores the key and puts the notices in their inboxes in the same transaction, every later call
 * (a rerun the same day, the next day, another server's run) finds the key and sends nothing. Returns whether it
 * sent. A command like `notify` (joins the caller's transaction).
 */
export async function notifyOnce(
  ctx: Ctx,
  actor: Actor,
  key: string,
  notices: readonly NotifyInput[],
): Promise<boolean> {
  const k = typeof key === 'string' ? key.trim() : ''
  if (k === '' || k.length > 300) throw notificationError('notification.bad_key', { key })
  return runCommand(ctx, actor, async (scope) => {
    if (!(await claimNoticeKey(scope.trx, k, scope.now.toISOString()))) return false
    for (const n of notices) await notify(scope.ctx, actor, n)
    return true
  })
}

/** When the notices of a key were sent (null: never). */
export async function noticeSentAt(ctx: Pick<Ctx, 'db'>, key: string): Promise<string | null> {
  return (await findNoticeKey(ctx.db, key))?.sent_at ?? null
}

// ---------------------------------------------------------------------------------------------------------------
// Outbox

/**
 * dept, peer: a department or a peer platform. relay: the operator's gateway for notices to subjects (an SMS or
 * e-mail service of the city): every notice to a subject account or entity is also posted there, signed.
 */
export type DeliveryTargetKind = 'dept' | 'peer' | 'relay'
const TARGET_KINDS: readonly string[] = ['dept', 'peer', 'relay']

export interface DeliveryInput {
  /** A department (its code) or a peer platform (its code). */
  to: { kind: DeliveryTargetKind; code: string }
  topic: string
  /** The JSON the receiver gets under `payload` (masked). */
  payload: Record<string, unknown>
  /** The duty: delivered within this many working days (e.g. the repair.notify policy of the case), from `start`. */
  workingDays?: number
  /** The start of the count (default: today). */
  start?: string
  /** What the delivery is about (e.g. { type: 'repair', id }). */
  ref?: { type: string; id: string }
}

export interface DeliveryView {
  id: string
  target: string
  targetKind: string
  topic: string
  payload: Record<string, unknown>
  ref: { type: string; id: string } | null
  state: 'pending' | 'delivered' | 'failed'
  channel: string | null
  attempts: number
  nextAttemptAt: string | null
  lastError: string | null
  createdAt: string
  deliveredAt: string | null
  due: string | null
  dueProvisional: boolean
  /** Pending with a due date: working days left (negative: overdue by so many). Null otherwise. */
  remainingWorkingDays: number | null
  overdue: boolean
}

function presentDelivery(row: DeliveryRow, state?: { remainingWorkingDays: number; overdue: boolean }): DeliveryView {
  return {
    id: row.id,
    target: row.target,
    targetKind: row.target_kind,
    topic: row.topic,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    ref: row.ref_type && row.ref_id ? { type: row.ref_type, id: row.ref_id } : null,
    state: row.state as DeliveryView['state'],
    channel: row.channel,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    due: row.due_on,
    dueProvisional: Number(row.due_provisional) === 1,
    remainingWorkingDays: state?.remainingWorkingDays ?? null,
    overdue: state?.overdue ?? false,
  }
}

/**
 * Adds a delivery to the outbox. A command: inside a caller's runCommand it joins that transaction, so the delivery
 * exists exactly when the change it reports commits. The worker (deliverDue) sends it.
 */
export async function enqueueDelivery(ctx: Ctx, actor: Actor, input: DeliveryInput): Promise<DeliveryView> {
  const kind = input.to?.kind
  const code = typeof input.to?.code === 'string' ? input.to.code.trim() : ''
  if (!TARGET_KINDS.includes(kind as string) || code === '' || code.length > 64)
    throw notificationError('outbox.bad_target', { kind, code: input.to?.code })
  const topic = checkText(input.topic, '主题代码（topic）', 64)
  return runCommand(ctx, actor, async ({ trx, now, today, clock }) => {
    if (kind === 'dept' && !(await departmentExists(trx, code)))
      throw notificationError('outbox.dept_unknown', { code })
    let due: Deadline | null = null
    const start = input.start ?? today
    if (input.workingDays !== undefined) due = computeDeadline(await loadCalendar(trx), start, input.workingDays)
    const at = now.toISOString()
    const row: DeliveryRow = {
      id: newId(),
      target_kind: kind,
      target: code,
      topic,
      payload: JSON.stringify(maskPersonalTextDeep(input.payload ?? {}, { today })),
      ref_type: input.ref?.type ?? null,
      ref_id: input.ref?.id ?? null,
      due_start: due ? start : null,
      due_days: due ? (input.workingDays as number) : null,
      due_on: due?.due ?? null,
      due_provisional: due?.provisional ? 1 : 0,
      state: 'pending',
      channel: null,
      attempts: 0,
      next_attempt_at: at,
      last_error: null,
      created_at: at,
      delivered_at: null,
    }
    await insertDelivery(trx, row)
    await recordAudit(trx, clock, actor, {
      action: 'outbox.enqueued',
      targetType: 'delivery',
      targetId: row.id,
      details: { target: code, targetKind: kind, topic, due: row.due_on, ref: input.ref ?? null },
    })
    return presentDelivery(row)
  })
}

/** Seconds before attempt `attempts + 1`: 1 minute, doubling, at most 6 hours. */
export function backoffSeconds(attempts: number): number {
  return Math.min(60 * 2 ** Math.max(0, attempts - 1), 6 * 60 * 60)
}

export interface DeliverResult {
  attempted: number
  delivered: number
  retrying: number
  failed: number
}

const worker = systemActor('outbox')

/**
 * Sends every pending delivery whose next attempt is due: to the target's signed webhook, or, for a target without
 * one, into its console inbox (a department's users; the credit office's operators for a peer). A failed attempt is
 * retried with exponential backoff; after `outboxMaxAttempts` the delivery is marked failed. Several servers may run
 * it at once: each delivery is claimed by one of them.
 */
export async function deliverDue(ctx: Ctx, options: { limit?: number } = {}): Promise<DeliverResult> {
  const result: DeliverResult = { attempted: 0, delivered: 0, retrying: 0, failed: 0 }
  const started = ctx.clock.now()
  const lease = new Date(started.getTime() + (ctx.config.outboxTimeoutSeconds + 60) * 1000).toISOString()
  const targets = new Map<string, TargetRow | undefined>()
  for (const row of await dueDeliveries(ctx.db, started.toISOString(), options.limit ?? 100)) {
    if (!(await claimDelivery(ctx.db, row, lease))) continue
    result.attempted += 1
    if (!targets.has(row.target)) targets.set(row.target, await findTarget(ctx.db, row.target))
    const target = targets.get(row.target)
    if (target && Number(target.active) === 1 && target.webhook_url && target.secret) {
      const body = JSON.stringify({
        id: row.id,
        topic: row.topic,
        target: { kind: row.target_kind, code: row.target },
        ref: row.ref_type ? { type: row.ref_type, id: row.ref_id } : null,
        due: row.due_on,
        createdAt: row.created_at,
        payload: JSON.parse(row.payload) as unknown,
      })
      try {
        await postWebhook(
          target.webhook_url,
          ctx.keys.decrypt(target.secret),
          row.id,
          body,
          ctx.clock.now(),
          ctx.config.outboxTimeoutSeconds,
        )
        await settle(ctx, row, { delivered: true, channel: 'webhook' })
        result.delivered += 1
      } catch (e) {
        const failed = await settle(ctx, row, { delivered: false, error: (e as Error).message })
        if (failed) result.failed += 1
        else result.retrying += 1
      }
    } else {
      await runCommand(ctx, worker, async (scope) => {
        const to =
          row.target_kind === 'dept'
            ? { kind: 'dept' as const, id: row.target }
            : { kind: 'role' as const, id: 'operator' }
        await notify(scope.ctx, worker, {
          to,
          topic: row.topic,
          title: `【待办投递】${row.topic}${row.target_kind === 'peer' ? `（发往 ${row.target}，该平台未配置接收地址，请转交）` : ''}`,
          body: row.payload,
          link: `/console/outbox?id=${row.id}`,
        })
        await settle(scope.ctx, row, { delivered: true, channel: 'inbox' })
      })
      result.delivered += 1
    }
  }
  return result
}

/** Records one attempt's outcome; answers true when the delivery is now failed for good. */
async function settle(
  ctx: Ctx,
  row: DeliveryRow,
  outcome: { delivered: true; channel: string } | { delivered: false; error: string },
): Promise<boolean> {
  return runCommand(ctx, worker, async ({ trx, now, clock }) => {
    const attempts = Number(row.attempts) + 1
    const at = now.toISOString()
    if (outcome.delivered) {
      await updateDelivery(trx, row.id, {
        state: 'delivered',
        channel: outcome.channel,
        attempts,
        next_attempt_at: null,
        last_error: null,
        delivered_at: at,
      })
      await recordAudit(trx, clock, worker, {
        action: 'outbox.delivered',
        targetType: 'delivery',
        targetId: row.id,
        details: { target: row.target, topic: row.topic, channel: outcome.channel, attempts },
      })
      return false
    }
    const failed = attempts >= ctx.config.outboxMaxAttempts
    await updateDelivery(trx, row.id, {
      state: failed ? 'failed' : 'pending',
      attempts,
      last_error: outcome.error.slice(0, 500),
      next_attempt_at: failed ? null : new Date(now.getTime() + backoffSeconds(attempts) * 1000).toISOString(),
    })
    if (failed)
      await recordAudit(trx, clock, worker, {
        action: 'outbox.failed',
        targetType: 'delivery',
        targetId: row.id,
        details: { target: row.target, topic: row.topic, attempts, error: outcome.error.slice(0, 200) },
      })
    return failed
  })
}

/** Puts a failed delivery back in the queue (attempts counted again from zero), audited. */
export async function retryDelivery(ctx: Ctx, actor: Actor, id: string): Promise<DeliveryView> {
  return runCommand(ctx, actor, async ({ trx, now, clock, today }) => {
    const row = await findDelivery(trx, id)
    if (!row) throw notificationError('outbox.not_found', { id })
    if (row.state !== 'failed') throw notificationError('outbox.not_failed', { id, state: row.state })
    await updateDelivery(trx, id, { state: 'pending', attempts: 0, next_attempt_at: now.toISOString() })
    await recordAudit(trx, clock, actor, {
      action: 'outbox.retried',
      targetType: 'delivery',
      targetId: id,
      details: { target: row.target, previousAttempts: Number(row.attempts), lastError: row.last_error },
    })
    const after = (await findDelivery(trx, id)) as DeliveryRow
    return withState(after, today, await loadCalendar(trx))
  })
}

function withState(row: DeliveryRow, today: string, cal: Awaited<ReturnType<typeof loadCalendar>>): DeliveryView {
  if (row.state !== 'pending' || !row.due_on) return presentDelivery(row)
  return presentDelivery(row, deadlineState(row.due_on, today, cal))
}

/** The outbox, newest first, with each pending delivery's working days left. */
export async function listDeliveries(
  ctx: Ctx,
  query: {
    state?: string | undefined
    target?: string | undefined
    refType?: string | undefined
    refId?: string | undefined
    page?: number | undefined
    pageSize?: number | undefined
  } = {},
): Promise<{ items: DeliveryView[]; total: number; page: number; pageSize: number }> {
  const page = Math.max(1, query.page ?? 1)
  const pageSize = Math.min(200, Math.max(1, query.pageSize ?? 50))
  const { rows, total } = await findDeliveries(ctx.db, query, (page - 1) * pageSize, pageSize)
  const today = civilDate(ctx.clock.now())
  const cal = await loadCalendar(ctx.db)
  return { items: rows.map((r) => withState(r, today, cal)), total, page, pageSize }
}

/** One delivery. */
export async function getDelivery(ctx: Ctx, id: string): Promise<DeliveryView> {
  const row = await findDelivery(ctx.db, id)
  if (!row) throw notificationError('outbox.not_found', { id })
  return withState(row, civilDate(ctx.clock.now()), await loadCalendar(ctx.db))
}

// ---------------------------------------------------------------------------------------------------------------
// Targets

export interface DeliveryTarget {
  code: string
  kind: DeliveryTargetKind
  name: string
  webhookUrl: string | null
  /** A secret is stored (never shown). */
  hasSecret: boolean
  active: boolean
  updatedAt: string
}

export interface DeliveryTargetInput {
  kind: DeliveryTargetKind
  name: string
  /** null: deliveries go to the target's console inbox. */
  webhookUrl?: string | null
  /** The HMAC secret (at least 16 characters); kept when left out and one is stored. */
  secret?: string
  active?: boolean
}

function presentTarget(t: TargetRow): DeliveryTarget {
  return {
    code: t.code,
    kind: t.kind as DeliveryTargetKind,
    name: t.name,
    webhookUrl: t.webhook_url,
    hasSecret: t.secret !== null,
    active: Number(t.active) === 1,
    updatedAt: t.updated_at,
  }
}

/** Sets where a department's or peer's deliveries go (the secret stored encrypted), audited. */
export async function putDeliveryTarget(
  ctx: Ctx,
  actor: Actor,
  code: string,
  input: DeliveryTargetInput,
): Promise<DeliveryTarget> {
  if (!TARGET_KINDS.includes(input.kind) || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(code))
    throw notificationError('outbox.bad_target', { kind: input.kind, code })
  const name = checkText(input.name, '名称（name）', 100)
  const url = input.webhookUrl ?? null
  if (url !== null) {
    let ok = false
    try {
      const u = new URL(url)
      ok = (u.protocol === 'http:' || u.protocol === 'https:') && url.length <= 500
    } catch {
      ok = false
    }
    if (!ok) throw notificationError('outbox.bad_webhook', { url })
  }
  if (input.secret !== undefined && (input.secret.length < 16 || input.secret.length > 200))
    throw notificationError('outbox.bad_webhook', { url: url ?? '' })
  return runCommand(ctx, actor, async ({ trx, now, clock }) => {
    if (input.kind === 'dept' && !(await departmentExists(trx, code)))
      throw notificationError('outbox.dept_unknown', { code })
    const existing = await findTarget(trx, code)
    const secret = input.secret !== undefined ? ctx.keys.encrypt(input.secret) : (existing?.secret ?? null)
    if (url !== null && secret === null) throw notificationError('outbox.bad_webhook', { url })
    const at = now.toISOString()
    await upsertTarget(trx, {
      code,
      kind: input.kind,
      name,
      webhook_url: url,
      secret,
      active: input.active === false ? 0 : 1,
      created_at: existing?.created_at ?? at,
      updated_at: at,
    })
    await recordAudit(trx, clock, actor, {
      action: 'outbox.target_set',
      targetType: 'delivery_target',
      targetId: code,
      details: {
        kind: input.kind,
        webhookUrl: url,
        secretChanged: input.secret !== undefined,
        active: input.active !== false,
      },
    })
    return presentTarget((await findTarget(trx, code)) as TargetRow)
  })
}

export async function listDeliveryTargets(ctx: Ctx): Promise<DeliveryTarget[]> {
  return (await listTargetRows(ctx.db)).map(presentTarget)
}

/** The outbox's provisional due dates, for the deadlines module's recomputation when the calendar gains a year. */
export const outboxProvisionalDeadlines: ProvisionalDeadlineSource = {
  async provisional(ctx): Promise<ProvisionalRow[]> {
    return (await provisionalDeliveries(ctx.db)).map((r) => ({
      id: r.id,
      start: r.due_start as string,
      workingDays: Number(r.due_days),
      due: r.due_on as string,
    }))
  },
  async update(ctx, id, deadline) {
    await updateDelivery(ctx.db, id, { due_on: deadline.due, due_provisional: deadline.provisional ? 1 : 0 })
  },
}
