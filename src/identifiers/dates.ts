// Civil dates (YYYY-MM-DD) used by the identifier checks.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

/** True when y-m-d is a date of the (proleptic) Gregorian calendar. */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false
  if (m < 1 || m > 12 || d < 1) return false
  const max = m === 2 && isLeapYear(y) ? 29 : (DAYS_IN_MONTH[m - 1] ?? 0)
  return d <= max
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** True when s is YYYY-MM-DD and a real date. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s)
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))
}

/** Today's civil date in Asia/Shanghai (UTC+8 all year; China has had no daylight saving time since 1991). */
export function shanghaiToday(now: number = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** Whole years from birth (YYYY-MM-DD) to on (YYYY-MM-DD); a 29 February birthday counts from 1 March. */
export function yearsBetween(birth: string, on: string): number {
  const by = Number(birth.slice(0, 4))
  const oy = Number(on.slice(0, 4))
  const bmd = birth.slice(5)
  const omd = on.slice(5)
  return oy - by - (omd < bmd ? 1 : 0)
}
