import { describe, expect, it } from 'vitest'
import {
  ageOn,
  checkCode,
  isResidentIdShaped,
  isValidUscc,
  maskResidentId,
  residentIdCheckChar,
  shownCode,
  usccCheckChar,
  validateResidentId,
} from '../../src/identifiers/index.js'

const TODAY = '2026-01-01'

function withCheck(first17: string): string {
  const c = residentIdCheckChar(first17)
  if (c === undefined) throw new Error(`not 17 digits: ${first17}`)
  return first17 + c
}

describe('resident ID (GB 11643-1999)', () => {
  it('11010519491231002X is valid, female, born 1949-12-31', () => {
    const r = checkCode('11010519491231002X', { today: '2025-06-01' })
    expect(r).toEqual({
      input: '11010519491231002X',
      scheme: 'resident_id',
      valid: true,
      normalized: '11010519491231002X',
      errors: [],
      warnings: [],
      details: { region: '110105', regionName: '北京市朝阳区', birthDate: '1949-12-31', sex: 'female', age: 75 },
    })
  })

  it('lower-case x is normalised', () => {
    const r = checkCode('11010519491231002x', { today: TODAY })
    expect(r.valid).toBe(true)
    expect(r.normalized).toBe('11010519491231002X')
  })

  it.each([
    ['2024-12-30', 74],
    ['2024-12-31', 75],
    ['2025-01-01', 75],
    ['1949-12-31', 0],
  ])('ageOn(11010519491231002X, %s) = %i', (date, age) => {
    expect(ageOn('11010519491231002X', date)).toBe(age)
  })

  it('ageOn: 29 February birthdays count from 1 March in common years; undefined before birth', () => {
    const id = withCheck('12010120000229001')
    expect(ageOn(id, '2001-02-28')).toBe(0)
    expect(ageOn(id, '2001-03-01')).toBe(1)
    expect(ageOn(id, '2004-02-29')).toBe(4)
    expect(ageOn(id, '1999-12-31')).toBeUndefined()
    expect(ageOn('123', '2020-01-01')).toBeUndefined()
  })

  it.each([
    ['male', '12010119800101001', 'male'],
    ['female', '12010119800101002', 'female'],
    ['male (9)', '12010119800101009', 'male'],
    ['female (0)', '12010119800101000', 'female'],
  ])('sex from position 17: %s', (_label, first17, sex) => {
    const r = checkCode(withCheck(first17), { today: TODAY })
    expect(r.valid).toBe(true)
    expect(r.details).toMatchObject({ sex })
  })

  it.each([
    ['30 February', '11010519490230002', '19490230'],
    ['month 13', '11010519491301002', '19491301'],
    ['29 February 1900 (not a leap year)', '12010119000229001', '19000229'],
    ['day 00', '11010519491200002', '19491200'],
  ])('%s -> date', (_label, first17, digits) => {
    const id = withCheck(first17)
    const r = validateResidentId(id, TODAY)
    expect(r.valid).toBe(false)
    expect(r.errors).toEqual([
      { code: 'date', message: `第7-14位出生日期 ${digits} 不是有效日期（应为 YYYYMMDD）。请核对号码。` },
    ])
    expect(r.details.birthDate).toBeNull()
    expect(r.details.age).toBeNull()
  })

  it('30 February is detected as a resident ID by checkCode (date error, not a USCC)', () => {
    const r = checkCode(withCheck('11010519490230002'), { today: TODAY })
    expect(r.scheme).toBe('resident_id')
    expect(r.errors.map((e) => e.code)).toEqual(['date'])
  })

  it('29 February 2000 is a real date', () => {
    const r = checkCode(withCheck('12010120000229001'), { today: TODAY })
    expect(r.valid).toBe(true)
    expect(r.details).toMatchObject({ birthDate: '2000-02-29', age: 25 })
  })

  it('future birth date -> date (relative to today)', () => {
    const id = withCheck('12010120260102001')
    const r = checkCode(id, { today: TODAY })
    expect(r.scheme).toBe('resident_id')
    expect(r.valid).toBe(false)
    expect(r.errors).toEqual([{ code: 'date', message: '出生日期 2026-01-02 晚于今天（2026-01-01）。请核对号码。' }])
    expect(checkCode(id, { today: '2026-01-02' }).valid).toBe(true)
  })

  it('birth date before 1900-01-01 -> date', () => {
    const r = checkCode(withCheck('12010118991231001'), { today: TODAY })
    expect(r.scheme).toBe('resident_id')
    expect(r.errors.map((e) => e.code)).toEqual(['date'])
  })

  it('wrong check digit -> checksum with the expected value', () => {
    const r = checkCode('110105194912310021', { today: TODAY })
    expect(r.scheme).toBe('resident_id')
    expect(r.valid).toBe(false)
    expect(r.errors).toEqual([{ code: 'checksum', message: '校验码错误：第18位应为 X，实际为 1。请核对号码。' }])
    expect(r.details).toMatchObject({ birthDate: '1949-12-31', sex: 'female' })
  })

  it('every single-digit substitution is rejected', () => {
    const id = '11010519491231002X'
    for (let i = 0; i < 17; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === id[i]) continue
        const mutated = id.slice(0, i) + d + id.slice(i + 1)
        expect(validateResidentId(mutated, TODAY).valid, mutated).toBe(false)
      }
    }
  })

  it('non-digits -> charset (validator level)', () => {
    const r = validateResidentId('1101051949123100AY', TODAY)
    expect(r.errors.map((e) => e.code)).toEqual(['charset', 'charset'])
  })

  it('unknown address code -> valid with warning region; historic codes are known', () => {
    const unknown = checkCode(withCheck('99999919800101001'), { today: TODAY })
    expect(unknown.valid).toBe(true)
    expect(unknown.warnings.map((w) => w.code)).toEqual(['region'])
    const historic = checkCode(withCheck('12022519800101001'), { today: TODAY })
    expect(historic.valid).toBe(true)
    expect(historic.warnings).toEqual([])
    expect(historic.details).toMatchObject({ region: '120225', regionName: '天津市蓟县' })
  })

  it('uses the current date in Asia/Shanghai when today is not given', () => {
    const r = checkCode('11010519491231002X')
    expect(r.valid).toBe(true)
    const age = r.scheme === 'resident_id' ? r.details.age : null
    expect(age).toBeGreaterThanOrEqual(75)
  })

  it('rejects a malformed today option', () => {
    expect(() => checkCode('11010519491231002X', { today: '2025-02-30' })).toThrow(RangeError)
    expect(() => checkCode('11010519491231002X', { today: '20250101' })).toThrow(RangeError)
  })

  it.each([
    ['11010519491231002X', '1101**********002X'],
    ['110105 19491231 002x', '1101**********002X'],
    ['123456789', '1234*6789'],
    ['1234', '****'],
  ])('maskResidentId(%s) = %s', (id, masked) => {
    expect(maskResidentId(id)).toBe(masked)
  })
})

describe('codes shaped like a resident ID number (masked where a typed code is echoed)', () => {
  /** A person's number (和平区, 1981-03-04) whose check digit, mistyped, makes a valid all-digit USCC. */
  const typo = (() => {
    for (let seq = 0; seq < 1000; seq++) {
      const body = `12010119810304${String(seq).padStart(3, '0')}`
      const u = usccCheckChar(body) as string
      if (/^\d$/.test(u) && u !== residentIdCheckChar(body) && isValidUscc(body + u)) return body + u
    }
    throw new Error('no such number')
  })()

  it('a mistyped number that passes the USCC check is shaped like an ID number, and shown masked', () => {
    expect(checkCode(typo, { today: TODAY })).toMatchObject({ scheme: 'uscc', valid: true })
    expect(isResidentIdShaped(typo)).toBe(true)
    expect(shownCode(typo)).toBe(maskResidentId(typo))
    // however written
    expect(isResidentIdShaped(`${typo.slice(0, 6)} ${typo.slice(6, 14)} ${typo.slice(14)}`)).toBe(true)
  })

  it("a valid ID number is shaped like one; organisations' codes and other values are not", () => {
    expect(isResidentIdShaped(withCheck('11010519491231002'))).toBe(true)
    expect(isResidentIdShaped('91350200776049653A')).toBe(false)
    // an all-digit USCC of an institution (12: 机构编制, 事业单位): positions 7-14 are no birth date from 1900 on
    const institution = `1212010100000000${'1'}`
    expect(isResidentIdShaped(institution + usccCheckChar(institution))).toBe(false)
    expect(isResidentIdShaped(`99010119810304123${'4'}`)).toBe(false) // no province 99
    expect(isResidentIdShaped('120101198113041234')).toBe(false) // month 13
    expect(isResidentIdShaped('120101189912311234')).toBe(false) // before 1900
    expect(isResidentIdShaped('120101810304123')).toBe(false) // 15 digits: a registration number here
    expect(shownCode('91350200776049653A')).toBe('91350200776049653A')
  })
})
