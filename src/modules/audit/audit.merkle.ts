import { createHash, createPublicKey, verify as edVerify } from 'node:crypto'

// RFC 6962 §2.1 Merkle tree hashing, proofs over a store of full-subtree hashes, and their verification
// (docs/audit-log.md). Pure: no database, no clock.

export function sha256(...parts: Buffer[]): Buffer {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return h.digest()
}

const LEAF = Buffer.from([0])
const NODE = Buffer.from([1])

/** Leaf hash of an event: SHA-256(0x00 || the 32 bytes of the event's stored chain hash). */
export function leafHash(eventHashHex: string): Buffer {
  return sha256(LEAF, Buffer.from(eventHashHex, 'hex'))
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return sha256(NODE, left, right)
}

/** The largest power of two smaller than n (n >= 2). */
export function splitPoint(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/** Reads the hash of the full subtree (level, idx); memoised by the caller. */
export type NodeReader = (level: number, idx: number) => Promise<Buffer>

/** MTH of leaves [start, start + n); every range the RFC's recursion asks for is a full node or a right edge. */
export async function rangeHash(read: NodeReader, start: number, n: number): Promise<Buffer> {
  if ((n & (n - 1)) === 0 && start % n === 0) return read(Math.log2(n), start / n)
  const k = splitPoint(n)
  return nodeHash(await rangeHash(read, start, k), await rangeHash(read, start + k, n - k))
}

/** RFC 6962 §2.1.1 PATH(m, D[n]): the audit path of leaf m in the tree of the first n leaves, deepest first. */
export async function inclusionPath(read: NodeReader, m: number, n: number, start = 0): Promise<Buffer[]> {
  if (n <= 1) return []
  const k = splitPoint(n)
  if (m < k) return [...(await inclusionPath(read, m, k, start)), await rangeHash(read, start + k, n - k)]
  return [...(await inclusionPath(read, m - k, n - k, start + k)), await rangeHash(read, start, k)]
}

/** RFC 6962 §2.1.2 PROOF(m, D[n]) (SUBPROOF with b = true); empty when m = n. */
export async function consistencyPath(read: NodeReader, m: number, n: number): Promise<Buffer[]> {
  if (m === n) return []
  const sub = async (mm: number, start: number, nn: number, b: boolean): Promise<Buffer[]> => {
    if (mm === nn) return b ? [] : [await rangeHash(read, start, nn)]
    const k = splitPoint(nn)
    if (mm <= k) return [...(await sub(mm, start, k, b)), await rangeHash(read, start + k, nn - k)]
    return [...(await sub(mm - k, start + k, nn - k, false)), await rangeHash(read, start, k)]
  }
  return sub(m, 0, n, true)
}

/** RFC 9162 §2.1.3.2: verifies an inclusion proof of leaf `index` in a tree of `size` with root `root`. */
export function verifyInclusion(index: number, size: number, leaf: Buffer, proof: Buffer[], root: Buffer): boolean {
  if (index >= size) return false
  let fn = index
  let sn = size - 1
  let r = leaf
  for (const p of proof) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r)
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)]
    } else r = nodeHash(r, p)
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 && r.equals(root)
}

/** RFC 9162 §2.1.4.2: verifies that the tree (size2, root2) extends the tree (size1, root1). */
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Buffer,
  root2: Buffer,
  proof: Buffer[],
): boolean {
  if (size1 < 1 || size1 > size2) return false
  if (size1 === size2) return proof.length === 0 && root1.equals(root2)
  const path = (size1 & (size1 - 1)) === 0 ? [root1, ...proof] : proof
  if (path.length === 0) return false
  let fn = size1 - 1
  let sn = size2 - 1
  while (fn % 2 === 1) [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)]
  let fr = path[0] as Buffer
  let sr = fr
  for (const c of path.slice(1)) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr)
      sr = nodeHash(c, sr)
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)]
    } else sr = nodeHash(sr, c)
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return fr.equals(root1) && sr.equals(root2) && sn === 0
}

/** A signed checkpoint as published (GET /api/v1/audit/checkpoint). */
export interface Checkpoint {
  size: number
  /** Root hash, lowercase hex. */
  root: string
  /** ISO instant, UTC. */
  time: string
  keyId: string
  /** Ed25519 over checkpointText(...) as UTF-8, base64. */
  signature: string
}

/** The exact text the checkpoint signature covers (five lines, each ending in \n). */
export function checkpointText(c: Pick<Checkpoint, 'size' | 'root' | 'time' | 'keyId'>): string {
  return `gongxin-audit-checkpoint/v1\nsize ${c.size}\nroot ${c.root}\ntime ${c.time}\nkey ${c.keyId}\n`
}

/** Key id: the first 16 hex digits of SHA-256 over the public key's SPKI DER bytes. */
export function keyIdOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' })
  return sha256(der).toString('hex').slice(0, 16)
}

export function verifyCheckpointSignature(c: Checkpoint, publicKeyPem: string): boolean {
  try {
    return edVerify(
      null,
      Buffer.from(checkpointText(c), 'utf8'),
      createPublicKey(publicKeyPem),
      Buffer.from(c.signature, 'base64'),
    )
  } catch {
    return false
  }
}
