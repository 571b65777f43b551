// The calendar form's plain-text format for holidays and adjusted working days (no React).
//
//   春节：2027-02-06 至 2027-02-13
//   清明节：2027-04-05
//   劳动节：2027-05-01 至 2027-05-05
//
// One festival a line: a name, a colon, then dates separated by 、 , ， ; or spaces; "A 至 B" (or A~B) is a range.

export interface Holiday {
  name: string
  dates: string[]
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/

function isRealDate(s: string): boolean {
  if (!datePattern.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

function addDay(s: string): string {
  return new Date(Date.parse(`${s}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
}

/** Dates from one list: "2027-02-06 至 2027-02-08、2027-02-10". Problems name the bad piece. */
export function parseDates(text: string, where: string): { dates: string[]; problems: string[] } {
  const dates: string[] = []
  const problems: string[] = []
  const normalized = text.replace(/\s*(至|~|～|--)\s*/g, '至')
  for (const piece of normalized.split(/[、,，;；\s]+/).filter(Boolean)) {
    const range = piece.split('至')
    if (range.length === 2) {
      const [a = '', b = ''] = range
      if (!isRealDate(a) || !isRealDate(b)) {
        problems.push(`${where}「${piece}」不是有效的日期范围，应为 YYYY-MM-DD 至 YYYY-MM-DD`)
        continue
      }
      if (a > b) {
        problems.push(`${where}「${piece}」起始日期晚于结束日期`)
        continue
      }
      for (let d = a; d <= b; d = addDay(d)) dates.push(d)
      continue
    }
    if (!isRealDate(piece)) {
      problems.push(`${where}「${piece}」不是有效日期，应为 YYYY-MM-DD`)
      continue
    }
    dates.push(piece)
  }
  return { dates: [...new Set(dates)].sort(), problems }
}

export function parseHolidays(text: string): { holidays: Holiday[]; problems: string[] } {
  const holidays: Holiday[] = []
  const problems: string[] = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (!line) return
    const match = /^([^:：]+)[:：](.*)$/.exec(line)
    if (!match) {
      problems.push(`第 ${index + 1} 行应为「节日名称：日期」`)
      return
    }
    const name = (match[1] ?? '').trim()
    const parsed = parseDates(match[2] ?? '', `第 ${index + 1} 行`)
    problems.push(...parsed.problems)
    if (!parsed.dates.length && !parsed.problems.length) problems.push(`第 ${index + 1} 行「${name}」没有日期`)
    if (parsed.dates.length) holidays.push({ name, dates: parsed.dates })
  })
  return { holidays, problems }
}

/** Consecutive dates folded into ranges: ["2027-02-06","2027-02-07","2027-02-09"] -> "2027-02-06 至 2027-02-07、2027-02-09". */
export function formatDates(dates: readonly string[]): string {
  const sorted = [...dates].sort()
  const parts: string[] = []
  let start: string | undefined
  let prev: string | undefined
  const flush = () => {
    if (start === undefined || prev === undefined) return
    parts.push(start === prev ? start : `${start} 至 ${prev}`)
  }
  for (const d of sorted) {
    if (prev !== undefined && addDay(prev) === d) {
      prev = d
      continue
    }
    flush()
    start = d
    prev = d
  }
  flush()
  return parts.join('、')
}

export function formatHolidays(holidays: readonly Holiday[]): string {
  return holidays.map((h) => `${h.name}：${formatDates(h.dates)}`).join('\n')
}

const weekdays = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

/** 周六 for 2026-02-14 (civil dates have no zone: computed in UTC). */
export function weekdayOf(date: string): string {
  return weekdays[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? ''
}
