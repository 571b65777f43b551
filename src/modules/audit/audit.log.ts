import { sign as edSign } from 'node:crypto'
import type { Ctx } from '../../core/context.js'
import type { Db } from '../../db/database.js'
import { auditError } from './audit.errors.js'
import {
  type Checkpoint,
  checkpointText,
  consistencyPath,
  inclusionPath,
  keyIdOf,
  leafHash,
  type NodeReader,
  nodeHash,
  rangeHash,
} from './audit.merkle.js'
import {
  type CheckpointRow,
  eventHashesAfter,
  findEventSeq,
  insertCheckpoint,
  insertTreeNodes,
  latestCheckpointRow,
  treeNode,
  treeSize,
} from './audit.repository.js'

// The verifiable audit log (docs/audit-log.md): the RFC 6962 tree over the hash chain, signed checkpoints, proofs.

const PAGE = 5000

/**
 * Catch-up: appends to the stored tree every event committed since it was last extended, in chain order, one page
 * (5,000 events) per transaction; returns the tree size. Run before a checkpoint or a proof, never inside an event's
 * transaction, so that no commit waits on it. Concurrent runs write the same nodes (conflicts are ignored).
 */
export async function extendAuditTree(db: Db): Promise<number> {
  let size = await treeSize(db)
  for (;;) {
    const page = await eventHashesAfter(db, size, PAGE)
    if (page.length === 0) return size
    size = await db.transaction().execute(async (trx) => {
      let n = size
      // the right edge: the full node at each level whose bit is set in n, waiting for its right sibling
      const frontier = new Map<number, Buffer>()
      for (let level = 0; 2 ** level <= n; level++) {
        const at = Math.floor(n / 2 ** level)
        if (at % 2 === 1) frontier.set(level, await readNode(trx, level, at - 1))
      }
      const rows: { level: number; idx: number; hash: string }[] = []
      for (const e of page) {
        if (e.seq !== n + 1) throw auditError('audit.tree_gap', { seq: n + 1 })
        let h = leafHash(e.hash)
        let idx = n
        let level = 0
        rows.push({ level, idx, hash: h.toString('hex') })
        while (idx % 2 === 1) {
          h = nodeHash(frontier.get(level) as Buffer, h)
          frontier.delete(level)
          idx = (idx - 1) / 2
          level += 1
          rows.push({ level, idx, hash: h.toString('hex') })
        }
        frontier.set(level, h)
        n += 1
      }
      await insertTreeNodes(trx, rows)
      return n
    })
  }
}

async function readNode(db: Db, level: number, idx: number): Promise<Buffer> {
  const hex = await treeNode(db, level, idx)
  if (!hex) throw auditError('audit.tree_missing', { level, idx })
  return Buffer.from(hex, 'hex')
}

/** A node reader that reads each stored node at most once (a proof reads O(log n) of them). */
function nodeReader(db: Db): NodeReader {
  const seen = new Map<string, Promise<Buffer>>()
  return (level, idx) => {
    const key = `${level}:${idx}`
    let p = seen.get(key)
    if (!p) {
      p = readNode(db, level, idx)
      seen.set(key, p)
    }
    return p
  }
}

/** The platform's signing key id (docs/audit-log.md). */
export function signingKeyId(ctx: Pick<Ctx, 'keys'>): string {
  return keyIdOf(ctx.keys.signingPublicKeyPem)
}

/** The public keys published at /.well-known/gongxin-keys.json. */
export function publishedKeys(ctx: Pick<Ctx, 'keys'>): {
  keys: { id: string; alg: 'Ed25519'; status: 'current' | 'retired'; publicKey: string; retiredAt?: string }[]
} {
  return {
    keys: [
      { id: signingKeyId(ctx), alg: 'Ed25519', status: 'current', publicKey: ctx.keys.signingPublicKeyPem },
      // newest retired first
      ...[...ctx.keys.retiredSigningKeys].reverse().map((k) => ({
        id: keyIdOf(k.publicKey),
        alg: 'Ed25519' as const,
        status: 'retired' as const,
        publicKey: k.publicKey,
        retiredAt: k.retiredAt,
      })),
    ],
  }
}

function present(row: CheckpointRow): Checkpoint {
  return { size: Number(row.size), root: row.root, time: row.at, keyId: row.key_id, signature: row.signature }
}

/**
 * The latest signed checkpoint, after catching the tree up. A new one is signed when the tree grew and either
 * `auditCheckpointEvents` events were appended or `auditCheckpointSeconds` passed since the last, or always when
 * `force` (on demand, `gongxin audit checkpoint`). Null while the log is empty.
 */
export async function auditCheckpoint(
  ctx: Pick<Ctx, 'db' | 'clock' | 'keys' | 'config'>,
  options: { force?: boolean } = {},
): Promise<Checkpoint | null> {
  const size = await extendAuditTree(ctx.db)
  const last = await latestCheckpointRow(ctx.db)
  const now = ctx.clock.now()
  const due =
    size > 0 &&
    (!last ||
      (size > Number(last.size) &&
        (options.force ||
          size - Number(last.size) >= ctx.config.auditCheckpointEvents ||
          now.getTime() - Date.parse(last.at) >= ctx.config.auditCheckpointSeconds * 1000)))
  if (!due) return last ? present(last) : null
  const root = (await rangeHash(nodeReader(ctx.db), 0, size)).toString('hex')
  const body = { size, root, time: now.toISOString(), keyId: signingKeyId(ctx) }
  const signature = edSign(null, Buffer.from(checkpointText(body), 'utf8'), ctx.keys.signingPrivateKeyPem).toString(
    'base64',
  )
  await insertCheckpoint(ctx.db, { size, root, at: body.time, key_id: body.keyId, signature })
  const stored = await latestCheckpointRow(ctx.db)
  return stored ? present(stored) : null
}

export interface InclusionProof {
  event: string
  /** Leaf index = the event's seq - 1. */
  index: number
  size: number
  /** The event's chain hash (hex): the leaf's input. */
  eventHash: string
  leafHash: string
  /** MTH of the first `size` leaves. */
  root: string
  /** RFC 6962 PATH, deepest first, hex. */
  path: string[]
}

/** RFC 6962 §2.1.1 audit path of an event in the tree of `size` leaves (default: the latest checkpoint's). */
export async function inclusionProof(
  ctx: Pick<Ctx, 'db' | 'clock' | 'keys' | 'config'>,
  eventId: string,
  size?: number,
): Promise<InclusionProof> {
  const event = await findEventSeq(ctx.db, eventId)
  if (!event) throw auditError('audit.event_unknown', { event: eventId })
  const have = await extendAuditTree(ctx.db)
  const n = size ?? (await auditCheckpoint(ctx))?.size ?? have
  const index = event.seq - 1
  if (n > have) throw auditError('audit.proof_range', { reason: `size ${n} 超过树的大小`, treeSize: have })
  if (index >= n)
    throw auditError('audit.proof_range', { reason: `事件序号 ${event.seq} 不在前 ${n} 条之内`, treeSize: have })
  const read = nodeReader(ctx.db)
  const [path, root] = await Promise.all([inclusionPath(read, index, n), rangeHash(read, 0, n)])
  return {
    event: eventId,
    index,
    size: n,
    eventHash: event.hash,
    leafHash: leafHash(event.hash).toString('hex'),
    root: root.toString('hex'),
    path: path.map((b) => b.toString('hex')),
  }
}

export interface ConsistencyProof {
  from: number
  to: number
  fromRoot: string
  toRoot: string
  /** RFC 6962 PROOF(from, D[to]), hex. */
  proof: string[]
}

/** RFC 6962 §2.1.2 consistency proof between the trees of `from` and `to` leaves. */
export async function consistencyProof(db: Db, from: number, to: number): Promise<ConsistencyProof> {
  const have = await extendAuditTree(db)
  if (from < 1 || from > to)
    throw auditError('audit.proof_range', { reason: `from ${from} 须在 1 与 to 之间`, treeSize: have })
  if (to > have) throw auditError('audit.proof_range', { reason: `to ${to} 超过树的大小`, treeSize: have })
  const read = nodeReader(db)
  const [proof, fromRoot, toRoot] = await Promise.all([
    consistencyPath(read, from, to),
    rangeHash(read, 0, from),
    rangeHash(read, 0, to),
  ])
  return {
    from,
    to,
    fromRoot: fromRoot.toString('hex'),
    toRoot: toRoot.toString('hex'),
    proof: proof.map((b) => b.toString('hex')),
  }
}
