import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { buildApp } from '../../src/http/app.js'
import {
  auditCheckpoint,
  consistencyProof,
  extendAuditTree,
  inclusionProof,
  recordAuditEntries,
  verifyCheckpointSignature,
  verifyConsistency,
  verifyInclusion,
} from '../../src/modules/audit/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

// An independent reference: RFC 6962 §2.1 written out recursively over the leaves' inputs.
const H = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest()
const leaf = (eventHash: string) => H(Buffer.from([0]), Buffer.from(eventHash, 'hex'))
const split = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1)
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return H()
  if (leaves.length === 1) return leaves[0] as Buffer
  const k = split(leaves.length)
  return H(Buffer.from([1]), mth(leaves.slice(0, k)), mth(leaves.slice(k)))
}
/** Rebuilds the root from an audit path by following the definition of PATH (proof consumed from its end). */
function rootFromPath(m: number, leaves: number, leafHash: Buffer, path: Buffer[]): Buffer | null {
  const stack = [...path]
  const go = (mm: number, n: number): Buffer | null => {
    if (n === 1) return leafHash
    const k = split(n)
    const sib = stack.pop()
    if (!sib) return null
    if (mm < k) {
      const l = go(mm, k)
      return l && H(Buffer.from([1]), l, sib)
    }
    const r = go(mm - k, n - k)
    return r && H(Buffer.from([1]), sib, r)
  }
  const r = go(m, leaves)
  return stack.length === 0 ? r : null
}
/** Rebuilds both roots from a consistency proof by following SUBPROOF; null when the proof has the wrong shape. */
function rootsFromConsistency(m: number, n: number, oldRoot: Buffer, proof: Buffer[]): [Buffer, Buffer] | null {
  const stack = [...proof]
  const go = (mm: number, nn: number, b: boolean): [Buffer, Buffer] | null => {
    if (mm === nn) {
      if (b) return [oldRoot, oldRoot]
      const h = stack.pop()
      return h ? [h, h] : null
    }
    const k = split(nn)
    const sib = stack.pop()
    if (!sib) return null
    if (mm <= k) {
      const r = go(mm, k, b)
      return r && [r[0], H(Buffer.from([1]), r[1], sib)]
    }
    const r = go(mm - k, nn - k, false)
    return r && [H(Buffer.from([1]), sib, r[0]), H(Buffer.from([1]), sib, r[1])]
  }
  const r = go(m, n, true)
  return stack.length === 0 ? r : null
}
const hex = (b: Buffer) => b.toString('hex')
const bufs = (hs: string[]) => hs.map((h) => Buffer.from(h, 'hex'))
function flipped(hs: string[], i: number): Buffer[] {
  const b = bufs(hs)
  const x = Buffer.from(b[i] as Buffer)
  x[0] = (x[0] as number) ^ 1
  b[i] = x
  return b
}

describeEachDialect('audit Merkle tree', (dialect) => {
  let ctx: TestContext
  let events: { seq: number; id: string; hash: string }[] = []
  const SIZE = 70
  const readEvents = async () =>
    (
      await sql<{ seq: number; id: string; hash: string }>`select seq, id, hash from audit_events order by seq`.execute(
        ctx.db,
      )
    ).rows.map((r) => ({ ...r, seq: Number(r.seq) }))

  beforeAll(async () => {
    ctx = await testContext(dialect)
    // migrate wrote a few events: the tree starts over them, then grows one event at a time (and in a burst)
    const roots = new Map<number, string>()
    while ((await readEvents()).length < SIZE) {
      const batch = (await readEvents()).length > 50 ? 5 : 1
      await ctx.db.transaction().execute((trx) =>
        recordAuditEntries(
          trx,
          ctx.clock,
          Array.from({ length: batch }, (_, i) => ({
            actor: systemActor('test'),
            event: { action: 'test.merkle', details: { i } },
          })),
        ),
      )
      const size = await extendAuditTree(ctx.db)
      roots.set(size, (await consistencyProof(ctx.db, size, size)).toRoot)
    }
    events = (await readEvents()).slice(0, SIZE)
  }, 120_000)
  afterAll(async () => ctx.close())

  it('roots equal the reference MTH for sizes 1..70', async () => {
    const leaves = events.map((e) => leaf(e.hash))
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: SIZE }, (_, i) => i + 1))
    for (let n = 1; n <= SIZE; n++) {
      const p = await consistencyProof(ctx.db, n, n)
      expect(p.toRoot, `size ${n}`).toBe(hex(mth(leaves.slice(0, n))))
      expect(p.proof).toEqual([])
    }
  })

  it('inclusion proofs verify with an independent verifier and fail when a hash is changed', async () => {
    const leaves = events.map((e) => leaf(e.hash))
    let checked = 0
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 32, 33, 63, 64, 65, 70]) {
      for (let m = 0; m < n; m += Math.max(1, Math.floor(n / 9))) {
        const e = events[m] as (typeof events)[number]
        const p = await inclusionProof(ctx, e.id, n)
        const root = mth(leaves.slice(0, n))
        expect(p).toMatchObject({ index: m, size: n, eventHash: e.hash, leafHash: hex(leaf(e.hash)), root: hex(root) })
        expect(rootFromPath(m, n, leaf(e.hash), bufs(p.path))).toEqual(root)
        expect(verifyInclusion(m, n, leaf(e.hash), bufs(p.path), root)).toBe(true)
        for (let i = 0; i < p.path.length; i++) {
          expect(rootFromPath(m, n, leaf(e.hash), flipped(p.path, i))).not.toEqual(root)
          expect(verifyInclusion(m, n, leaf(e.hash), flipped(p.path, i), root)).toBe(false)
        }
        const otherLeaf = leaf((events[(m + 1) % SIZE] as (typeof events)[number]).hash)
        if (n > 1) expect(verifyInclusion(m, n, otherLeaf, bufs(p.path), root)).toBe(false)
        checked += 1
      }
    }
    expect(checked).toBeGreaterThan(80)
  })

  it('consistency proofs verify with an independent verifier and fail when a hash is changed', async () => {
    const leaves = events.map((e) => leaf(e.hash))
    let checked = 0
    for (let m = 1; m <= SIZE; m++) {
      for (const n of new Set([m, m + 1, m + 2, m + 7, 2 ** Math.ceil(Math.log2(m + 1)), 64, 69, SIZE])) {
        if (n < m || n > SIZE) continue
        const p = await consistencyProof(ctx.db, m, n)
        const r1 = mth(leaves.slice(0, m))
        const r2 = mth(leaves.slice(0, n))
        expect([p.fromRoot, p.toRoot]).toEqual([hex(r1), hex(r2)])
        expect(rootsFromConsistency(m, n, r1, bufs(p.proof))).toEqual([r1, r2])
        expect(verifyConsistency(m, n, r1, r2, bufs(p.proof)), `${m} -> ${n}`).toBe(true)
        for (let i = 0; i < p.proof.length; i++) {
          const bad = rootsFromConsistency(m, n, r1, flipped(p.proof, i))
          expect(bad?.[0].equals(r1) && bad?.[1].equals(r2)).not.toBe(true)
          expect(verifyConsistency(m, n, r1, r2, flipped(p.proof, i))).toBe(false)
        }
        if (m < n) {
          const wrongOld = leaf('00'.repeat(32))
          expect(verifyConsistency(m, n, wrongOld, r2, bufs(p.proof))).toBe(false)
        }
        checked += 1
      }
    }
    expect(checked).toBeGreaterThan(300)
  })

  it('a checkpoint is signed with the published key; proofs over HTTP; inclusion needs audit.read', async () => {
    const app = await buildApp(ctx, { web: false })
    try {
      const cp = await auditCheckpoint(ctx, { force: true })
      expect(cp?.size).toBe((await readEvents()).length)
      const keys = (await app.inject({ method: 'GET', url: '/.well-known/gongxin-keys.json' })).json() as {
        keys: { id: string; alg: string; status: string; publicKey: string }[]
      }
      expect(keys.keys).toHaveLength(1)
      expect(keys.keys[0]).toMatchObject({ alg: 'Ed25519', status: 'current', id: cp?.keyId })
      expect(keys.keys[0]?.id).toMatch(/^[0-9a-f]{16}$/)
      const got = (await app.inject({ method: 'GET', url: '/api/v1/audit/checkpoint' })).json() as {
        checkpoint: NonNullable<typeof cp>
      }
      expect(got.checkpoint).toEqual(cp)
      expect(verifyCheckpointSignature(got.checkpoint, keys.keys[0]?.publicKey as string)).toBe(true)
      expect(
        verifyCheckpointSignature(
          { ...got.checkpoint, size: got.checkpoint.size - 1 },
          keys.keys[0]?.publicKey as string,
        ),
      ).toBe(false)
      const c = await app.inject({
        method: 'GET',
        url: `/api/v1/audit/proofs/consistency?from=10&to=${got.checkpoint.size}`,
      })
      expect(c.statusCode).toBe(200)
      expect(
        verifyConsistency(
          10,
          got.checkpoint.size,
          Buffer.from((c.json() as { fromRoot: string }).fromRoot, 'hex'),
          Buffer.from(got.checkpoint.root, 'hex'),
          bufs((c.json() as { proof: string[] }).proof),
        ),
      ).toBe(true)
      const beyond = await app.inject({
        method: 'GET',
        url: `/api/v1/audit/proofs/consistency?from=10&to=${got.checkpoint.size + 5}`,
      })
      expect(beyond.statusCode).toBe(422)
      expect((beyond.json() as { error: { code: string } }).error.code).toBe('audit.proof_range')
      const incl = await app.inject({
        method: 'GET',
        url: `/api/v1/audit/proofs/inclusion?event=${events[3]?.id}&size=10`,
      })
      expect(incl.statusCode).toBe(401)
    } finally {
      await app.close()
    }
  })
})
