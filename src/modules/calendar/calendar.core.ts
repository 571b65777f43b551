// Pure working-day arithmetic over a loaded calendar. A date of a year without a loaded notice is an error
// (calendar.year_unknown), never a guess.
import { isIsoDate } from '../../identifiers/index.js'
import { calendarError } from './calendar.errors.js'
import type { CalendarYearData, DayInfo, WorkingCalendar } from './calendar.types.js'

const DAY = 86_400_000

function toEpochDay(date: string): number {
  if (typeof date !== 'string' || !isIsoDate(date)) throw calendarError('calendar.bad_date', { date })
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY
}

function fromEpochDay(n: number): string {
  return new Date(n * DAY).toISOString().slice(0, 10)
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(toEpochDay(date) * DAY).getUTCDay()
}

function isWeekend(date: string): boolean {
  const w = weekday(date)
  return w === 0 || w === 6
}

/** Merges years (later years win on a date both mention) into the in-memory calendar. */
export function buildCalendar(years: Iterable<readonly [number, CalendarYearData]>): WorkingCalendar {
  const sorted = [...years].sort((a, b) => a[0] - b[0])
  const holidays = new Map<string, string>()
  const workdays = new Set<string>()
  for (const [, data] of sorted) {
    for (const h of data.holidays)
      for (const d of h.dates) {
        holidays.set(d, h.name)
        workdays.delete(d)
      }
    for (const d of data.workdays) {
      workdays.add(d)
      holidays.delete(d)
    }
  }
  return { years: new Set(sorted.map(([y]) => y)), holidays, workdays }
}

/** What kind of day `date` is. Throws calendar.year_unknown for a year without a loaded notice. */
export function dayInfo(cal: WorkingCalendar, date: string): DayInfo {
  toEpochDay(date)
  const year = Number(date.slice(0, 4))
  if (!cal.years.has(year)) throw calendarError('calendar.year_unknown', { year, date })
  const holiday = cal.holidays.get(date)
  if (holiday !== undefined) return { date, working: false, kind: 'holiday', holiday }
  if (cal.workdays.has(date)) return { date, working: true, kind: 'adjusted_workday' }
  if (isWeekend(date)) return { date, working: false, kind: 'weekend' }
  return { date, working: true, kind: 'workday' }
}

export function isWorkingDay(cal: WorkingCalendar, date: string): boolean {
  return dayInfo(cal, date).working
}

/**
 * The Nth working day after `date` (the date itself is not counted): the 7-working-day deadline of a decision made
 * on 2026-09-29 is addWorkingDays(cal, '2026-09-29', 7) = 2026-10-14. n = 0 returns the date; a negative n counts
 * backwards (the Nth working day before).
 */
export function addWorkingDays(cal: WorkingCalendar, date: string, n: number): string {
  if (!Number.isInteger(n)) throw new Error(`addWorkingDays: n must be an integer, got ${n}`)
  let day = toEpochDay(date)
  const step = n < 0 ? -1 : 1
  let left = Math.abs(n)
  while (left > 0) {
    day += step
    if (isWorkingDay(cal, fromEpochDay(day))) left -= 1
  }
  return fromEpochDay(day)
}

/**
 * Working days after `from` up to and including `to` (so workingDaysBetween(d, addWorkingDays(d, n)) = n); negative
 * when `to` is before `from`, 0 when equal.
 */
export function workingDaysBetween(cal: WorkingCalendar, from: string, to: string): number {
  const a = toEpochDay(from)
  const b = toEpochDay(to)
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1]
  let count = 0
  for (let d = lo + 1; d <= hi; d++) if (isWorkingDay(cal, fromEpochDay(d))) count += 1
  return sign * count
}

/**
 * Checks one year's notice: real dates within the year (a notice may also start in December of the year before),
 * no date both a holiday and a working day, adjusted working days on weekends only, at least one holiday.
 */
export function checkYearData(year: number, data: unknown): string[] {
  const problems: string[] = []
  if (!Number.isInteger(year) || year < 1990 || year > 2200) return [`年份「${String(year)}」无效`]
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return ['应为包含 source、holidays、workdays 的 JSON 对象']
  const d = data as Partial<CalendarYearData> & Record<string, unknown>
  for (const k of Object.keys(d))
    if (!['source', 'holidays', 'workdays'].includes(k)) problems.push(`不支持的属性「${k}」`)
  if (typeof d.source !== 'string' || d.source.trim().length < 4)
    problems.push('须注明来源（source：通知名称、文号、发布日期）')
  if (!Array.isArray(d.holidays) || d.holidays.length === 0) problems.push('须列出节假日（holidays）')
  if (!Array.isArray(d.workdays)) problems.push('须列出调休上班日（workdays，可为空数组）')
  if (problems.length) return problems
  const inRange = (date: string) => date.startsWith(`${year}-`) || date.startsWith(`${year - 1}-12-`)
  const seen = new Set<string>()
  const checkDate = (date: unknown, what: string): string | undefined => {
    if (typeof date !== 'string' || !isIsoDate(date)) {
      problems.push(`${what}「${String(date)}」不是有效日期（YYYY-MM-DD）`)
      return undefined
    }
    if (!inRange(date)) problems.push(`${what}「${date}」不在 ${year} 年（或上一年 12 月）内`)
    if (seen.has(date)) problems.push(`日期「${date}」重复出现`)
    seen.add(date)
    return date
  }
  for (const h of d.holidays as unknown[]) {
    const hh = h as { name?: unknown; dates?: unknown }
    if (
      typeof hh !== 'object' ||
      hh === null ||
      typeof hh.name !== 'string' ||
      hh.name.trim() === '' ||
      !Array.isArray(hh.dates) ||
      hh.dates.length === 0
    ) {
      problems.push('每个节假日须有名称（name）和日期列表（dates）')
      continue
    }
    for (const x of Object.keys(hh))
      if (x !== 'name' && x !== 'dates') problems.push(`节假日「${hh.name}」含不支持的属性「${x}」`)
    for (const date of hh.dates) checkDate(date, `${hh.name}的日期`)
  }
  for (const date of d.workdays as unknown[]) {
    const ok = checkDate(date, '调休上班日')
    if (ok && !isWeekend(ok)) problems.push(`调休上班日「${ok}」不是周六或周日`)
  }
  return problems
}

/**
 * Reads a calendar file: `{ "years": { "2027": { source, holidays, workdays } } }` (the format of
 * data/calendar/cn-holidays.json) or a single year `{ "year": 2027, source, holidays, workdays }`.
 */
export function parseCalendarDocument(doc: unknown): Map<number, CalendarYearData> {
  const out = new Map<number, CalendarYearData>()
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw calendarError('calendar.invalid', { problems: ['文件内容应为 JSON 对象'] })
  const o = doc as Record<string, unknown>
  if (o.years && typeof o.years === 'object' && !Array.isArray(o.years)) {
    for (const [k, v] of Object.entries(o.years as Record<string, unknown>)) {
      const year = Number(k)
      const problems = /^\d{4}$/.test(k) ? checkYearData(year, v) : [`年份「${k}」无效`]
      if (problems.length) throw calendarError('calendar.invalid', { year: k, problems })
      out.set(year, v as CalendarYearData)
    }
  } else if (o.year !== undefined) {
    const { year, ...rest } = o
    const y = Number(year)
    const problems = checkYearData(y, rest)
    if (problems.length) throw calendarError('calendar.invalid', { year: String(year), problems })
    out.set(y, rest as unknown as CalendarYearData)
  } else throw calendarError('calendar.invalid', { problems: ['缺少 years（按年份的对象）或 year 属性'] })
  if (out.size === 0) throw calendarError('calendar.invalid', { problems: ['文件中没有任何年份'] })
  return out
}
