import { describe, expect, it } from 'vitest'
import { parseAmount, parseAmountDetailed, yuanToFen } from '../../../src/modules/ingest/normalize/index.js'

describe('parseAmount', () => {
  it.each([
    // 万元 (national formats): exact shift by four places
    ['0.2', '万元', '2000'],
    ['0.5', '万元', '5000'],
    ['5', '万元', '50000'],
    ['05', '万元', '50000'],
    ['0', '万元', '0'],
    ['0.0000', '万元', '0'],
    ['1.23456', '万元', '12345.6'],
    ['0.000001', '万元', '0.01'],
    ['0.0000001', '万元', '0.001'],
    ['12,345.6789', '万元', '123456789'],
    ['.5', '万元', '5000'],
    ['3.', '万元', '30000'],
    ['0.2万元', '万元', '2000'],
    ['0.2万', '万元', '2000'],
    // a unit written in the cell wins
    ['2000元', '万元', '2000'],
    ['0.2万元', '元', '2000'],
    // 元
    ['1,234.50', '元', '1234.5'],
    ['1234.50', '元', '1234.5'],
    ['1234.00', '元', '1234'],
    ['1,234,567', '元', '1234567'],
    ['007', '元', '7'],
    ['0.10', '元', '0.1'],
    ['100.005', '元', '100.005'],
    ['¥1,000.00', '元', '1000'],
    ['￥1000', '元', '1000'],
    ['人民币 500 元', '元', '500'],
    ['500元整', '元', '500'],
    ['+12', '元', '12'],
    ['  12.5 ', '元', '12.5'],
    // full-width digits, comma and point
    ['１，２３４．５０', '元', '1234.5'],
    ['０．２', '万元', '2000'],
    // exponent, as Excel writes big numbers into CSV
    ['1.2E+07', '元', '12000000'],
    ['1.5e-2', '元', '0.015'],
    ['1E3', '万元', '10000000'],
    ['-0', '元', '0'],
    ['12345678901234567890123', '元', '12345678901234567890123'],
  ] as const)('%j (%s) -> %s 元', (input, unit, yuan) => {
    expect(parseAmount(input, unit)).toEqual({ yuan })
  })

  it.each(['-1', '-0.2', '−5', '－5', '(100)', '-1,000.00', '-5万元', '5-'])(
    'negative %j -> amount_negative or format',
    (input) => {
      const r = parseAmount(input, '元')
      expect(r).toHaveProperty('error')
      if (input !== '5-') expect(r).toHaveProperty('error.code', 'amount_negative')
    },
  )

  it.each(['', 'abc', '1.2.3', '1,23', '12,34.5', '0,2', '1 000,50', '五千', '1e', 'e5', '.', '1,0000', '12a'])(
    'malformed %j -> amount_format',
    (input) => {
      const r = parseAmount(input, '万元')
      expect(r).toHaveProperty('error.code', 'amount_format')
      expect((r as { error: { message: string } }).error.message).toContain('万元')
    },
  )

  it('never goes through floating point', () => {
    // 0.1 + 0.2 style values stay exact
    expect(parseAmount('0.3', '万元')).toEqual({ yuan: '3000' })
    expect(parseAmount('9007199254740993', '元')).toEqual({ yuan: '9007199254740993' })
    expect(parseAmount('0.00000003', '万元')).toEqual({ yuan: '0.0003' })
  })

  it('reports the unit applied and sub-fen precision', () => {
    expect(parseAmountDetailed('2000元', '万元')).toEqual({
      yuan: '2000',
      unitApplied: '元',
      unitFromText: true,
      subFen: false,
    })
    expect(parseAmountDetailed('0.0000001', '万元')).toMatchObject({ yuan: '0.001', subFen: true })
  })
})

describe('yuanToFen', () => {
  it.each([
    ['0', 0n],
    ['1', 100n],
    ['1234.5', 123450n],
    ['1234.56', 123456n],
    ['0.01', 1n],
    ['0.004', 0n],
    ['0.005', 1n],
    ['100.009', 10001n],
    ['12345678901234567890', 1234567890123456789000n],
    ['-1.5', -150n],
  ] as const)('%s 元 -> %s 分', (yuan, fen) => {
    expect(yuanToFen(yuan)).toBe(fen)
  })

  it('refuses text that is not a decimal', () => {
    expect(() => yuanToFen('1,000')).toThrow(RangeError)
    expect(() => yuanToFen('abc')).toThrow(RangeError)
  })
})
