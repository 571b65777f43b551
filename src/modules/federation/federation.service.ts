import { createPublicKey } from 'node:crypto'
import type { Actor } from '../../core/actor.js'
import { runCommand } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import { newId } from '../../core/ids.js'
import { feedHead, feedPage, feedPendingCount } from '../../read-models/federation-feed/index.js'
import { addDepartment, createApiKey, type Principal } from '../access/index.js'
import { keyIdOf, recordAudit, signingKeyId } from '../audit/index.js'
import { type CatalogClass, currentClasses, getClass } from '../catalog/index.js'
import { federationError } from './federation.errors.js'
import { exchangeData } from './federation.exchange.js'
import * as repo from './federation.repository.js'
import type { PeerRow, ProvenanceRow } from './federation.repository.js'
import { type FeedEntry, signEntry, signPage, verifyEntry, verifyPage } from './federation.sign.js'

export type { PeerRow, ProvenanceRow }

/** This platform's id: GONGXIN_PLATFORM_ID, else derived from the key file (stable while the key file is kept). */
export function platformId(ctx: Pick<Ctx, 'config' | 'keys'>): string {
  return ctx.config.platformId ?? `gx-${ctx.keys.hmac('platform', 'platform-id').slice(0, 20)}`
}

export interface PeerKey {
  id: string
  publicKey: string
  status: 'current' | 'retired'
  addedAt: string
}

export interface PeerView {
  id: string
  name: string
  platformId: string
  url: string
  dept: string
  classes: string[]
  measureClasses: string[]
  keys: { id: string; status: string; addedAt: string }[]
  pulls: boolean
  serves: boolean
  status: string
  cursor: string
  received: number
  /** Entries the peer still had for us when last heard from (0: caught up; null: not known yet). */
  behind: number | null
  lastPullAt: string | null
  lastSuccessAt: string | null
  lastError: string | null
}

export function presentPeer(p: PeerRow): PeerView {
  return {
    id: p.id,
    name: p.name,
    platformId: p.platform_id,
    url: p.url,
    dept: p.dept_code,
    classes: JSON.parse(p.classes) as string[],
    measureClasses: JSON.parse(p.measure_classes) as string[],
    keys: (JSON.parse(p.keys) as PeerKey[]).map((k) => ({ id: k.id, status: k.status, addedAt: k.addedAt })),
    pulls: p.pull_key !== null,
    serves: p.api_key_id !== null,
    status: p.status,
    cursor: p.cursor,
    received: Number(p.received),
    behind: p.behind === null || p.behind === undefined ? null : Number(p.behind),
    lastPullAt: p.last_pull_at,
    lastSuccessAt: p.last_success_at,
    lastError: p.last_error,
  }
}

const NAME_RE = /^[a-z0-9][a-z0-9-]{1,23}$/
const PLATFORM_RE = /^[A-Za-z0-9._-]{3,64}$/

function publicKeyOf(pem: string): { id: string; publicKey: string } {
  try {
    const key = createPublicKey(pem)
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`不是 Ed25519 公钥（${String(key.asymmetricKeyType)}）`)
    const publicKey = key.export({ type: 'spki', format: 'pem' }).toString()
    return { id: keyIdOf(publicKey), publicKey }
  } catch (e) {
    throw federationError('federation.bad_key', { reason: (e as Error).message })
  }
}

function cleanUrl(url: string): string {
  let u: URL
  try {
    u = new URL(url.trim())
  } catch {
    throw federationError('federation.bad_url', { url })
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)
  if (!(u.protocol === 'https:' || (u.protocol === 'http:' && loopback)) || u.search || u.hash)
    throw federationError('federation.bad_url', { url })
  return u.toString().replace(/\/+$/, '')
}

async function exchangeableClasses(ctx: Ctx, codes: readonly string[], what: string): Promise<string[]> {
  const all = new Map((await currentClasses(ctx.db)).map((c) => [c.code, c]))
  const list = [...new Set(codes.map((c) => c.trim()).filter(Boolean))].sort()
  for (const c of list) {
    const cls = all.get(c)
    if (!cls) throw federationError('federation.bad_classes', { reason: `${what}中的「${c}」不是目录中的类别` })
    if (cls.scope === 'authorized')
      throw federationError('federation.bad_classes', { reason: `「${cls.nameZh}」（${c}）是授权查询类别` })
  }
  return list
}

export interface AddPeerInput {
  name: string
  platformId: string
  url: string
  publicKeyPem: string
  classes: string[]
  /** List classes whose entries from the peer count in local joint checks (default none). */
  measureClasses?: string[]
  /** USCC of the body that runs the peer platform: its local department carries the peer's records. */
  uscc: string
  deptName?: string
  /** The API key the peer issued to us for its feed (we pull); omitted: we do not pull. */
  pullKey?: string | null
  /** Issue an API key (role peer) for the peer to read our feed (default true). */
  serve?: boolean
}

/**
 * Registers a peer platform (operator, `gongxin peer add`): a local department for its records (`peer-<name>`), the
 * API key it reads our feed with (shown once), its public key, the classes exchanged; audited `federation.peer_add`.
 */
export async function addPeer(
  ctx: Ctx,
  actor: Actor,
  input: AddPeerInput,
): Promise<{ peer: PeerView; apiKey: string | null }> {
  const name = input.name.trim()
  if (!NAME_RE.test(name)) throw federationError('federation.bad_name', { name })
  const pid = input.platformId.trim()
  if (!PLATFORM_RE.test(pid)) throw federationError('federation.bad_platform_id', { platformId: pid })
  if (pid === platformId(ctx)) throw federationError('federation.bad_platform_id', { platformId: pid })
  const url = cleanUrl(input.url)
  const key = publicKeyOf(input.publicKeyPem)
  const classes = await exchangeableClasses(ctx, input.classes, '交换类别')
  if (classes.length === 0) throw federationError('federation.bad_classes', { reason: '至少列出一个类别' })
  const measureClasses = await exchangeableClasses(ctx, input.measureClasses ?? [], '触发措施的类别')
  const outside = measureClasses.filter((c) => !classes.includes(c))
  if (outside.length)
    throw federationError('federation.bad_classes', { reason: `触发措施的类别 ${outside.join('、')} 不在交换类别中` })
  return runCommand(ctx, actor, async ({ ctx: tctx, trx, now }) => {
    if ((await repo.findPeerByName(trx, name)) || (await repo.findPeerByPlatform(trx, pid)))
      throw federationError('federation.peer_exists', { name, platformId: pid })
    const dept = await addDepartment(tctx, actor, {
      code: `peer-${name}`,
      name: input.deptName?.trim() || `对接平台：${name}`,
      uscc: input.uscc,
    })
    const issued =
      input.serve === false ? null : await createApiKey(tctx, actor, { name: `peer-${name}`, role: 'peer' })
    const at = now.toISOString()
    const row = {
      id: newId(),
      name,
      platform_id: pid,
      url,
      dept_code: dept.code,
      keys: JSON.stringify([{ ...key, status: 'current', addedAt: at }]),
      classes: JSON.stringify(classes),
      measure_classes: JSON.stringify(measureClasses),
      api_key_id: issued?.id ?? null,
      pull_key: input.pullKey ? ctx.keys.encrypt(input.pullKey.trim()) : null,
      cursor: '0',
      status: 'active',
      last_pull_at: null,
      last_success_at: null,
      last_error: null,
      received: 0,
      behind: null,
      created_at: at,
      updated_at: at,
    }
    await repo.insertPeer(trx, row)
    await recordAudit(trx, ctx.clock, actor, {
      action: 'federation.peer_add',
      targetType: 'peer',
      targetId: row.id,
      details: { name, platformId: pid, url, keyId: key.id, classes, measureClasses, dept: dept.code },
    })
    return { peer: presentPeer(row), apiKey: issued?.key ?? null }
  })
}

/**
 * Adds a public key of a peer (after it rotated its signing key: `gongxin keys rotate --signing` there); the keys it
 * had stay registered as retired, so entries it signed before still verify. Audited `federation.peer_key_add`.
 */
export async function addPeerKey(ctx: Ctx, actor: Actor, name: string, publicKeyPem: string): Promise<PeerView> {
  const key = publicKeyOf(publicKeyPem)
  return runCommand(ctx, actor, async ({ trx, now }) => {
    const peer = await repo.findPeerByName(trx, name)
    if (!peer) throw federationError('federation.peer_not_found', { name })
    const at = now.toISOString()
    const keys = (JSON.parse(peer.keys) as PeerKey[]).filter((k) => k.id !== key.id)
    const next: PeerKey[] = [
      ...keys.map((k) => ({ ...k, status: 'retired' as const })),
      { ...key, status: 'current', addedAt: at },
    ]
    await repo.updatePeer(trx, peer.id, { keys: JSON.stringify(next), updated_at: at })
    await recordAudit(trx, ctx.clock, actor, {
      action: 'federation.peer_key_add',
      targetType: 'peer',
      targetId: peer.id,
      details: { name, keyId: key.id },
    })
    return presentPeer({ ...peer, keys: JSON.stringify(next), updated_at: at })
  })
}

export interface EditPeerInput {
  url?: string
  classes?: string[]
  measureClasses?: string[]
  /** A new API key the peer issued to us for its feed; null: forget it (we stop pulling). */
  pullKey?: string | null
}

/**
 * Changes a peer's address, classes exchanged, measure classes or pull key (operator: console or `gongxin peer
 * edit`); what changed is audited `federation.peer_edit` (never the key itself). Changing the classes does not move
 * the cursor: entries of a newly added class that the peer served before are not asked for again.
 */
export async function editPeer(ctx: Ctx, actor: Actor, name: string, input: EditPeerInput): Promise<PeerView> {
  const peer = await getPeer(ctx, name)
  const before = presentPeer(peer)
  const url = input.url === undefined ? before.url : cleanUrl(input.url)
  const classes =
    input.classes === undefined ? before.classes : await exchangeableClasses(ctx, input.classes, '交换类别')
  if (classes.length === 0) throw federationError('federation.bad_classes', { reason: '至少列出一个类别' })
  const measureClasses =
    input.measureClasses === undefined
      ? before.measureClasses.filter((c) => classes.includes(c))
      : await exchangeableClasses(ctx, input.measureClasses, '触发措施的类别')
  const outside = measureClasses.filter((c) => !classes.includes(c))
  if (outside.length)
    throw federationError('federation.bad_classes', { reason: `触发措施的类别 ${outside.join('、')} 不在交换类别中` })
  const pullKey = input.pullKey === undefined ? undefined : input.pullKey?.trim() || null
  const changes: Record<string, unknown> = {}
  if (url !== before.url) changes.url = { before: before.url, after: url }
  if (classes.join() !== before.classes.join()) changes.classes = { before: before.classes, after: classes }
  if (measureClasses.join() !== before.measureClasses.join())
    changes.measureClasses = { before: before.measureClasses, after: measureClasses }
  if (pullKey !== undefined) changes.pullKey = pullKey ? (before.pulls ? 'replaced' : 'added') : 'removed'
  if (Object.keys(changes).length === 0) return before
  return runCommand(ctx, actor, async ({ trx, now }) => {
    const at = now.toISOString()
    const patch = {
      url,
      classes: JSON.stringify(classes),
      measure_classes: JSON.stringify(measureClasses),
      ...(pullKey === undefined ? {} : { pull_key: pullKey ? ctx.keys.encrypt(pullKey) : null }),
      updated_at: at,
    }
    await repo.updatePeer(trx, peer.id, patch)
    await recordAudit(trx, ctx.clock, actor, {
      action: 'federation.peer_edit',
      targetType: 'peer',
      targetId: peer.id,
      details: { name, changes },
    })
    return presentPeer({ ...peer, ...patch })
  })
}

/**
 * Disables or enables a peer (operator): a disabled peer is served no feed (403 federation.peer_disabled) and is not
 * pulled (neither on schedule nor on request); nothing it sent is removed. Audited `federation.peer_disabled` /
 * `federation.peer_enabled` with the reason given.
 */
export async function setPeerStatus(
  ctx: Ctx,
  actor: Actor,
  name: string,
  status: 'active' | 'disabled',
  reason?: string,
): Promise<PeerView> {
  const peer = await getPeer(ctx, name)
  if (peer.status === status) return presentPeer(peer)
  return runCommand(ctx, actor, async ({ trx, now }) => {
    const at = now.toISOString()
    await repo.updatePeer(trx, peer.id, { status, updated_at: at })
    await recordAudit(trx, ctx.clock, actor, {
      action: status === 'active' ? 'federation.peer_enabled' : 'federation.peer_disabled',
      targetType: 'peer',
      targetId: peer.id,
      details: { name, reason: reason?.trim() || null },
    })
    return presentPeer({ ...peer, status, updated_at: at })
  })
}

export async function listPeerViews(ctx: Ctx): Promise<PeerView[]> {
  return (await repo.listPeers(ctx.db)).map(presentPeer)
}

export async function getPeer(ctx: Pick<Ctx, 'db'>, name: string): Promise<PeerRow> {
  const peer = await repo.findPeerByName(ctx.db, name)
  if (!peer) throw federationError('federation.peer_not_found', { name })
  return peer
}

export async function listPeerRows(ctx: Pick<Ctx, 'db'>): Promise<PeerRow[]> {
  return repo.listPeers(ctx.db)
}

/** The peer's API key for its feed, unsealed (409 when none was given). */
export function pullKeyOf(ctx: Pick<Ctx, 'keys'>, peer: PeerRow): string {
  if (!peer.pull_key) throw federationError('federation.no_pull_key', { name: peer.name })
  return ctx.keys.decrypt(peer.pull_key)
}

// ---------------------------------------------------------------- outbound: the feed served to a peer

export const FEED_MAX_LIMIT = 1000

export interface FeedPage {
  platform: string
  to: string
  after: string
  entries: FeedEntry[]
  /** The cursor to ask with next (`after=`): the last entry's seq, or the feed's head when the page is not full. */
  next: string
  more: boolean
  /** The page's own signature (over PageHead: the cursor moves only as signed) and the key that made it. */
  keyId: string
  signature: string
  /** Asked for with `pending=1`: entries still to come after this page (counted up to FEED_PENDING_CAP; unsigned). */
  pending?: number
}

function parseCursor(after: string | undefined): number {
  const s = (after ?? '0').trim()
  if (!/^\d{1,18}$/.test(s)) throw federationError('federation.bad_cursor', { after })
  return Number(s)
}

/** The peer a principal reads the feed as: only API keys issued to a registered, active peer (deny by default). */
async function servedPeer(ctx: Ctx, principal: Principal): Promise<PeerRow> {
  const peer =
    principal.kind === 'api_key' && principal.id ? await repo.findPeerByApiKey(ctx.db, principal.id) : undefined
  if (!peer) throw federationError('federation.not_a_peer')
  if (peer.status !== 'active') throw federationError('federation.peer_disabled', { name: peer.name })
  return peer
}

/**
 * A page of the feed for the peer whose key calls (`GET /api/v1/federation/feed?after=&limit=`): the changes after
 * the cursor of the classes registered for it, each entry signed with the platform's current signing key; never a
 * record a peer sent, never an authorised-only class. Every page served is audited (`federation.feed_served`).
 */
export async function serveFeed(
  ctx: Ctx,
  actor: Actor,
  principal: Principal,
  input: { after?: string; limit?: number; pending?: string },
): Promise<FeedPage> {
  const peer = await servedPeer(ctx, principal)
  const after = parseCursor(input.after)
  const limit = Math.min(Math.max(1, input.limit ?? 500), FEED_MAX_LIMIT)
  // the registered classes still in the catalog and not (since) authorised-only
  const open = new Set((await currentClasses(ctx.db)).filter((c) => c.scope !== 'authorized').map((c) => c.code))
  const classes = (JSON.parse(peer.classes) as string[]).filter((c) => open.has(c))
  const head = await feedHead(ctx.db)
  const rows = after >= head ? [] : await feedPage(ctx.db, after, head, classes, limit)
  const me = platformId(ctx)
  const keyId = signingKeyId(ctx)
  const classCache = new Map<string, CatalogClass>()
  const entries: FeedEntry[] = []
  for (const r of rows) {
    const ck = `${r.class_code}@${r.class_version}`
    let cls = classCache.get(ck)
    if (!cls) {
      cls = await getClass(ctx.db, r.class_code, r.class_version)
      classCache.set(ck, cls)
    }
    entries.push(
      signEntry(
        {
          seq: String(r.seq),
          platform: me,
          to: peer.platform_id,
          op: OPS[r.op] ?? 'modify',
          kind: r.list_kind ? 'list_entry' : 'record',
          class: r.class_code,
          classVersion: r.class_version,
          recordId: r.record_id,
          version: r.version,
          at: r.created_at,
          list: r.list_kind ? { kind: r.list_kind } : null,
          data: exchangeData(cls, JSON.parse(r.payload) as Record<string, unknown>, ctx.keys),
          reason: r.reason,
          keyId,
        },
        ctx.keys.signingPrivateKeyPem,
      ),
    )
  }
  const full = rows.length === limit
  const next = full ? String(rows[rows.length - 1]?.seq) : String(Math.max(head, after))
  await runCommand(ctx, actor, async ({ trx }) => {
    await recordAudit(trx, ctx.clock, actor, {
      action: 'federation.feed_served',
      targetType: 'peer',
      targetId: peer.id,
      details: { peer: peer.name, after: String(after), next, entries: entries.length, keyId },
    })
  })
  const pageHead = {
    platform: me,
    to: peer.platform_id,
    after: String(after),
    next,
    more: full,
    seqs: entries.map((e) => e.seq),
  }
  const page: FeedPage = { ...pageHead, entries, keyId, signature: signPage(pageHead, ctx.keys.signingPrivateKeyPem) }
  // asked for (`pending=1`, once per pull): the entries still to come after this page, unsigned and informational
  if (input.pending === '1')
    page.pending = full ? await feedPendingCount(ctx.db, Number(next), head, classes, FEED_PENDING_CAP) : 0
  return page
}

/** The most entries a feed counts as still to come (`pending`): a larger lag shows as this many or more. */
export const FEED_PENDING_CAP = 100_000

/** Record version operations as the feed names them (the delta model: add, modify, delete; and repair). */
const OPS: Record<string, FeedEntry['op']> = { add: 'add', correct: 'modify', revoke: 'delete', repair: 'repair' }

// ---------------------------------------------------------------- inbound: checking and recording what a peer sent

export type Refusal =
  | 'unknown_key'
  | 'bad_signature'
  | 'wrong_platform'
  | 'not_for_us'
  | 'class_not_exchanged'
  | 'bad_cursor'
  | 'malformed'

/**
 * Checks one entry from `peer` before anything of it is applied: signed by one of the peer's registered keys (a
 * retired one included), by the peer's platform for ours, of a class exchanged with it, after `cursor`. Null when it
 * passes; else why it is refused (the pull stops there: it fails closed).
 */
export function checkEntry(
  ctx: Pick<Ctx, 'config' | 'keys'>,
  peer: PeerRow,
  entry: FeedEntry,
  cursor: number,
): Refusal | null {
  if (!entry || typeof entry !== 'object' || typeof entry.signature !== 'string' || typeof entry.keyId !== 'string')
    return 'malformed'
  if (typeof entry.data !== 'object' || entry.data === null || !/^\d{1,18}$/.test(String(entry.seq))) return 'malformed'
  const key = (JSON.parse(peer.keys) as PeerKey[]).find((k) => k.id === entry.keyId)
  if (!key) return 'unknown_key'
  if (!verifyEntry(entry, key.publicKey)) return 'bad_signature'
  if (entry.platform !== peer.platform_id) return 'wrong_platform'
  if (entry.to !== platformId(ctx)) return 'not_for_us'
  if (!(JSON.parse(peer.classes) as string[]).includes(entry.class)) return 'class_not_exchanged'
  if (Number(entry.seq) <= cursor) return 'bad_cursor'
  return null
}

/** Checks a page's own signature (its cursor moves only as the peer signed it): null when it passes. */
export function checkPage(
  ctx: Pick<Ctx, 'config' | 'keys'>,
  peer: PeerRow,
  page: FeedPage,
  after: string,
): Refusal | null {
  if (!page || typeof page !== 'object' || !Array.isArray(page.entries) || typeof page.signature !== 'string')
    return 'malformed'
  if (!/^\d{1,18}$/.test(String(page.next))) return 'malformed'
  const key = (JSON.parse(peer.keys) as PeerKey[]).find((k) => k.id === page.keyId)
  if (!key) return 'unknown_key'
  const head = {
    platform: page.platform,
    to: page.to,
    after: page.after,
    next: page.next,
    more: page.more,
    seqs: page.entries.map((e) => String(e?.seq)),
  }
  if (!verifyPage(head, page.signature, key.publicKey)) return 'bad_signature'
  if (page.platform !== peer.platform_id) return 'wrong_platform'
  if (page.to !== platformId(ctx)) return 'not_for_us'
  if (page.after !== after || Number(page.next) < Number(after)) return 'bad_cursor'
  return null
}

export const REFUSAL_LABELS: Record<Refusal, string> = {
  unknown_key: '签名密钥未登记',
  bad_signature: '签名无效',
  wrong_platform: '签名平台与登记的平台标识不符',
  not_for_us: '条目不是发给本平台的',
  class_not_exchanged: '类别不在交换范围内',
  bad_cursor: '游标未向前推进',
  malformed: '条目格式不正确',
}

/**
 * Records a pull that failed - the peer unreachable, or an entry refused - on the peer (last error) and in the audit
 * log (`federation.pull_failed`, `federation.entry_refused` with the entry's seq, key id and why).
 */
export async function recordPullFailure(
  ctx: Ctx,
  actor: Actor,
  peer: PeerRow,
  failure: {
    action: 'federation.pull_failed' | 'federation.entry_refused'
    message: string
    details: Record<string, unknown>
  },
): Promise<void> {
  await runCommand(ctx, actor, async ({ trx, now }) => {
    const at = now.toISOString()
    await repo.updatePeer(trx, peer.id, { last_pull_at: at, last_error: failure.message.slice(0, 500), updated_at: at })
    await recordAudit(trx, ctx.clock, actor, {
      action: failure.action,
      targetType: 'peer',
      targetId: peer.id,
      details: { peer: peer.name, platformId: peer.platform_id, ...failure.details },
    })
  })
}

/** A pull that applied nothing new (caught up) but reached the peer. */
export async function recordPullReached(ctx: Ctx, peer: PeerRow): Promise<void> {
  const at = ctx.clock.now().toISOString()
  await repo.updatePeer(ctx.db, peer.id, {
    last_pull_at: at,
    last_success_at: at,
    last_error: null,
    behind: 0,
    updated_at: at,
  })
}

/** The peer's lag in entries as a pull last learnt it (after a refused entry: what it left unapplied). */
export async function recordPullBehind(ctx: Pick<Ctx, 'db'>, peer: PeerRow, behind: number): Promise<void> {
  await repo.updatePeer(ctx.db, peer.id, { behind })
}

export function provenanceOf(
  ctx: Pick<Ctx, 'db'>,
  platform: string,
  sourceRecordIds: string[],
): Promise<ProvenanceRow[]> {
  return repo.findProvenance(ctx.db, platform, sourceRecordIds)
}

export function provenanceOfRecords(ctx: Pick<Ctx, 'db'>, recordIds: string[]): Promise<ProvenanceRow[]> {
  return repo.provenanceOfRecords(ctx.db, recordIds)
}

/**
 * Inside the page's transaction: stores or moves the provenance of the records a page touched, then moves the cursor
 * from `from` to `to` (409 federation.pull_busy when another pull moved it first: this page is rolled back).
 */
export async function settlePage(
  ctx: Ctx,
  peer: PeerRow,
  page: {
    from: string
    to: string
    applied: number
    fresh: { recordId: string; sourceRecordId: string; version: number; seq: number; classCode: string }[]
    moved: { recordId: string; version: number; seq: number }[]
    /** Entries the peer still has after `to`, when known. */
    behind?: number | null
  },
): Promise<void> {
  const at = ctx.clock.now().toISOString()
  const measures = new Set(JSON.parse(peer.measure_classes) as string[])
  await repo.insertProvenance(
    ctx.db,
    page.fresh.map((f) => ({
      record_id: f.recordId,
      peer_id: peer.id,
      source_platform: peer.platform_id,
      source_record_id: f.sourceRecordId,
      source_version: f.version,
      source_seq: f.seq,
      measures: measures.has(f.classCode) ? 1 : 0,
      stored_at: at,
      updated_at: at,
    })),
  )
  for (const m of page.moved)
    await repo.updateProvenance(ctx.db, m.recordId, { source_version: m.version, source_seq: m.seq, updated_at: at })
  const ok = await repo.advanceCursor(ctx.db, peer.id, page.from, {
    cursor: page.to,
    received: Number(peer.received) + page.applied,
    ...(page.behind === undefined ? {} : { behind: page.behind }),
    last_pull_at: at,
    last_success_at: at,
    last_error: null,
    updated_at: at,
  })
  if (!ok) throw federationError('federation.pull_busy', { name: peer.name })
}
