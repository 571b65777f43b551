// Civil dates as they arrive in real files -> 'YYYY-MM-DD'.
import { isRealDate } from '../../../identifiers/index.js'
import { nfkc } from './text.js'

export type CivilDateResult = { value: string } | { error: { code: 'date_format'; message: string } }

/** The forms named in every date error message. */
export const DATE_FORMS_HINT = '应为 YYYY-MM-DD 或 YYYY年M月D日'
const ALSO_ACCEPTED = '（也接受 2019/9/1、2019.09.01、20190901、2019-09-01 00:00:00 和 Excel 日期序列号）'

/** Why a text is not a date; used to build messages that name the field. */
export type DateProblem =
  | { kind: 'format' }
  | { kind: 'impossible'; y: number; m: number; d: number }
  | { kind: 'range'; y: number }
  | { kind: 'time' }

const MIN_YEAR = 1900
const MAX_YEAR = 9999

// 2019-09-01, 2019/9/1, 2019.09.01 with an optional time and offset: 2019-09-01 00:00:00, 2019-09-01T00:00:00Z
const SEPARATED =
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:[ T]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/
// 2019年9月1日 (日 or 号 optional) with an optional time 10:00[:00]
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?(?:\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/
// Excel serial numbers (1900 date system) with five integer digits: 10000 = 1927-05-18 ... 99999 = 2173-10-14.
// Four digits are refused: "2019" is far more likely a year than 1905-07-11.
const SERIAL = /^(\d{5})(?:\.\d+)?$/

const DAY_MS = 86_400_000
// 1899-12-30: day 0 of the 1900 system once serial 60 (the 1900-02-29 that never existed) is skipped.
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

function iso(y: number, m: number, d: number): string {
  return `${y}-${pad2(m)}-${pad2(d)}`
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

const ISO_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9] as const

/** Fast path for the canonical form: exactly YYYY-MM-DD. Returns null when s has another shape. */
function fastIso(s: string): string | DateProblem | null {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null
  for (const i of ISO_DIGITS) if (!isDigit(s.charCodeAt(i))) return null
  const y =
    (s.charCodeAt(0) - 48) * 1000 + (s.charCodeAt(1) - 48) * 100 + (s.charCodeAt(2) - 48) * 10 + s.charCodeAt(3) - 48
  const m = (s.charCodeAt(5) - 48) * 10 + s.charCodeAt(6) - 48
  const d = (s.charCodeAt(8) - 48) * 10 + s.charCodeAt(9) - 48
  return check(y, m, d) ?? s
}

function check(y: number, m: number, d: number): DateProblem | null {
  if (y < MIN_YEAR || y > MAX_YEAR) return { kind: 'range', y }
  if (!isRealDate(y, m, d)) return { kind: 'impossible', y, m, d }
  return null
}

function validTime(h: string | undefined, mi: string | undefined, se: string | undefined): boolean {
  if (h === undefined) return true
  return Number(h) <= 23 && Number(mi) <= 59 && (se === undefined || Number(se) <= 59)
}

/**
 * Parses a civil date; returns the ISO string or the problem. An explicit UTC offset (2019-08-31T16:00:00Z) is
 * converted to the civil date in Asia/Shanghai (UTC+8); a time without offset is taken as Shanghai time and dropped.
 */
export function parseCivilDateDetailed(raw: string): string | DateProblem {
  let s = raw.trim()
  const fast = fastIso(s)
  if (fast !== null) return fast
  s = nfkc(s).trim()
  const again = fastIso(s)
  if (again !== null) return again

  let m = SEPARATED.exec(s)
  if (m) {
    const y = Number(m[1])
    const mo = Number(m[3])
    const d = Number(m[4])
    const p = check(y, mo, d)
    if (p) return p
    if (!validTime(m[5], m[6], m[7])) return { kind: 'time' }
    const offset = m[8]
    if (offset === undefined) return iso(y, mo, d)
    let offMin = 0
    if (offset !== 'Z') {
      const sign = offset.startsWith('-') ? -1 : 1
      const digits = offset.slice(1).replace(':', '')
      offMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)))
    }
    const utcMs = Date.UTC(y, mo - 1, d, Number(m[5]), Number(m[6]), Number(m[7] ?? 0)) - offMin * 60_000
    return new Date(utcMs + 8 * 3_600_000).toISOString().slice(0, 10)
  }
  m = CHINESE.exec(s)
  if (m) {
    const y = Number(m[1])
    const mo = Number(m[2])
    const d = Number(m[3])
    const p = check(y, mo, d)
    if (p) return p
    if (!validTime(m[4], m[5], m[6])) return { kind: 'time' }
    return iso(y, mo, d)
  }
  m = COMPACT.exec(s)
  if (m) {
    const y = Number(m[1])
    const mo = Number(m[2])
    const d = Number(m[3])
    return check(y, mo, d) ?? iso(y, mo, d)
  }
  m = SERIAL.exec(s)
  if (m) {
    const serial = Number(m[1])
    return new Date(EXCEL_EPOCH_MS + serial * DAY_MS).toISOString().slice(0, 10)
  }
  return { kind: 'format' }
}

/** The problem as a sentence about `subject` (「处罚决定日期」 or 日期「...」). */
export function describeDateProblem(subject: string, raw: string, p: DateProblem): string {
  switch (p.kind) {
    case 'impossible':
      if (p.m < 1 || p.m > 12) return `${subject}不是有效日期：没有 ${p.m} 月（${raw.trim()}），${DATE_FORMS_HINT}。`
      return `${subject}不是有效日期：${p.y}年${p.m}月没有${p.d}日（${raw.trim()}），${DATE_FORMS_HINT}。`
    case 'range':
      return `${subject}的年份 ${p.y} 超出范围（${MIN_YEAR}-${MAX_YEAR}），${DATE_FORMS_HINT}。`
    case 'time':
      return `${subject}中的时间部分不正确（${raw.trim()}），${DATE_FORMS_HINT}。`
    default:
      return `${subject}格式不正确，${DATE_FORMS_HINT}${ALSO_ACCEPTED}。`
  }
}

/**
 * Accepts 2019-09-01, 2019/9/1, 2019.09.01, 2019年9月1日, 20190901, '2019-09-01 00:00:00', '2019-09-01T00:00:00',
 * Excel serial numbers (43709 -> 2019-09-01; five integer digits, 1900 date system) and full-width digits.
 * Impossible dates (2019-02-30) and years outside 1900-9999 are refused.
 */
export function parseCivilDate(s: string): CivilDateResult {
  const r = parseCivilDateDetailed(s)
  if (typeof r === 'string') return { value: r }
  const shown = s.trim().length > 40 ? `${s.trim().slice(0, 40)}…` : s.trim()
  const subject = r.kind === 'impossible' ? '日期' : `日期「${shown}」`
  return { error: { code: 'date_format', message: describeDateProblem(subject, s, r) } }
}
