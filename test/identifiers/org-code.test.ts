import { describe, expect, it } from 'vitest'
import { checkCode, isOrgCodeChecksumValid, orgCodeCheckChar, validateOrgCode } from '../../src/identifiers/index.js'

describe('organisation code (GB 11714)', () => {
  it.each([
    ['D2143569-X', 'D2143569X'],
    ['D2143569X', 'D2143569X'],
    ['d2143569-x', 'D2143569X'],
    ['10000018-X', '10000018X'],
    ['10000004-0', '100000040'],
    ['10000012-0', '100000120'],
    ['12345678-8', '123456788'],
    ['MA1B3N1N-2', 'MA1B3N1N2'],
    ['07283195-4', '072831954'],
  ])('%s is valid', (input, normalized) => {
    const r = checkCode(input)
    expect(r.scheme).toBe('org_code')
    expect(r.valid).toBe(true)
    expect(r.normalized).toBe(normalized)
    expect(r.errors).toEqual([])
    expect(r.details).toEqual({})
  })

  it.each([
    ['D2143569-1', 'X', '1'],
    ['10000004-X', '0', 'X'],
    ['10000018-0', 'X', '0'],
    ['12345678-9', '8', '9'],
  ])('%s -> checksum (expected %s)', (input, expected, actual) => {
    const r = checkCode(input)
    expect(r.scheme).toBe('org_code')
    expect(r.valid).toBe(false)
    expect(r.errors).toEqual([
      { code: 'checksum', message: `校验码错误：第9位应为 ${expected}，实际为 ${actual}。请核对代码。` },
    ])
  })

  it.each([
    ['D214356*-X', ['charset']],
    ['D2143569-Y', ['charset']],
    ['D21435_9-Y', ['charset', 'charset']],
  ])('%s -> %j', (input, codes) => {
    const r = checkCode(input)
    expect(r.scheme).toBe('org_code')
    expect(r.errors.map((e) => e.code)).toEqual(codes)
  })

  it('computes check characters', () => {
    expect(orgCodeCheckChar('D2143569')).toBe('X')
    expect(orgCodeCheckChar('10000004')).toBe('0')
    expect(orgCodeCheckChar('1234567')).toBeUndefined()
    expect(orgCodeCheckChar('1234567*')).toBeUndefined()
    expect(isOrgCodeChecksumValid('D2143569X')).toBe(true)
    expect(isOrgCodeChecksumValid('D21435691')).toBe(false)
  })

  it('validateOrgCode rejects a wrong length', () => {
    expect(validateOrgCode('D2143569').errors.map((e) => e.code)).toEqual(['length'])
  })
})
