import { describe, expect, it } from 'vitest'
import { parseCivilDate } from '../../../src/modules/ingest/normalize/index.js'

describe('parseCivilDate: accepted forms', () => {
  it.each([
    ['2019-09-01', '2019-09-01'],
    ['2019-9-1', '2019-09-01'],
    ['2019/9/1', '2019-09-01'],
    ['2019/09/01', '2019-09-01'],
    ['2019.09.01', '2019-09-01'],
    ['2019.9.1', '2019-09-01'],
    ['2019年9月1日', '2019-09-01'],
    ['2019年09月01日', '2019-09-01'],
    ['2019 年 9 月 1 日', '2019-09-01'],
    ['2019年9月1号', '2019-09-01'],
    ['2019年9月1', '2019-09-01'],
    ['20190901', '2019-09-01'],
    ['2019-09-01 00:00:00', '2019-09-01'],
    ['2019-09-01 23:59:59', '2019-09-01'],
    ['2019-09-01 8:30', '2019-09-01'],
    ['2019-09-01T00:00:00', '2019-09-01'],
    ['2019-09-01T00:00:00.000', '2019-09-01'],
    ['2019/9/1 0:00:00', '2019-09-01'],
    ['2019年9月1日 10:00', '2019-09-01'],
    // an explicit offset is converted to the civil date in Shanghai
    ['2019-08-31T16:00:00Z', '2019-09-01'],
    ['2019-08-31T15:59:59Z', '2019-08-31'],
    ['2019-09-01T00:00:00+08:00', '2019-09-01'],
    ['2019-09-01T01:00:00+0900', '2019-09-01'],
    // full-width digits and separators
    ['２０１９－０９－０１', '2019-09-01'],
    ['２０１９年９月１日', '2019-09-01'],
    ['２０１９／９／１', '2019-09-01'],
    ['  2019-09-01\t', '2019-09-01'],
    // Excel serial numbers, 1900 date system
    ['43709', '2019-09-01'],
    ['43709.5', '2019-09-01'],
    ['45658', '2025-01-01'],
    ['61000', '2067-01-03'],
    ['10000', '1927-05-18'],
    // leap years
    ['2020-02-29', '2020-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['9999-12-31', '9999-12-31'],
  ])('%j -> %s', (input, expected) => {
    expect(parseCivilDate(input)).toEqual({ value: expected })
  })
})

describe('parseCivilDate: Excel serials and the 1900 leap-year bug', () => {
  it('serial 61 is 1900-03-01 in Excel; five digits are required, so small serials are refused', () => {
    // Excel counts a 1900-02-29 that never existed (serial 60). Serials are accepted from 10000 (1927) on, so the
    // bug never shifts a date: every accepted serial lies after 1900-03-01, where 1899-12-30 + n is exact.
    expect(parseCivilDate('43709')).toEqual({ value: '2019-09-01' })
    expect(parseCivilDate('60')).toHaveProperty('error')
    expect(parseCivilDate('61')).toHaveProperty('error')
  })

  it('a bare year or a short number is not a serial', () => {
    for (const s of ['2019', '201909', '1', '100000', '43709.']) {
      expect(parseCivilDate(s), s).toHaveProperty('error.code', 'date_format')
    }
  })

  it('agrees with the 1900 system around month ends', () => {
    expect(parseCivilDate('43524')).toEqual({ value: '2019-02-28' })
    expect(parseCivilDate('43525')).toEqual({ value: '2019-03-01' })
    expect(parseCivilDate('43890')).toEqual({ value: '2020-02-29' })
  })
})

describe('parseCivilDate: refusals', () => {
  it.each([
    '2019-02-30',
    '2019-02-29',
    '1900-02-29',
    '2019-13-01',
    '2019-00-10',
    '2019-04-31',
    '2019年2月30日',
    '20190230',
    '2019/2/29',
  ])('impossible date %j', (input) => {
    const r = parseCivilDate(input)
    expect(r).toHaveProperty('error.code', 'date_format')
    const msg = (r as { error: { message: string } }).error.message
    expect(msg).toContain('不是有效日期')
    expect(msg).toContain('应为 YYYY-MM-DD 或 YYYY年M月D日')
  })

  it.each([
    '',
    'abc',
    '2019-09',
    '19-09-01',
    '2019-09-01-',
    '2019/09-01',
    '01/09/2019',
    '2019-09-01 25:00',
    '2019-09-01 10:61',
    '九月一日',
    '1899-12-31',
    '长期',
  ])('malformed %j', (input) => {
    const r = parseCivilDate(input)
    expect(r).toHaveProperty('error.code', 'date_format')
    expect((r as { error: { message: string } }).error.message).toContain('应为 YYYY-MM-DD 或 YYYY年M月D日')
  })

  it('names the impossible day in the message', () => {
    const r = parseCivilDate('2019-02-30') as { error: { message: string } }
    expect(r.error.message).toBe('日期不是有效日期：2019年2月没有30日（2019-02-30），应为 YYYY-MM-DD 或 YYYY年M月D日。')
  })
})
