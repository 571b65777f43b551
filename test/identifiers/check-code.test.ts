import { describe, expect, it } from 'vitest'
import {
  checkCode,
  createRng,
  describeScheme,
  generateResidentId,
  isValidUscc,
  residentIdCheckChar,
  usccCheckChar,
} from '../../src/identifiers/index.js'

const OPTS = { today: '2026-01-01' }

describe('checkCode: result shape', () => {
  it('has exactly the documented keys, in order', () => {
    for (const input of ['91350200776049653A', '11010519491231002X', 'D2143569-X', '120101000000012', 'x']) {
      expect(Object.keys(checkCode(input, OPTS))).toEqual([
        'input',
        'scheme',
        'valid',
        'normalized',
        'errors',
        'warnings',
        'details',
      ])
    }
  })

  it('uses only the documented error codes and Chinese messages', () => {
    const inputs = ['', '1', '91350200776049653B', '9135020077604965OA', '95350200776049653A', 'D2143569-1']
    inputs.push('110105194902300021', '12010100000001A', '91A20101776049653A')
    for (const input of inputs) {
      for (const e of checkCode(input, OPTS).errors) {
        expect(['length', 'charset', 'format', 'checksum', 'date', 'category']).toContain(e.code)
        expect(e.message).toMatch(/[\u4e00-\u9fff]/)
        expect(e.message).toMatch(/请核对|请核实/)
      }
    }
  })
})

describe('checkCode: scheme detection (on the normalised string)', () => {
  it('18: a valid resident ID wins, even when it is also a valid USCC', () => {
    // Find an ID number that also passes every USCC rule (deterministic search).
    const rng = createRng(7)
    let id = ''
    for (let i = 0; i < 10_000 && id === ''; i++) {
      const candidate = generateResidentId(rng, { region: '110105' })
      if (isValidUscc(candidate)) id = candidate
    }
    expect(id).not.toBe('')
    const r = checkCode(id, OPTS)
    expect(r.scheme).toBe('resident_id')
    expect(r.valid).toBe(true)
  })

  it('18: a valid USCC (all digits) -> uscc', () => {
    const r = checkCode('913502000728319549', OPTS)
    expect(r.scheme).toBe('uscc')
    expect(r.valid).toBe(true)
  })

  it('18: digits with a birth date, but a wrong check -> resident_id (invalid)', () => {
    const r = checkCode('110105194912310021', OPTS)
    expect(r.scheme).toBe('resident_id')
    expect(r.errors.map((e) => e.code)).toEqual(['checksum'])
  })

  it('18: digits with a future birth date -> resident_id (invalid, date)', () => {
    const first17 = '11010520991231002'
    const r = checkCode(first17 + residentIdCheckChar(first17), OPTS)
    expect(r.scheme).toBe('resident_id')
    expect(r.errors.map((e) => e.code)).toEqual(['date'])
  })

  it('18: digits without a birth date in positions 7-14 -> uscc (invalid)', () => {
    const r = checkCode('913502000728319540', OPTS)
    expect(r.scheme).toBe('uscc')
    expect(r.errors.map((e) => e.code)).toEqual(['checksum'])
  })

  it('18: letters -> uscc (invalid)', () => {
    const r = checkCode('91350200776049653B', OPTS)
    expect(r.scheme).toBe('uscc')
    expect(r.valid).toBe(false)
  })

  it('18: digits ending in X without a date -> uscc', () => {
    const first17 = '91120101123456788'
    expect(usccCheckChar(first17)).not.toBe('X')
    const r = checkCode(`${first17}X`, OPTS)
    expect(r.scheme).toBe('uscc')
    expect(r.errors.map((e) => e.code)).toEqual(['checksum'])
  })

  it.each([
    ['9 characters', 'D2143569X', 'org_code', true],
    ['9 characters with hyphen', 'D2143569-X', 'org_code', true],
    ['15 digits', '120101000000012', 'reg_no', true],
  ])('%s -> %s', (_label, input, scheme, valid) => {
    const r = checkCode(input, OPTS)
    expect(r.scheme).toBe(scheme)
    expect(r.valid).toBe(valid)
  })

  it.each([
    ['empty', '', ''],
    ['blank', ' \t ', ''],
    ['hyphens only', '---', ''],
    ['17 characters', '9135020077604965A', '9135020077604965A'],
    ['19 characters', '913502007760496530A', '913502007760496530A'],
    ['8 characters', 'D2143569', 'D2143569'],
    ['Chinese text', '天津市', '天津市'],
  ])('%s -> unknown with length', (_label, input, normalized) => {
    const r = checkCode(input, OPTS)
    expect(r).toMatchObject({ input, scheme: 'unknown', valid: false, normalized, warnings: [], details: {} })
    expect(r.errors.map((e) => e.code)).toEqual(['length'])
  })

  it('the empty-input message says the code is empty', () => {
    expect(checkCode('', OPTS).errors[0]?.message).toMatch(/^代码为空/)
    expect(checkCode('12345', OPTS).errors[0]?.message).toContain('5 位')
  })
})

describe('describeScheme', () => {
  it.each([
    ['uscc', '统一社会信用代码'],
    ['org_code', '组织机构代码'],
    ['resident_id', '居民身份证号码'],
    ['reg_no', '工商注册号'],
    ['unknown', '无法识别的代码'],
  ] as const)('%s -> %s', (scheme, label) => {
    expect(describeScheme(scheme)).toBe(label)
  })
})
