import { describe, expect, it } from 'vitest'
import { checkCode, isMod1110Valid, mod1110CheckDigit } from '../../src/identifiers/index.js'

describe('ISO 7064 MOD 11,10', () => {
  it.each([
    ['79462', '3'],
    ['00200667308', '5'],
    ['11827345', '4'],
    ['12010100000001', '2'],
  ])('check digit of %s is %s', (digits, check) => {
    expect(mod1110CheckDigit(digits)).toBe(check)
    expect(isMod1110Valid(digits + check)).toBe(true)
  })

  it('rejects non-digits', () => {
    expect(mod1110CheckDigit('12a')).toBeUndefined()
    expect(isMod1110Valid('1')).toBe(false)
  })
})

describe('工商注册号 (15 digits)', () => {
  it.each([
    ['120101000000012', '120101', '天津市和平区'],
    ['110000000000017', '110000', '北京市'],
    ['440300000000009', '440300', '广东省深圳市'],
    ['1201 0100 0000 012', '120101', '天津市和平区'],
  ])('%s is valid', (input, region, regionName) => {
    const r = checkCode(input)
    expect(r.scheme).toBe('reg_no')
    expect(r.valid).toBe(true)
    expect(r.errors).toEqual([])
    expect(r.warnings).toEqual([])
    expect(r.details).toEqual({ region, regionName })
  })

  it.each([
    ['120101000000013', '2', '3'],
    ['120101000000102', '7', '2'],
    ['110000000000018', '7', '8'],
  ])('%s -> checksum (expected %s)', (input, expected, actual) => {
    const r = checkCode(input)
    expect(r.scheme).toBe('reg_no')
    expect(r.valid).toBe(false)
    expect(r.errors).toEqual([
      { code: 'checksum', message: `校验码错误：第15位应为 ${expected}，实际为 ${actual}。请核对号码。` },
    ])
  })

  it('every single-digit substitution is rejected', () => {
    const code = '120101000000012'
    for (let i = 0; i < 15; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === code[i]) continue
        expect(checkCode(code.slice(0, i) + d + code.slice(i + 1)).valid).toBe(false)
      }
    }
  })

  it('15 characters with a letter -> reg_no with charset', () => {
    const r = checkCode('12010100000001A')
    expect(r.scheme).toBe('reg_no')
    expect(r.errors.map((e) => e.code)).toEqual(['charset'])
  })

  it('unknown region -> warning region', () => {
    const code = `99999900000000${mod1110CheckDigit('99999900000000')}`
    const r = checkCode(code)
    expect(r.valid).toBe(true)
    expect(r.warnings.map((w) => w.code)).toEqual(['region'])
    expect(r.details).toEqual({ region: '999999', regionName: null })
  })
})
