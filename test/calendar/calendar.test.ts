import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../src/core/errors.js'
import {
  addWorkingDays,
  buildCalendar,
  type CalendarYearData,
  checkYearData,
  dayInfo,
  isWorkingDay,
  parseCalendarDocument,
  weekday,
  workingDaysBetween,
} from '../../src/modules/calendar/index.js'

const doc = JSON.parse(
  readFileSync(new URL('../../data/calendar/cn-holidays.json', import.meta.url), 'utf8'),
) as unknown
const cal = buildCalendar(parseCalendarDocument(doc))

function thrown(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('no error')
}

describe('working-day calendar (pure)', () => {
  it('the data file is the shared one, with its sources, 2024-2026', () => {
    expect(doc).toMatchObject({
      years: { 2026: { source: expect.stringMatching(/国务院办公厅关于2026年部分节假日安排的通知/) } },
    })
    expect([...cal.years]).toEqual([2024, 2025, 2026])
    const years = parseCalendarDocument(doc)
    expect(years.get(2025)?.source).toMatch(/国办发明电〔2024〕12号/)
  })

  it.each([
    ['2026-02-14', true, 'adjusted_workday'], // Saturday, 调休上班
    ['2026-02-15', false, 'holiday'], // Sunday inside 春节
    ['2026-02-23', false, 'holiday'], // Monday, last day of 春节
    ['2026-02-24', true, 'workday'],
    ['2026-10-05', false, 'holiday'], // Monday inside 国庆节
    ['2026-10-08', true, 'workday'], // Thursday after 国庆节
    ['2026-10-10', true, 'adjusted_workday'], // Saturday, 调休上班
    ['2026-10-11', false, 'weekend'],
    ['2026-01-04', true, 'adjusted_workday'], // Sunday, 调休上班
    ['2025-10-08', false, 'holiday'], // 国庆节、中秋节 2025
    ['2024-02-18', true, 'adjusted_workday'],
    ['2026-03-02', true, 'workday'],
  ])('%s working=%s (%s)', (date, working, kind) => {
    expect(isWorkingDay(cal, date)).toBe(working)
    expect(dayInfo(cal, date).kind).toBe(kind)
  })

  it('names the festival of a holiday, and knows weekdays', () => {
    expect(dayInfo(cal, '2026-10-05')).toEqual({
      date: '2026-10-05',
      working: false,
      kind: 'holiday',
      holiday: '国庆节',
    })
    expect(weekday('2026-09-29')).toBe(2) // Tuesday
    expect(weekday('2026-10-08')).toBe(4) // Thursday
  })

  it('7 working days after a decision on 2026-09-29 is 2026-10-14', () => {
    // counted by hand: 09-30 Wed (1); 10-01..10-07 国庆节; 10-08 Thu (2); 10-09 Fri (3); 10-10 Sat 调休上班 (4);
    // 10-11 Sun rest; 10-12 Mon (5); 10-13 Tue (6); 10-14 Wed (7). The decision day itself is not counted.
    expect(addWorkingDays(cal, '2026-09-29', 7)).toBe('2026-10-14')
    expect(workingDaysBetween(cal, '2026-09-29', '2026-10-14')).toBe(7)
    expect(workingDaysBetween(cal, '2026-09-29', '2026-10-13')).toBe(6)
  })

  it.each([
    ['2026-02-13', 1, '2026-02-14'],
    ['2026-02-14', 1, '2026-02-24'],
    ['2025-12-31', 1, '2026-01-04'],
    ['2026-10-08', -1, '2026-09-30'],
    ['2026-10-12', -4, '2026-09-30'], // 10-10 Sat is a working day
    ['2026-05-06', 0, '2026-05-06'],
    ['2024-12-31', 10, '2025-01-15'],
  ])('addWorkingDays(%s, %i) = %s', (date, n, expected) => {
    expect(addWorkingDays(cal, date, n)).toBe(expected)
    expect(workingDaysBetween(cal, date, expected)).toBe(n)
  })

  it('a date outside the loaded years is an error, never a guess', () => {
    const e = thrown(() => isWorkingDay(cal, '2027-01-04'))
    expect(e.code).toBe('calendar.year_unknown')
    expect(e.message).toBe('工作日历缺少 2027 年数据，请先导入国务院办公厅公布的节假日安排。')
    expect(e.details.year).toBe(2027)
    expect(thrown(() => addWorkingDays(cal, '2026-12-28', 7)).details.year).toBe(2027)
    expect(thrown(() => addWorkingDays(cal, '2024-01-02', -2)).details.year).toBe(2023)
    expect(thrown(() => workingDaysBetween(cal, '2026-12-01', '2027-01-10')).code).toBe('calendar.year_unknown')
    expect(thrown(() => isWorkingDay(cal, '2026-02-30')).code).toBe('calendar.bad_date')
  })

  it('checks a year before it is loaded', () => {
    const ok: CalendarYearData = {
      source: '测试通知（2027）',
      holidays: [{ name: '元旦', dates: ['2027-01-01'] }],
      workdays: [],
    }
    expect(checkYearData(2027, ok)).toEqual([])
    // a notice may start in the last days of the year before (2019: 2018-12-29 was a working Saturday)
    expect(
      checkYearData(2019, {
        source: '国办发明电〔2018〕15号',
        holidays: [{ name: '元旦', dates: ['2018-12-30', '2018-12-31', '2019-01-01'] }],
        workdays: ['2018-12-29'],
      }),
    ).toEqual([])
    expect(checkYearData(2027, { ...ok, workdays: ['2027-01-05'] })).toEqual(['调休上班日「2027-01-05」不是周六或周日'])
    expect(checkYearData(2027, { ...ok, holidays: [{ name: '元旦', dates: ['2028-01-01'] }] })).toEqual([
      '元旦的日期「2028-01-01」不在 2027 年（或上一年 12 月）内',
    ])
    expect(checkYearData(2027, { ...ok, workdays: ['2027-01-01'] })).toEqual([
      '日期「2027-01-01」重复出现',
      '调休上班日「2027-01-01」不是周六或周日',
    ])
    expect(checkYearData(2027, { ...ok, source: '' })).toEqual(['须注明来源（source：通知名称、文号、发布日期）'])
    expect(checkYearData(2027, { ...ok, holidays: [{ name: '春节', dates: ['2027-02-30'] }] })).toEqual([
      '春节的日期「2027-02-30」不是有效日期（YYYY-MM-DD）',
    ])
    expect(() => parseCalendarDocument({ nothing: true })).toThrow(/缺少 years/)
    expect([...parseCalendarDocument({ year: 2027, ...ok }).keys()]).toEqual([2027])
  })
})
