import { describe, expect, it } from 'vitest'
import {
  checkCode,
  findResidentIds,
  maskIdFieldValue,
  maskResidentIdsInText,
  mod1110CheckDigit,
  residentIdCheckChar,
} from '../../src/identifiers/index.js'

const TODAY = '2026-06-01'
/** The number of the review: 天津市红桥区, born 1986-09-20. */
const ID = '120106198609206365'
const MASKED = '1201**********6365'

function withCheck(first17: string): string {
  return first17 + residentIdCheckChar(first17)
}

const ID_X = (() => {
  // a number whose check character is X
  for (let seq = 100; seq < 999; seq++) {
    const body = `11010519491231${seq}`
    if (residentIdCheckChar(body) === 'X') return `${body}X`
  }
  throw new Error('no X')
})()

const wide = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))
const ids = (text: string) => findResidentIds(text, { today: TODAY }).map((m) => m.id)

describe('resident ID numbers in text', () => {
  it('the review number is valid', () => {
    expect(checkCode(ID, { today: TODAY })).toMatchObject({ scheme: 'resident_id', valid: true })
  })

  it.each([
    ['当事人身份证号 120106198609206365', [ID]],
    ['当事人身份证号120106198609206365，住天津市', [ID]],
    ['身份证号：120106198609206365。', [ID]],
    [ID, [ID]],
    [`(${ID})`, [ID]],
    [`ID${ID}`, [ID]],
    [`${ID}号`, [ID]],
    [wide(ID), [ID]],
    [`全角${wide('120106')}-${wide('19860920')}-${wide('6365')}`, [ID]],
    ['1201 0619 8609 2063 65', [ID]],
    ['120106 19860920 6365', [ID]],
    ['120106-19860920-6365', [ID]],
    ['120106－19860920－6365', [ID]],
    ['120106\u300019860920\u30006365', [ID]],
    ['120106 - 19860920 - 6365', [ID]],
    [`两人：${ID}、${ID}`, [ID, ID]],
    [`罚款 5000 ${ID}`, [ID]],
    [`2024-01-02 ${ID}`, [ID]],
    [`2024-01-02-${ID}`, [ID]],
    [`第6 ${ID}`, [ID]],
    [`${ID_X}`, [ID_X]],
    [`${ID_X.slice(0, 17)}x`, [ID_X]],
    [`${ID_X.slice(0, 17)}ｘ`, [ID_X]],
    [`${ID_X.slice(0, 17)}X后续`, [ID_X]],
    [`津市监罚〔2024〕${ID}号`, [ID]],
    // first-generation 15-digit form: region 120106, born 1986-09-20, sequence 636
    ['当事人身份证号120106860920636', ['120106860920636']],
    ['120106 860920 636', ['120106860920636']],
    // an abolished district (塘沽区, 2009) is still a known region
    ['120107650101123', ['120107650101123']],
  ])('finds %s', (text, expected) => {
    expect(ids(text)).toEqual(expected)
  })

  it.each([
    // a longer digit run: a 20-digit bank account, a 19-digit number, an ID number with digits glued on
    ['账号 62120106198609206365'],
    [`${ID}1`],
    [`9${ID}`],
    ['6222 0212 0106 1986 0920 6365'],
    // a USCC (letters) and an all-digit code whose check digit does not fit
    ['91120116MA05J8XX0X'],
    ['911201167226082532'],
    // wrong check digit, impossible date, future birth, unknown province
    ['120106198609206366'],
    ['120106198602306365'.slice(0, 17) + residentIdCheckChar('12010619860230636')],
    [withCheck('12010620300101001')],
    [withCheck('99010619860920636')],
    // 10: the national level of USCCs, not a province
    [withCheck('10010619860920636')],
    [withCheck('12010618890101001')],
    // amounts and dates
    ['罚款人民币120,106,198,609.00元'],
    ['金额 1201061986092063.65'],
    ['2024-05-28 12:00:00'],
    // 15 digits: impossible date, unknown province, unknown region and prefecture
    ['120106861320636'],
    ['990106860920636'],
    ['129906860920636'],
    ['100000860920636'],
    // too many separators between the groups: two numbers
    ['120106    19860920    6365'],
    // line breaks and other punctuation split numbers
    ['120106\n198609206365'],
    ['120106/19860920/6365'],
    [''],
    ['无'],
  ])('does not find anything in %s', (text) => {
    expect(ids(text)).toEqual([])
  })

  it('a 工商注册号 after 注册号 is not a first-generation ID number; the same digits alone are', () => {
    const body = '12010686092063'
    const regNo = body + mod1110CheckDigit(body)
    expect(ids(`营业执照注册号：${regNo}`)).toEqual([])
    expect(ids(`纳税人识别号${regNo}`)).toEqual([])
    expect(ids(`身份证号${regNo}`)).toEqual([regNo])
  })

  it('birth dates are judged against today', () => {
    const id = withCheck('12010620260601001')
    expect(findResidentIds(id, { today: '2026-06-01' }).map((m) => m.id)).toEqual([id])
    expect(findResidentIds(id, { today: '2026-05-31' })).toEqual([])
  })

  it('gives offsets that cover the number as written', () => {
    const text = `甲 1201 0619-8609 2063 65 乙`
    const [m] = findResidentIds(text, { today: TODAY })
    expect(m).toEqual({ start: 2, end: text.length - 2, id: ID })
  })

  it('masks every number in place and reports the numbers', () => {
    expect(maskResidentIdsInText(`当事人身份证号 ${ID}，同住人 ${wide(ID_X)}。`, { today: TODAY })).toEqual({
      text: `当事人身份证号 ${MASKED}，同住人 ${ID_X.slice(0, 4)}**********${ID_X.slice(-4)}。`,
      ids: [ID, ID_X],
    })
    expect(maskResidentIdsInText('120106 860920 636', { today: TODAY }).text).toBe('1201*******0636')
    const plain = '经查，当事人销售不合格产品。'
    expect(maskResidentIdsInText(plain, { today: TODAY }).text).toBe(plain)
  })

  it('ID-number field values are masked whether they are valid or not', () => {
    expect(maskIdFieldValue(ID)).toBe(MASKED)
    expect(maskIdFieldValue('12010619860920636')).toBe('1201*********0636')
    expect(maskIdFieldValue(' 1201-0619-8609-2063-6x ')).toBe('1201**********636X')
    expect(maskIdFieldValue('12010619860920')).toBe('**************')
    expect(maskIdFieldValue('E1234567')).toBe('********')
  })
})
