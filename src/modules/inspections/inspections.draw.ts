// The 双随机 draw, pure: a deterministic random stream from the seed (HMAC-SHA256 in counter mode), targets sampled
// per grade stratum at the policy's ratio, inspectors sampled per target from the pool minus those in conflict. No
// I/O, no clock: the same seed and frozen document always give the same draw (docs/grading.md, 抽取协议).
import { createHash, createHmac } from 'node:crypto'

/** The format of the frozen document (bump when the document or the algorithm changes). */
export const DRAW_FORMAT = 'gongxin.inspection-draw/1'

export interface FrozenCandidate {
  /** Entity id. */
  id: string
  /** Registered district (GB/T 2260 code); null when unknown. */
  district: string | null
}

export interface FrozenStratum {
  /** The grade (or `ungraded`). */
  grade: string
  /** Ratio in basis points of a percent: 300 = 3 %. */
  basisPoints: number
  minimum: number
  /** Sorted by id. */
  candidates: FrozenCandidate[]
}

export interface FrozenInspector {
  id: string
  district: string
}

/**
 * What a draw is made from, fixed when the plan is frozen: published (its SHA-256 with the seed's commitment) before
 * the seed is revealed. Every list is sorted (candidates, inspectors by id; conflicts by inspector, then entity).
 */
export interface FrozenDocument {
  format: typeof DRAW_FORMAT
  plan: {
    id: string
    number: string
    dept: string
    name: string
    matter: string
    periodFrom: string
    periodTo: string
    industries: string[]
    districts: string[]
  }
  policy: {
    code: string
    version: number
    model: string
    modelVersion: number
    inspectorsPerTarget: number
    excludeSameDistrict: boolean
  }
  /** The day the grades were read (the freeze). */
  gradesAsOf: string
  strata: FrozenStratum[]
  inspectors: FrozenInspector[]
  /** Declared conflicts: [inspector id, entity id]. */
  conflicts: [string, string][]
}

export interface StratumDraw {
  grade: string
  candidates: number
  /** max(ceil(candidates x ratio), minimum). */
  requested: number
  drawn: number
  /** The stratum had no more candidates than requested: every candidate is a target. */
  takeAll: boolean
}

export interface DrawnTarget {
  /** 1-based, in draw order over all strata. */
  position: number
  entityId: string
  stratum: string
  /** The inspectors drawn for it, in draw order (the first leads). */
  inspectors: string[]
  /** Inspectors left after the conflict exclusion (the draw took min(inspectorsPerTarget, eligible)). */
  eligibleInspectors: number
}

export interface Draw {
  strata: StratumDraw[]
  targets: DrawnTarget[]
}

const SEED_RE = /^[0-9a-f]{64}$/

/** Whether a string is a seed: 32 bytes as 64 lower-case hex digits. */
export function isSeed(s: string): boolean {
  return SEED_RE.test(s)
}

/** The commitment to a seed: SHA-256 of its 32 bytes, hex. */
export function seedCommitment(seedHex: string): string {
  return createHash('sha256').update(Buffer.from(seedHex, 'hex')).digest('hex')
}

/** SHA-256 of a text's UTF-8 bytes, hex (the frozen document's hash). */
export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/**
 * A named random stream: block i = HMAC-SHA256(key = the seed's 32 bytes, message = UTF-8(label) || 0x00 ||
 * uint32 big-endian(i)), i = 0, 1, 2...; the stream is the blocks' bytes in order, read as big-endian uint32 words.
 */
export class SeedStream {
  readonly #key: Buffer
  readonly #label: Buffer
  #counter = 0
  #block: Buffer = Buffer.alloc(0)
  #offset = 0

  constructor(seedHex: string, label: string) {
    if (!isSeed(seedHex)) throw new Error('a seed is 64 lower-case hex digits')
    this.#key = Buffer.from(seedHex, 'hex')
    this.#label = Buffer.from(label, 'utf8')
  }

  /** The next uint32 of the stream. */
  nextUint32(): number {
    if (this.#offset + 4 > this.#block.length) {
      const message = Buffer.alloc(this.#label.length + 5)
      this.#label.copy(message, 0)
      message[this.#label.length] = 0
      message.writeUInt32BE(this.#counter, this.#label.length + 1)
      this.#counter += 1
      this.#block = createHmac('sha256', this.#key).update(message).digest()
      this.#offset = 0
    }
    const v = this.#block.readUInt32BE(this.#offset)
    this.#offset += 4
    return v
  }

  /** Uniform in [0, n) by rejection: words at or above 2^32 - (2^32 mod n) are drawn again. */
  below(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1 || n > 0x1_0000_0000) throw new Error(`below(${n})`)
    const limit = 0x1_0000_0000 - (0x1_0000_0000 % n)
    for (;;) {
      const x = this.nextUint32()
      if (x < limit) return x % n
    }
  }
}

/** The first k of a partial Fisher-Yates shuffle of `items` (for i < k: j = i + below(n - i), swap i and j). */
export function sample<T>(stream: SeedStream, items: readonly T[], k: number): T[] {
  const a = [...items]
  const take = Math.min(k, a.length)
  for (let i = 0; i < take; i++) {
    const j = i + stream.below(a.length - i)
    const t = a[i] as T
    a[i] = a[j] as T
    a[j] = t
  }
  return a.slice(0, take)
}

/** How many targets a stratum asks for: ceil(n x basisPoints / 10000), at least `minimum`. */
export function requestedOf(candidates: number, basisPoints: number, minimum: number): number {
  const byRatio = Math.floor((candidates * basisPoints + 9999) / 10000)
  return Math.max(byRatio, minimum)
}

/**
 * The draw from a seed and a frozen document. Strata in document order; each takes `requested` of its candidates
 * (all of them, in shuffled order, when it has no more than that) with the stream `targets/<grade>`. Then, per
 * target in position order, the inspectors: the pool minus every inspector in conflict with the target (same
 * district when the policy says so, a declared conflict), `inspectorsPerTarget` of them (fewer when fewer are
 * left) with the stream `inspectors/<entity id>`.
 */
export function computeDraw(seedHex: string, doc: FrozenDocument): Draw {
  const strata: StratumDraw[] = []
  const picked: { entity: FrozenCandidate; stratum: string }[] = []
  for (const s of doc.strata) {
    const n = s.candidates.length
    const requested = requestedOf(n, s.basisPoints, s.minimum)
    const chosen = sample(new SeedStream(seedHex, `targets/${s.grade}`), s.candidates, requested)
    strata.push({ grade: s.grade, candidates: n, requested, drawn: chosen.length, takeAll: n > 0 && requested >= n })
    for (const c of chosen) picked.push({ entity: c, stratum: s.grade })
  }
  const conflicts = new Set(doc.conflicts.map(([i, e]) => `${i}\u0000${e}`))
  const targets = picked.map(({ entity, stratum }, k): DrawnTarget => {
    const eligible = doc.inspectors.filter(
      (i) =>
        !(doc.policy.excludeSameDistrict && entity.district !== null && i.district === entity.district) &&
        !conflicts.has(`${i.id}\u0000${entity.id}`),
    )
    const inspectors = sample(
      new SeedStream(seedHex, `inspectors/${entity.id}`),
      eligible.map((i) => i.id),
      doc.policy.inspectorsPerTarget,
    )
    return { position: k + 1, entityId: entity.id, stratum, inspectors, eligibleInspectors: eligible.length }
  })
  return { strata, targets }
}

/** The frozen document as stored and published: JSON in the key order of FrozenDocument, no spaces. */
export function frozenText(doc: FrozenDocument): string {
  return JSON.stringify({
    format: doc.format,
    plan: {
      id: doc.plan.id,
      number: doc.plan.number,
      dept: doc.plan.dept,
      name: doc.plan.name,
      matter: doc.plan.matter,
      periodFrom: doc.plan.periodFrom,
      periodTo: doc.plan.periodTo,
      industries: doc.plan.industries,
      districts: doc.plan.districts,
    },
    policy: {
      code: doc.policy.code,
      version: doc.policy.version,
      model: doc.policy.model,
      modelVersion: doc.policy.modelVersion,
      inspectorsPerTarget: doc.policy.inspectorsPerTarget,
      excludeSameDistrict: doc.policy.excludeSameDistrict,
    },
    gradesAsOf: doc.gradesAsOf,
    strata: doc.strata.map((s) => ({
      grade: s.grade,
      basisPoints: s.basisPoints,
      minimum: s.minimum,
      candidates: s.candidates.map((c) => ({ id: c.id, district: c.district })),
    })),
    inspectors: doc.inspectors.map((i) => ({ id: i.id, district: i.district })),
    conflicts: doc.conflicts.map(([i, e]) => [i, e]),
  })
}

/** A stored target as the verification compares it. */
export interface StoredTarget {
  position: number
  entityId: string
  stratum: string
  inspectors: string[]
}

/** The differences between a recomputed draw and the stored targets (empty: they match). */
export function drawDifferences(expected: Draw, stored: readonly StoredTarget[]): string[] {
  const out: string[] = []
  const byPosition = new Map(stored.map((t) => [t.position, t]))
  for (const t of expected.targets) {
    const s = byPosition.get(t.position)
    if (!s) {
      out.push(`第 ${t.position} 个检查对象缺失（应为 ${t.entityId}）`)
      continue
    }
    if (s.entityId !== t.entityId) out.push(`第 ${t.position} 个检查对象应为 ${t.entityId}，记录为 ${s.entityId}`)
    if (s.stratum !== t.stratum) out.push(`第 ${t.position} 个检查对象的等级层应为 ${t.stratum}，记录为 ${s.stratum}`)
    if (s.inspectors.join(',') !== t.inspectors.join(','))
      out.push(
        `第 ${t.position} 个检查对象的执法人员应为 ${t.inspectors.join('、') || '（无）'}，记录为 ${s.inspectors.join('、') || '（无）'}`,
      )
  }
  for (const s of stored)
    if (s.position > expected.targets.length) out.push(`多出第 ${s.position} 个检查对象 ${s.entityId}`)
  return out
}
