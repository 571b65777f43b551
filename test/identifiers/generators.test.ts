import { describe, expect, it } from 'vitest'
import {
  checkCode,
  createRng,
  generateOrgCode,
  generateRegNo,
  generateResidentId,
  generateUscc,
  isValidResidentId,
  lookupRegion,
  validateUscc,
} from '../../src/identifiers/index.js'

const N = 5000
const OPTS = { today: '2026-01-01' }

describe('createRng', () => {
  it('is deterministic per seed and in range', () => {
    const a = createRng(42)
    const b = createRng(42)
    const c = createRng(43)
    const sa = Array.from({ length: 100 }, () => a.next())
    const sb = Array.from({ length: 100 }, () => b.next())
    const sc = Array.from({ length: 100 }, () => c.next())
    expect(sa).toEqual(sb)
    expect(sa).not.toEqual(sc)
    for (const x of sa) {
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThan(1)
    }
  })

  it('int covers both ends; pick covers the array', () => {
    const rng = createRng(1)
    const ints = new Set<number>()
    const picks = new Set<string>()
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(3, 6)
      expect(n).toBeGreaterThanOrEqual(3)
      expect(n).toBeLessThanOrEqual(6)
      ints.add(n)
      picks.add(rng.pick(['a', 'b', 'c']))
    }
    expect([...ints].sort()).toEqual([3, 4, 5, 6])
    expect([...picks].sort()).toEqual(['a', 'b', 'c'])
    expect(() => rng.pick([])).toThrow(RangeError)
  })

  it('the same seed generates the same codes', () => {
    expect(generateUscc(createRng(9))).toBe(generateUscc(createRng(9)))
    expect(generateResidentId(createRng(9))).toBe(generateResidentId(createRng(9)))
  })
})

describe(`generators: ${N} of each validate`, () => {
  it('USCC', () => {
    const rng = createRng(101)
    const seen = new Set<string>()
    for (let i = 0; i < N; i++) {
      const code = generateUscc(rng)
      seen.add(code)
      const v = validateUscc(code)
      expect(v.errors, code).toEqual([])
      expect(v.warnings, code).toEqual([])
      const r = checkCode(code, OPTS)
      expect(r.valid, code).toBe(true)
      // an all-digit USCC can, rarely, also be a valid resident ID number; detection prefers the ID
      if (!isValidResidentId(code, OPTS.today)) expect(r.scheme, code).toBe('uscc')
    }
    expect(seen.size).toBeGreaterThan(N * 0.99)
  })

  it('USCC with options', () => {
    const rng = createRng(102)
    for (let i = 0; i < 200; i++) {
      const code = generateUscc(rng, { dept: '5', category: '3', region: '120101' })
      expect(code.slice(0, 8)).toBe('53120101')
      const r = checkCode(code, OPTS)
      expect(r).toMatchObject({ scheme: 'uscc', valid: true, warnings: [] })
      expect(r.details).toMatchObject({ categoryName: '基金会', regionName: '天津市和平区' })
    }
    expect(generateUscc(rng, { dept: 'Y' }).slice(0, 2)).toBe('Y1')
    expect(checkCode(generateUscc(rng, { dept: '9', category: '5' }), OPTS).errors.map((e) => e.code)).toEqual([
      'category',
    ])
  })

  it('resident ID', () => {
    const rng = createRng(103)
    for (let i = 0; i < N; i++) {
      const id = generateResidentId(rng)
      const r = checkCode(id, OPTS)
      expect(r.scheme, id).toBe('resident_id')
      expect(r.valid, id).toBe(true)
      expect(r.warnings, id).toEqual([])
    }
  })

  it('resident ID with options', () => {
    const rng = createRng(104)
    for (let i = 0; i < 200; i++) {
      const sex = i % 2 === 0 ? 'male' : 'female'
      const id = generateResidentId(rng, { region: '120116', birthDate: '1990-05-17', sex })
      const r = checkCode(id, OPTS)
      expect(r.valid).toBe(true)
      expect(r.details).toEqual({
        region: '120116',
        regionName: '天津市滨海新区',
        birthDate: '1990-05-17',
        sex,
        age: 35,
      })
    }
  })

  it('organisation code', () => {
    const rng = createRng(105)
    for (let i = 0; i < N; i++) {
      const code = generateOrgCode(rng)
      const r = checkCode(code, OPTS)
      expect(r.scheme, code).toBe('org_code')
      expect(r.valid, code).toBe(true)
    }
  })

  it('registration number', () => {
    const rng = createRng(106)
    for (let i = 0; i < N; i++) {
      const code = generateRegNo(rng)
      const r = checkCode(code, OPTS)
      expect(r.scheme, code).toBe('reg_no')
      expect(r.valid, code).toBe(true)
      expect(r.warnings, code).toEqual([])
      expect(lookupRegion(code.slice(0, 6))?.current).toBe(true)
    }
    expect(generateRegNo(rng, '120101').slice(0, 6)).toBe('120101')
  })
})
