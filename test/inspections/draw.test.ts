// The 双随机 draw as pure arithmetic: the documented random stream (HMAC-SHA256 in counter mode), the stratum sizes,
// reproducibility from the seed, a different draw from another seed, take-all strata and the conflict exclusion.
import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  computeDraw,
  DRAW_FORMAT,
  type FrozenDocument,
  frozenText,
  requestedOf,
  SeedStream,
  sample,
  seedCommitment,
} from '../../src/modules/inspections/index.js'

const SEED = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'
const OTHER = 'ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100'

/** A frozen document: strata A (40 candidates, 3 %), B (100, 5 %), D (3, 100 %), inspectors in three districts. */
function doc(over: Partial<FrozenDocument> = {}): FrozenDocument {
  const ids = (prefix: string, n: number, district: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${String(i).padStart(4, '0')}`, district: district(i) }))
  return {
    format: DRAW_FORMAT,
    plan: {
      id: 'plan-1',
      number: 'tj-scjg-2026-001',
      dept: 'tj-scjg',
      name: '2026 年第四季度双随机抽查',
      matter: '企业公示信息',
      periodFrom: '2026-10-01',
      periodTo: '2026-12-31',
      industries: [],
      districts: [],
    },
    policy: {
      code: 'general',
      version: 1,
      model: 'general',
      modelVersion: 1,
      inspectorsPerTarget: 2,
      excludeSameDistrict: true,
    },
    gradesAsOf: '2026-10-08',
    strata: [
      { grade: 'A', basisPoints: 300, minimum: 0, candidates: ids('a', 40, (i) => (i % 2 ? '120101' : '120102')) },
      {
        grade: 'B',
        basisPoints: 500,
        minimum: 0,
        candidates: ids('b', 100, (i) => ['120101', '120102', '120103'][i % 3] as string),
      },
      { grade: 'D', basisPoints: 10000, minimum: 0, candidates: ids('d', 3, () => '120101') },
    ],
    inspectors: [
      { id: 'i-1', district: '120101' },
      { id: 'i-2', district: '120101' },
      { id: 'i-3', district: '120102' },
      { id: 'i-4', district: '120103' },
      { id: 'i-5', district: '120103' },
    ],
    conflicts: [['i-4', 'd-0000']],
    ...over,
  }
}

describe('the random stream', () => {
  it('is HMAC-SHA256(seed bytes, label || 0x00 || uint32be(counter)) read as big-endian words', () => {
    const key = Buffer.from(SEED, 'hex')
    const block = (label: string, i: number) => {
      const counter = Buffer.alloc(4)
      counter.writeUInt32BE(i)
      return createHmac('sha256', key)
        .update(Buffer.concat([Buffer.from(label, 'utf8'), Buffer.from([0]), counter]))
        .digest()
    }
    const expected = [...block('targets/B', 0), ...block('targets/B', 1)]
    const words = Array.from({ length: 16 }, (_, i) => Buffer.from(expected.slice(i * 4, i * 4 + 4)).readUInt32BE(0))
    const stream = new SeedStream(SEED, 'targets/B')
    expect(Array.from({ length: 16 }, () => stream.nextUint32())).toEqual(words)
  })

  it('below(n) rejects words at or above the largest multiple of n, so every value is equally likely', () => {
    const stream = new SeedStream(SEED, 'x')
    const values = Array.from({ length: 2000 }, () => stream.below(7))
    expect(values.every((v) => Number.isInteger(v) && v >= 0 && v < 7)).toBe(true)
    expect(new Set(values).size).toBe(7)
    expect(new SeedStream(SEED, 'x').below(1)).toBe(0)
  })

  it('sample is a partial Fisher-Yates shuffle: k distinct items, all of them when k is not smaller', () => {
    const items = Array.from({ length: 10 }, (_, i) => i)
    const three = sample(new SeedStream(SEED, 's'), items, 3)
    expect(new Set(three).size).toBe(3)
    expect(sample(new SeedStream(SEED, 's'), items, 3)).toEqual(three)
    expect([...sample(new SeedStream(SEED, 's'), items, 20)].sort((a, b) => a - b)).toEqual(items)
  })

  it('the commitment is SHA-256 of the seed bytes', () => {
    expect(seedCommitment(SEED)).toBe(createHash('sha256').update(Buffer.from(SEED, 'hex')).digest('hex'))
  })
})

describe('stratum sizes', () => {
  it.each([
    [40, 300, 0, 2], // 1.2 -> 2
    [100, 500, 0, 5],
    [101, 500, 0, 6], // 5.05 -> 6
    [3, 2000, 1, 1], // 0.6 -> 1
    [3, 300, 5, 5], // the minimum
    [0, 500, 0, 0],
    [7, 10000, 0, 7],
    [200, 250, 0, 5], // 2.5 %
  ])('%i candidates at %i basis points, minimum %i: %i requested', (n, bp, min, want) => {
    expect(requestedOf(n, bp, min)).toBe(want)
  })
})

describe('the draw', () => {
  it('is reproducible from its seed and the frozen document, and differs with another seed', () => {
    const d = doc()
    const first = computeDraw(SEED, d)
    // the same seed over the document read back from its published text gives the same draw
    expect(computeDraw(SEED, JSON.parse(frozenText(d)) as FrozenDocument)).toEqual(first)
    expect(first.strata).toEqual([
      { grade: 'A', candidates: 40, requested: 2, drawn: 2, takeAll: false },
      { grade: 'B', candidates: 100, requested: 5, drawn: 5, takeAll: false },
      { grade: 'D', candidates: 3, requested: 3, drawn: 3, takeAll: true },
    ])
    expect(first.targets.map((t) => t.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    const other = computeDraw(OTHER, d)
    expect(other.strata).toEqual(first.strata)
    expect(other.targets.map((t) => t.entityId)).not.toEqual(first.targets.map((t) => t.entityId))
    // strata are drawn from streams of their own: another stratum's size does not move B's picks
    const fewerA = computeDraw(
      SEED,
      doc({ strata: d.strata.map((s) => (s.grade === 'A' ? { ...s, basisPoints: 1000 } : s)) }),
    )
    const bOf = (x: ReturnType<typeof computeDraw>) => x.targets.filter((t) => t.stratum === 'B').map((t) => t.entityId)
    expect(bOf(fewerA)).toEqual(bOf(first))
  })

  it('a stratum asking for at least its candidates takes all of them and says so', () => {
    const draw = computeDraw(SEED, doc())
    const d = draw.strata.find((s) => s.grade === 'D')
    expect(d).toMatchObject({ candidates: 3, requested: 3, drawn: 3, takeAll: true })
    expect(
      draw.targets
        .filter((t) => t.stratum === 'D')
        .map((t) => t.entityId)
        .sort(),
    ).toEqual(['d-0000', 'd-0001', 'd-0002'])
    const small = computeDraw(
      SEED,
      doc({ strata: [{ grade: 'C', basisPoints: 2000, minimum: 4, candidates: [{ id: 'c-1', district: null }] }] }),
    )
    expect(small.strata).toEqual([{ grade: 'C', candidates: 1, requested: 4, drawn: 1, takeAll: true }])
  })

  it('never draws an inspector of the target district or with a declared conflict', () => {
    const d = doc()
    for (const seed of [SEED, OTHER, seedCommitment(SEED), seedCommitment(OTHER)]) {
      const draw = computeDraw(seed, d)
      for (const t of draw.targets) {
        const target = d.strata.flatMap((s) => s.candidates).find((c) => c.id === t.entityId)
        const inspectors = t.inspectors.map((id) => d.inspectors.find((i) => i.id === id))
        expect(new Set(t.inspectors).size).toBe(t.inspectors.length)
        for (const i of inspectors) expect(i?.district).not.toBe(target?.district)
        if (t.entityId === 'd-0000') {
          expect(t.inspectors).not.toContain('i-4')
          // in 120101 with i-4 in conflict: only i-3 and i-5 are left, and both are drawn
          expect([...t.inspectors].sort()).toEqual(['i-3', 'i-5'])
          expect(t.eligibleInspectors).toBe(2)
        } else expect(t.inspectors).toHaveLength(2)
      }
    }
  })

  it('draws fewer inspectors when fewer are left after the exclusion (and none when none are)', () => {
    const d = doc({
      inspectors: [
        { id: 'i-1', district: '120101' },
        { id: 'i-3', district: '120102' },
      ],
    })
    const draw = computeDraw(SEED, d)
    const dTarget = draw.targets.find((t) => t.entityId === 'd-0001')
    expect(dTarget).toMatchObject({ inspectors: ['i-3'], eligibleInspectors: 1 })
    const none = computeDraw(SEED, doc({ inspectors: [{ id: 'i-1', district: '120101' }] }))
    expect(none.targets.find((t) => t.entityId === 'd-0002')).toMatchObject({ inspectors: [], eligibleInspectors: 0 })
    // without the district rule, only declared conflicts exclude
    const anyDistrict = computeDraw(SEED, doc({ policy: { ...doc().policy, excludeSameDistrict: false } }))
    expect(anyDistrict.targets.find((t) => t.entityId === 'd-0000')?.eligibleInspectors).toBe(4)
  })
})
