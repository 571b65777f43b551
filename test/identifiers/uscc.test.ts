import { describe, expect, it } from 'vitest'
import { checkCode, orgCodeCheckChar, USCC_ALPHABET, usccCheckChar, validateUscc } from '../../src/identifiers/index.js'

const TODAY = { today: '2026-01-01' }

/** Append the right USCC check character to 17 characters. */
function withCheck(first17: string): string {
  const c = usccCheckChar(first17)
  if (c === undefined) throw new Error(`not 17 USCC symbols: ${first17}`)
  return first17 + c
}

const errorCodes = (code: string) => checkCode(code, TODAY).errors.map((e) => e.code)
const warningCodes = (code: string) => checkCode(code, TODAY).warnings.map((w) => w.code)

describe('USCC: published examples', () => {
  const examples: Array<[string, string, string, string, string]> = [
    // code, dept, category, region, orgCode
    ['91230500MA1B3N1N2M', '9', '1', '230500', 'MA1B3N1N2'],
    ['11420000MB15291767', '1', '1', '420000', 'MB1529176'],
    ['91330000755918469E', '9', '1', '330000', '755918469'],
    ['91350200776049653A', '9', '1', '350200', '776049653'],
    ['913502000728319549', '9', '1', '350200', '072831954'],
    ['9135021359498494XQ', '9', '1', '350213', '59498494X'],
    ['91110000600037341L', '9', '1', '110000', '600037341'],
  ]
  it.each(examples)('%s is a valid USCC', (code, dept, category, region, orgCode) => {
    const r = checkCode(code, TODAY)
    expect(r.scheme).toBe('uscc')
    expect(r.valid).toBe(true)
    expect(r.errors).toEqual([])
    expect(r.warnings).toEqual([])
    expect(r.normalized).toBe(code)
    expect(r.details).toMatchObject({ registrationDept: dept, category, region, orgCode })
  })

  it('fills department, category and region names', () => {
    expect(checkCode('91350200776049653A', TODAY).details).toEqual({
      registrationDept: '9',
      registrationDeptName: '工商（市场监管）',
      category: '1',
      categoryName: '企业',
      region: '350200',
      regionName: '福建省厦门市',
      orgCode: '776049653',
    })
    expect(checkCode('11420000MB15291767', TODAY).details).toMatchObject({
      registrationDeptName: '机构编制',
      categoryName: '机关',
      regionName: '湖北省',
    })
  })

  it.each(examples.map((e) => e[0]))('every single-character substitution of %s is rejected (checksum)', (code) => {
    let mutations = 0
    for (let i = 0; i < 18; i++) {
      for (const ch of USCC_ALPHABET) {
        if (ch === code[i]) continue
        const mutated = code.slice(0, i) + ch + code.slice(i + 1)
        const r = validateUscc(mutated)
        expect(r.valid, mutated).toBe(false)
        expect(
          r.errors.map((e) => e.code),
          mutated,
        ).toContain('checksum')
        mutations++
      }
    }
    expect(mutations).toBe(18 * 30)
  })
})

describe('USCC: errors', () => {
  it.each(['I', 'O', 'Z', 'S', 'V'])('forbidden letter %s -> charset (and no checksum guess)', (letter) => {
    const code = `91350200776049653${letter}`
    const r = checkCode(code, TODAY)
    expect(r.scheme).toBe('uscc')
    expect(r.valid).toBe(false)
    expect(r.errors.map((e) => e.code)).toEqual(['charset'])
    expect(r.errors[0]?.message).toContain(`第18位“${letter}”`)
  })

  it('forbidden letter in the middle -> charset', () => {
    expect(errorCodes('913502007760O9653A')).toEqual(['charset'])
  })

  it('reports a wrong check character with the expected value', () => {
    const r = checkCode('91350200776049653B', TODAY)
    expect(r.valid).toBe(false)
    expect(r.errors).toEqual([{ code: 'checksum', message: '校验码错误：第18位应为 A，实际为 B。请核对代码。' }])
  })

  it.each([
    ['95', '工商（市场监管）'],
    ['94', '工商（市场监管）'],
    ['B1', null],
    ['Y2', '其他'],
    ['A3', '军队'],
  ])('invalid department/category pair %s -> category', (pair, deptName) => {
    const code = withCheck(`${pair}350200776049653`)
    const r = checkCode(code, TODAY)
    expect(r.scheme).toBe('uscc')
    expect(r.valid).toBe(false)
    expect(r.errors.map((e) => e.code)).toEqual(['category'])
    expect(r.details).toMatchObject({ registrationDeptName: deptName })
  })

  it('accepts every pair of the position 1/2 table', () => {
    const pairs = ['11', '12', '13', '19', '21', '29', '31', '32', '33', '34', '35', '39', '41', '49', '51', '52', '53']
    pairs.push('59', '61', '62', '69', '71', '72', '79', '81', '89', '91', '92', '93', 'A1', 'A9', 'N1', 'N2', 'N3')
    pairs.push('N9', 'Y1')
    for (const pair of pairs) {
      const code = withCheck(`${pair}120101MA05P3T1X`)
      expect(validateUscc(code).errors, pair).toEqual([])
    }
  })

  it('positions 3-8 must be digits -> format', () => {
    const code = withCheck('91A20101776049653')
    const r = checkCode(code, TODAY)
    expect(r.scheme).toBe('uscc')
    expect(r.errors.map((e) => e.code)).toEqual(['format'])
    expect(r.details.regionName).toBeNull()
  })
})

describe('USCC: warnings', () => {
  it('unknown region -> valid with warning region', () => {
    const code = withCheck('91999999776049653')
    const r = checkCode(code, TODAY)
    expect(r.valid).toBe(true)
    expect(r.warnings.map((w) => w.code)).toEqual(['region'])
    expect(r.warnings[0]?.message).toContain('999999')
    expect(r.details.regionName).toBeNull()
  })

  it('100000 (national level) is accepted without warning', () => {
    const code = withCheck('11100000MB0000000')
    expect(code).toBe('11100000MB0000000P')
    const r = checkCode(code, TODAY)
    expect(r.valid).toBe(true)
    expect(r.warnings).toEqual([])
    expect(r.details.region).toBe('100000')
    expect(r.details.regionName).toBe('国家级')
  })

  it('historic region (塘沽区 120107) is accepted without warning', () => {
    const code = withCheck('91120107776049653')
    expect(warningCodes(code)).toEqual([])
    expect(checkCode(code, TODAY).details.regionName).toBe('天津市塘沽区')
  })

  it('embedded organisation code failing its check, own check right -> valid + warning org_code_checksum', () => {
    expect(orgCodeCheckChar('12345678')).toBe('8')
    const code = withCheck('91120101123456780') // embedded org code 12345678-0 (should be 12345678-8)
    expect(code).toBe('91120101123456780L')
    const r = checkCode(code, TODAY)
    expect(r.scheme).toBe('uscc')
    expect(r.valid).toBe(true)
    expect(r.errors).toEqual([])
    expect(r.warnings.map((w) => w.code)).toEqual(['org_code_checksum'])
    expect(r.warnings[0]?.message).toContain('应为 8，实际为 0')
  })

  it('embedded organisation code failure is still reported when the own check is wrong too', () => {
    const r = checkCode('91120101123456780A', TODAY)
    expect(r.valid).toBe(false)
    expect(r.errors.map((e) => e.code)).toEqual(['checksum'])
    expect(r.warnings.map((w) => w.code)).toEqual(['org_code_checksum'])
  })
})
