import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { systemActor } from '../../src/core/actor.js'
import { AppError } from '../../src/core/errors.js'
import { searchAuditEvents } from '../../src/modules/audit/index.js'
import {
  addWorkingDays,
  type CalendarYearData,
  calendarYears,
  calendarYearVersions,
  defaultCalendarFile,
  getCalendarYear,
  importCalendarFile,
  isWorkingDay,
  loadCalendar,
  loadDefaultCalendar,
  putCalendarYear,
} from '../../src/modules/calendar/index.js'
import { describeEachDialect, type TestContext, testContext } from '../support/context.js'

const operator = systemActor('op-li')
// A made-up notice for a year not yet published, for the tests only.
const y2027: CalendarYearData = {
  source: '测试用 2027 年节假日安排（非真实通知）',
  holidays: [
    { name: '元旦', dates: ['2027-01-01', '2027-01-02', '2027-01-03'] },
    {
      name: '春节',
      dates: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
    },
  ],
  workdays: ['2027-02-13'],
}

describeEachDialect('calendar storage', (dialect) => {
  let ctx: TestContext
  let dir: string
  beforeAll(async () => {
    ctx = await testContext(dialect)
    await loadDefaultCalendar(ctx)
    dir = mkdtempSync(join(tmpdir(), 'gongxin-calendar-'))
  })
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    await ctx.close()
  })

  it('migrate loads 2024-2026; loading again changes nothing', async () => {
    const years = await calendarYears(ctx.db)
    expect(years.map((y) => [y.year, y.version, y.source, y.isCurrent])).toEqual([
      [2024, 1, 'default', true],
      [2025, 1, 'default', true],
      [2026, 1, 'default', true],
    ])
    expect(years[2]?.data.workdays).toContain('2026-02-14')
    expect(await loadDefaultCalendar(ctx)).toEqual({ added: [], updated: [], kept: [], unchanged: 3 })
    const cal = await loadCalendar(ctx.db)
    expect(await loadCalendar(ctx.db)).toBe(cal)
    expect(isWorkingDay(cal, '2026-02-14')).toBe(true)
    expect(addWorkingDays(cal, '2026-09-29', 7)).toBe('2026-10-14')
  })

  it('an operator loads 2027: audited, versioned, the cached calendar follows', async () => {
    const before = await loadCalendar(ctx.db)
    expect(() => addWorkingDays(before, '2026-12-28', 7)).toThrow(/缺少 2027 年数据/)
    expect(await putCalendarYear(ctx, operator, 2027, y2027, '国务院办公厅通知已发布')).toEqual({
      year: 2027,
      version: 1,
      changed: true,
    })
    const after = await loadCalendar(ctx.db)
    expect(after).not.toBe(before)
    // 12-29 (1), 12-30 (2), 12-31 (3), 2027-01-01..03 元旦, 01-04 Mon (4) .. 01-07 Thu (7)
    expect(addWorkingDays(after, '2026-12-28', 7)).toBe('2027-01-07')
    expect(await putCalendarYear(ctx, operator, 2027, y2027)).toEqual({ year: 2027, version: 1, changed: false })
    const fixed = { ...y2027, workdays: ['2027-02-13', '2027-02-20'] }
    expect(await putCalendarYear(ctx, operator, 2027, fixed, '补充调休')).toEqual({
      year: 2027,
      version: 2,
      changed: true,
    })
    expect(isWorkingDay(await loadCalendar(ctx.db), '2027-02-20')).toBe(true)
    expect((await calendarYearVersions(ctx.db, 2027)).map((v) => [v.version, v.isCurrent, v.createdBy])).toEqual([
      [1, false, 'op-li'],
      [2, true, 'op-li'],
    ])
    expect((await getCalendarYear(ctx.db, 2027, 1)).data.workdays).toEqual(['2027-02-13'])
    const ev = (await searchAuditEvents(ctx.db, { action: 'calendar.year_loaded' }, 1, 50)).items
    expect(ev.map((e) => [e.targetId, e.details.version, e.details.reason])).toEqual([
      ['2027', 2, '补充调休'],
      ['2027', 1, '国务院办公厅通知已发布'],
    ])
  })

  it('refuses an unsound year and unknown versions', async () => {
    const err = await putCalendarYear(ctx, operator, 2028, {
      ...y2027,
      holidays: [{ name: '元旦', dates: ['2027-01-01'] }],
    }).catch((e: AppError) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('calendar.invalid')
    expect((err as AppError).message).toMatch(/不在 2028 年/)
    expect(((await getCalendarYear(ctx.db, 2030).catch((e) => e)) as AppError).code).toBe('calendar.not_found')
  })

  it('imports a file of several years in one go', async () => {
    const file = join(dir, 'notice.json')
    writeFileSync(
      file,
      JSON.stringify({
        years: { 2027: y2027, 2026: JSON.parse(readFileSync(defaultCalendarFile(), 'utf8')).years['2026'] },
      }),
    )
    const r = await importCalendarFile(ctx, operator, file)
    expect(r).toEqual([
      { year: 2026, version: 1, changed: false },
      { year: 2027, version: 3, changed: true },
    ])
  })

  it('a changed default never replaces an operator version', async () => {
    const doc = JSON.parse(readFileSync(defaultCalendarFile(), 'utf8')) as { years: Record<string, CalendarYearData> }
    await putCalendarYear(ctx, operator, 2025, {
      ...(doc.years['2025'] as CalendarYearData),
      source: `${doc.years['2025']?.source}（运维核对）`,
    })
    doc.years['2025'] = { ...(doc.years['2025'] as CalendarYearData), source: `${doc.years['2025']?.source}（修订）` }
    doc.years['2024'] = { ...(doc.years['2024'] as CalendarYearData), source: `${doc.years['2024']?.source}（修订）` }
    const file = join(dir, 'defaults.json')
    writeFileSync(file, JSON.stringify(doc))
    expect(await loadDefaultCalendar(ctx, { file })).toEqual({ added: [], updated: [2024], kept: [2025], unchanged: 1 })
    expect((await getCalendarYear(ctx.db, 2025)).data.source).toMatch(/运维核对/)
    expect((await getCalendarYear(ctx.db, 2024)).version).toBe(2)
    expect(await loadDefaultCalendar(ctx, { file })).toEqual({ added: [], updated: [], kept: [], unchanged: 3 })
  })
})
