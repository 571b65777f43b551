// The browser verifier's Merkle functions (src/modules/reports/verify: the console's proof page uses them) against
// the proofs the audit log produces (src/modules/audit/audit.merkle.ts): every inclusion and consistency proof of
// trees of 1 to 21 leaves checks, and a changed hash or a wrong root does not.
import { createHash, generateKeyPairSync, sign } from 'node:crypto'
import { expect, it } from 'vitest'
import {
  checkpointText,
  consistencyPath,
  keyIdOf,
  inclusionPath,
  leafHash,
  type NodeReader,
  nodeHash,
  rangeHash,
} from '../../src/modules/audit/audit.merkle.js'
import {
  checkCheckpoint,
  hexToBytes,
  leafHashOf,
  rootFromInclusion,
  verifyConsistency,
} from '../../src/modules/reports/verify/index.js'

const eventHashes = Array.from({ length: 21 }, (_, i) => createHash('sha256').update(`event ${i}`).digest('hex'))
const leaves = eventHashes.map((h) => leafHash(h))

/** Full subtree hashes straight from the leaves. */
const read: NodeReader = async (level, idx) => {
  const mth = (start: number, n: number): Buffer => {
    if (n === 1) return leaves[start] as Buffer
    const k = 2 ** Math.floor(Math.log2(n - 1))
    return nodeHash(mth(start, k), mth(start + k, n - k))
  }
  return mth(idx * 2 ** level, 2 ** level)
}

const bytes = (b: Buffer) => new Uint8Array(b)
const flip = (b: Uint8Array) => {
  const c = Uint8Array.from(b)
  c[0] = (c[0] as number) ^ 1
  return c
}

it('inclusion proofs: the leaf hash and the root the path leads to', async () => {
  for (let n = 1; n <= leaves.length; n++) {
    const root = bytes(await rangeHash(read, 0, n))
    for (let m = 0; m < n; m++) {
      expect(Buffer.from(leafHashOf(eventHashes[m] as string)).equals(leaves[m] as Buffer)).toBe(true)
      const path = (await inclusionPath(read, m, n)).map(bytes)
      expect(rootFromInclusion(m, n, leafHashOf(eventHashes[m] as string), path)).toEqual(root)
      if (path.length > 0)
        expect(
          rootFromInclusion(m, n, leafHashOf(eventHashes[m] as string), [
            flip(path[0] as Uint8Array),
            ...path.slice(1),
          ]),
        ).not.toEqual(root)
    }
  }
})

it('consistency proofs between every pair of sizes', async () => {
  for (let n = 1; n <= leaves.length; n++) {
    const rootN = bytes(await rangeHash(read, 0, n))
    for (let m = 1; m <= n; m++) {
      const rootM = bytes(await rangeHash(read, 0, m))
      const proof = (await consistencyPath(read, m, n)).map(bytes)
      expect(verifyConsistency(m, n, rootM, rootN, proof), `${m} -> ${n}`).toBe(true)
      expect(verifyConsistency(m, n, flip(rootM), rootN, proof)).toBe(false)
      expect(verifyConsistency(m, n, rootM, flip(rootN), proof)).toBe(false)
      if (proof.length > 0) {
        expect(verifyConsistency(m, n, rootM, rootN, [flip(proof[0] as Uint8Array), ...proof.slice(1)])).toBe(false)
      }
    }
  }
  expect(verifyConsistency(3, 2, hexToBytes('00'.repeat(32)), hexToBytes('00'.repeat(32)), [])).toBe(false)
})

it('checkpoint signatures against the published keys', async () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
  const keys = { keys: [{ id: keyIdOf(pem), alg: 'Ed25519' as const, status: 'current' as const, publicKey: pem }] }
  const body = {
    size: 21,
    root: (await rangeHash(read, 0, 21)).toString('hex'),
    time: '2026-06-01T02:00:00.000Z',
    keyId: keyIdOf(pem),
  }
  const cp = { ...body, signature: sign(null, Buffer.from(checkpointText(body)), privateKey).toString('base64') }
  expect(await checkCheckpoint(cp, keys)).toBeNull()
  expect(await checkCheckpoint({ ...cp, size: 20 }, keys)).toBe('checkpoint_signature_invalid')
  expect(await checkCheckpoint({ ...cp, keyId: '0000000000000000' }, keys)).toBe('checkpoint_key_unknown')
  expect(await checkCheckpoint(cp, { keys: 'x' } as never)).toBe('keys_invalid')
})
