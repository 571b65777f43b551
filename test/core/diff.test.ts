import { describe, expect, it } from 'vitest'
import { canonical, canonicalJson, propertyChanges, sameValue } from '../../src/core/diff.js'

describe('core/diff: property-level differences of versioned definitions', () => {
  it('compares objects regardless of key order, lists in order, undefined as absent', () => {
    expect(sameValue({ a: 1, b: { c: [1, 2], d: 'x' } }, { b: { d: 'x', c: [1, 2] }, a: 1 })).toBe(true)
    expect(sameValue([1, 2], [2, 1])).toBe(false)
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true)
    expect(JSON.stringify(canonical({ z: 1, a: { y: 2, b: 3 } }))).toBe('{"a":{"b":3,"y":2},"z":1}')
  })

  it('lists changed, added and removed properties sorted by name, skipping the given ones', () => {
    const before = { version: 1, nameZh: '甲', basis: ['一'], field: null, scope: 'general' }
    const after = { version: 2, nameZh: '乙', basis: ['一', '二'], scope: 'general', effectiveTo: '2027-01-01' }
    expect(propertyChanges(before, after, ['version'])).toEqual([
      { property: 'basis', before: ['一'], after: ['一', '二'] },
      { property: 'effectiveTo', before: null, after: '2027-01-01' },
      { property: 'nameZh', before: '甲', after: '乙' },
    ])
    expect(propertyChanges(before, before)).toEqual([])
    // absent and null are both "not set"
    expect(propertyChanges({ field: null }, {})).toEqual([])
    expect(propertyChanges(before, after).map((c) => c.property)).toContain('version')
  })

  it('writes canonical JSON directly: the same text as stringifying the sorted copy, on either path', () => {
    const values: unknown[] = [
      { b: 1, a: '甲' },
      { a: '甲', b: 1 },
      { a: [3, { d: 1, c: [null, undefined] }], b: { x: true } },
      { a: [3, { c: 1, d: 2 }], b: undefined, c: null },
      { '10': 'x', '9': 'y', a: 1 },
      { CF_WSH: '津〔2025〕1号', CF_CFLB: ['罚款', '警告'], _hmac: { b: '2', a: '1' } },
      [{ z: 1, y: 2 }, 'a', 1.5, null],
      'text',
      42,
      null,
    ]
    for (const v of values) expect(canonicalJson(v)).toBe(JSON.stringify(canonical(v)))
    expect(canonicalJson({ b: 1, a: { d: 2, c: 1 } })).toBe('{"a":{"c":1,"d":2},"b":1}')
    expect(canonicalJson({ '10': 'x', '9': 'y' })).toBe('{"9":"y","10":"x"}')
  })
})
