// Pulling a peer's feed (`gongxin peer pull NAME`, and every federationPullSeconds in a server): page by page, every
// entry checked before anything of the page is applied (signature by a registered key, platform, class, cursor), the
// checked entries applied in ONE transaction with the cursor - through the collection pipeline, so validation,
// history, disclosure and audit apply - and the pull stopping at the first entry refused (fails closed).
import type { Actor } from '../../core/actor.js'
import { runCommand, type Trx } from '../../core/command.js'
import type { Ctx } from '../../core/context.js'
import {
  checkEntry,
  checkPage,
  type FeedEntry,
  type FeedPage,
  federationError,
  getPeer,
  listPeerRows,
  type PeerRow,
  provenanceOf,
  pullKeyOf,
  REFUSAL_LABELS,
  type Refusal,
  recordPullFailure,
  recordPullBehind,
  recordPullReached,
  settlePage,
} from '../../modules/federation/index.js'
import { getRecordRow, repairRecordIn } from '../../modules/records/index.js'
import { type IngestRowInput, type RowOutcome, runIngest } from '../ingest/index.js'

export interface PullResult {
  peer: string
  /** ok: caught up; unreachable: the peer did not answer (nothing lost: the next pull resumes); refused: stopped at an entry or page that failed its checks. */
  status: 'ok' | 'unreachable' | 'refused'
  pages: number
  /** Entries applied (each once). */
  applied: number
  /** Of them, rows the collection pipeline rejected (see the batch's error report) or that had nothing to change. */
  rejected: number
  cursor: string
  error: string | null
  refusal?: { reason: Refusal; seq: string | null; keyId: string | null }
}

export interface PullOptions {
  /** Entries per page asked for (default 500). */
  limit?: number
  /** Stop after this many pages (default: until caught up). */
  maxPages?: number
  /** Seconds a page may take to arrive (default 30). */
  timeoutSeconds?: number
}

/** Pulls from one peer until caught up (or refused, or unreachable). */
export async function pullPeer(ctx: Ctx, actor: Actor, name: string, options: PullOptions = {}): Promise<PullResult> {
  let peer = await getPeer(ctx, name)
  if (peer.status !== 'active') throw federationError('federation.pull_disabled', { name })
  const key = pullKeyOf(ctx, peer)
  // the entries the peer still has after the page being applied: asked for once (first page), then counted down
  let behind: number | null = null
  const limit = options.limit ?? 500
  const result: PullResult = {
    peer: name,
    status: 'ok',
    pages: 0,
    applied: 0,
    rejected: 0,
    cursor: peer.cursor,
    error: null,
  }
  for (;;) {
    peer = await getPeer(ctx, name)
    const after = peer.cursor
    let page: FeedPage
    try {
      const ask = behind === null ? '&pending=1' : ''
      const res = await fetch(
        `${peer.url}/api/v1/federation/feed?after=${encodeURIComponent(after)}&limit=${limit}${ask}`,
        {
          headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
          signal: AbortSignal.timeout((options.timeoutSeconds ?? 30) * 1000),
        },
      )
      if (!res.ok) throw new Error(`HTTP ${res.status}：${(await res.text()).slice(0, 200)}`)
      page = (await res.json()) as FeedPage
    } catch (e) {
      const message = `无法从对接平台「${name}」拉取（游标 ${after}）：${(e as Error).message}`
      await recordPullFailure(ctx, actor, peer, {
        action: 'federation.pull_failed',
        message,
        details: { after, reason: (e as Error).message.slice(0, 200) },
      })
      return { ...result, status: 'unreachable', cursor: after, error: message }
    }
    result.pages++
    const pageRefusal = checkPage(ctx, peer, page, after)
    if (pageRefusal) return refuse(ctx, actor, peer, result, pageRefusal, null, page?.keyId ?? null)
    // every entry is checked before any is applied; the ones before a refused entry are applied, then the pull stops
    const good: FeedEntry[] = []
    let refused: { reason: Refusal; entry: FeedEntry } | null = null
    let cursor = Number(after)
    for (const entry of page.entries) {
      const why = checkEntry(ctx, peer, entry, cursor)
      if (why) {
        refused = { reason: why, entry }
        break
      }
      good.push(entry)
      cursor = Number(entry.seq)
    }
    const to = refused ? (good.at(-1)?.seq ?? after) : page.next
    const rest = page.entries.length - good.length
    if (!page.more) behind = rest
    else if (behind === null) behind = typeof page.pending === 'number' ? page.pending + rest : null
    else behind = Math.max(0, behind - page.entries.length) + rest
    if (good.length || to !== after) {
      const applied = await applyPage(ctx, actor, peer, good, after, to, behind)
      result.applied += good.length
      result.rejected += applied.rejected
    } else if (refused) {
      if (behind !== null) await recordPullBehind(ctx, peer, behind)
    } else await recordPullReached(ctx, peer)
    result.cursor = to
    if (refused) return refuse(ctx, actor, peer, result, refused.reason, refused.entry)
    if (!page.more || (options.maxPages !== undefined && result.pages >= options.maxPages)) return result
  }
}

/** Pulls from every active peer we pull from, one after another; one peer's failure does not stop the others. */
export async function pullAllPeers(ctx: Ctx, actor: Actor, options: PullOptions = {}): Promise<PullResult[]> {
  const out: PullResult[] = []
  for (const p of await listPeerRows(ctx))
    if (p.status === 'active' && p.pull_key) {
      try {
        out.push(await pullPeer(ctx, actor, p.name, options))
      } catch (e) {
        out.push({
          peer: p.name,
          status: 'unreachable',
          pages: 0,
          applied: 0,
          rejected: 0,
          cursor: p.cursor,
          error: (e as Error).message,
        })
      }
    }
  return out
}

async function refuse(
  ctx: Ctx,
  actor: Actor,
  peer: PeerRow,
  result: PullResult,
  reason: Refusal,
  entry: FeedEntry | null,
  pageKeyId: string | null = null,
): Promise<PullResult> {
  const seq = entry ? String(entry.seq ?? '') : null
  const keyId = entry ? String(entry.keyId ?? '') : pageKeyId
  const message = `拒收对接平台「${peer.name}」的${entry ? `条目 ${seq}` : '一页数据'}：${REFUSAL_LABELS[reason]}（密钥 ${keyId ?? '无'}）。拉取已停止，游标停在 ${result.cursor}。`
  await recordPullFailure(ctx, actor, peer, {
    action: 'federation.entry_refused',
    message,
    details: {
      reason,
      seq,
      keyId,
      cursor: result.cursor,
      recordId: entry?.recordId ?? null,
      class: entry?.class ?? null,
    },
  })
  return { ...result, status: 'refused', error: message, refusal: { reason, seq, keyId } }
}

/** Ingest operation of a feed entry: a modification is submitted as a row of the same key (the pipeline corrects). */
const ROW_OP: Record<Exclude<FeedEntry['op'], 'repair'>, string> = { add: 'add', modify: 'add', delete: 'revoke' }

/**
 * Applies checked entries in one transaction with the cursor move: record entries of a class go through the
 * collection pipeline as one batch per run of the same class (provider: the peer's department, so a peer's row never
 * finds a local record's key), repairs apply to the peer's own record at once; provenance is stored or moved.
 */
async function applyPage(
  ctx: Ctx,
  actor: Actor,
  peer: PeerRow,
  entries: FeedEntry[],
  from: string,
  to: string,
  behind: number | null,
): Promise<{ rejected: number }> {
  return runCommand(ctx, actor, async ({ ctx: tctx, trx }) => {
    const local = new Map<string, string>()
    for (const p of await provenanceOf(tctx, peer.platform_id, [...new Set(entries.map((e) => e.recordId))]))
      local.set(p.source_record_id, p.record_id)
    const fresh: { recordId: string; sourceRecordId: string; version: number; seq: number; classCode: string }[] = []
    const moved = new Map<string, { recordId: string; version: number; seq: number }>()
    let rejected = 0
    const note = (entry: FeedEntry, recordId: string | null) => {
      if (!recordId) {
        rejected++
        return
      }
      const known = local.get(entry.recordId)
      if (known === undefined) {
        local.set(entry.recordId, recordId)
        fresh.push({
          recordId,
          sourceRecordId: entry.recordId,
          version: entry.version,
          seq: Number(entry.seq),
          classCode: entry.class,
        })
      } else if (known === recordId) {
        const f = fresh.find((x) => x.recordId === recordId)
        if (f) Object.assign(f, { version: entry.version, seq: Number(entry.seq) })
        else moved.set(recordId, { recordId, version: entry.version, seq: Number(entry.seq) })
      } else rejected++
    }

    let group: FeedEntry[] = []
    const flush = async () => {
      if (group.length === 0) return
      const entriesOf = group
      group = []
      const cls = entriesOf[0]?.class as string
      const fields = new Set<string>()
      for (const e of entriesOf) for (const k of Object.keys(e.data)) fields.add(k)
      const headers = [...fields, '_op', '_reason']
      const rows: IngestRowInput[] = entriesOf.map((e, i) => ({
        rowNo: i + 1,
        values: {
          ...Object.fromEntries(headers.map((h) => [h, ''])),
          ...e.data,
          _op: ROW_OP[e.op as Exclude<FeedEntry['op'], 'repair'>],
          _reason: e.reason ?? (e.op === 'delete' ? '来源平台撤销' : ''),
        },
      }))
      const settled = new Map<number, { outcome: RowOutcome; recordId: string | null }>()
      await runIngest(tctx, actor, {
        classCode: cls,
        dept: peer.dept_code,
        channel: 'flow',
        fileName: `peer:${peer.name}#${entriesOf[0]?.seq}-${entriesOf.at(-1)?.seq}`,
        headers,
        rows,
        fromPeer: true,
        onSettled: (rowNo, outcome, recordId) => settled.set(rowNo, { outcome, recordId }),
      })
      entriesOf.forEach((e, i) => {
        const s = settled.get(i + 1)
        note(e, s && s.outcome !== 'rejected' ? s.recordId : null)
      })
    }

    for (const entry of entries) {
      if (entry.op === 'repair') {
        await flush()
        note(entry, await applyRepair(tctx, trx, actor, peer, entry, local.get(entry.recordId)))
        continue
      }
      if (group.length && group[0]?.class !== entry.class) await flush()
      group.push(entry)
    }
    await flush()
    await settlePage(tctx, peer, { from, to, applied: entries.length, fresh, moved: [...moved.values()], behind })
    return { rejected }
  })
}

/** A repair of the peer's record (信用修复 decided there): the local copy is repaired at once; null when there is none. */
async function applyRepair(
  ctx: Ctx,
  trx: Trx,
  actor: Actor,
  peer: PeerRow,
  entry: FeedEntry,
  localId: string | undefined,
): Promise<string | null> {
  if (!localId) return null
  const row = await getRecordRow(trx, localId)
  if (row.state !== 'active') return null
  await repairRecordIn(ctx, trx, actor, localId, row.version, entry.reason ?? '来源平台信用修复', {
    caseId: `${peer.platform_id}:${entry.recordId}`,
    caseNumber: `${peer.name}#${entry.seq}`,
  })
  return localId
}

/** The scheduled pull in a server: every federationPullSeconds, every peer; returns the stop function. */
export function startFederationPulls(ctx: Ctx, actor: Actor): () => Promise<void> {
  const seconds = ctx.config.federationPullSeconds
  if (seconds <= 0) return async () => {}
  let running: Promise<unknown> | null = null
  const timer = setInterval(() => {
    if (running) return
    running = pullAllPeers(ctx, actor)
      .catch((e) => ctx.logger.warn({ err: e }, 'federation pull failed'))
      .finally(() => {
        running = null
      })
  }, seconds * 1000)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await running
  }
}
