// Money amounts as text -> exact decimal text in 元. No floating point anywhere: digits are shifted as strings.
import { nfkc } from './text.js'

export type AmountUnit = '万元' | '元'
export type AmountErrorCode = 'amount_format' | 'amount_negative'
export type AmountResult = { yuan: string } | { error: { code: AmountErrorCode; message: string } }

/** Detailed result: the unit actually applied (a unit written in the cell wins over the field's unit). */
export type AmountParse =
  | { yuan: string; unitApplied: AmountUnit; unitFromText: boolean; subFen: boolean }
  | { problem: AmountErrorCode }

const MAX_CHARS = 64
const ALL_ZEROS = /^0+$/
const PREFIX = /^(?:¥|￥|rmb|cny|人民币)\s*/i
const SUFFIX = /\s*(万元|万|元|圆|元整)$/
const GROUPED = /^\d{1,3}(?:,\d{3})+$/
const NUMBER = /^(\d*)(?:\.(\d*))?(?:e([+-]?\d{1,3}))?$/i

function isPlainDigits(s: string): boolean {
  if (s.length === 0 || s.length > 18) return false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}

function stripLeadingZeros(s: string): string {
  let i = 0
  while (i < s.length - 1 && s.charCodeAt(i) === 48) i++
  return i === 0 ? s : s.slice(i)
}

/**
 * Canonical decimal text of digits × 10^(shift - fracLen): no leading zeros (except a single 0 before the point),
 * no trailing zeros after the point, no point when the value is whole.
 */
function canonical(intDigits: string, fracDigits: string, shift: number): string {
  let digits = intDigits + fracDigits
  let point = intDigits.length + shift // position of the decimal point within digits
  if (point < 0) {
    digits = '0'.repeat(-point) + digits
    point = 0
  } else if (point > digits.length) {
    digits = digits + '0'.repeat(point - digits.length)
  }
  const whole = stripLeadingZeros(digits.slice(0, point) || '0')
  let frac = digits.slice(point)
  let end = frac.length
  while (end > 0 && frac.charCodeAt(end - 1) === 48) end--
  frac = frac.slice(0, end)
  return frac.length === 0 ? whole : `${whole}.${frac}`
}

/** Parses an amount; see parseAmount. */
export function parseAmountDetailed(raw: string, unit: AmountUnit): AmountParse {
  // Fast path: plain digits, the common case for 元 columns and whole 万元 amounts.
  if (isPlainDigits(raw)) {
    const yuan =
      unit === '万元' ? (ALL_ZEROS.test(raw) ? '0' : `${stripLeadingZeros(raw)}0000`) : stripLeadingZeros(raw)
    return { yuan, unitApplied: unit, unitFromText: false, subFen: false }
  }
  if (raw.length > MAX_CHARS) return { problem: 'amount_format' }
  let s = nfkc(raw).trim()
  let negative = false
  if (s.startsWith('-') || s.startsWith('−')) {
    negative = true
    s = s.slice(1).trim()
  } else if (s.startsWith('+')) {
    s = s.slice(1).trim()
  } else if (s.startsWith('(') && s.endsWith(')')) {
    // accounting notation for negative numbers
    negative = true
    s = s.slice(1, -1).trim()
  }
  s = s.replace(PREFIX, '')
  let applied: AmountUnit = unit
  let fromText = false
  const suffix = SUFFIX.exec(s)
  if (suffix) {
    applied = suffix[1] === '万元' || suffix[1] === '万' ? '万元' : '元'
    fromText = true
    s = s.slice(0, suffix.index)
  }
  if (!negative && (s.startsWith('-') || s.startsWith('−'))) {
    negative = true
    s = s.slice(1)
  }
  s = s.replace(/\s+/g, '')
  if (s.includes(',')) {
    const dot = s.indexOf('.')
    const intPart = dot < 0 ? s : s.slice(0, dot)
    if (!GROUPED.test(intPart)) return { problem: 'amount_format' }
    s = intPart.replaceAll(',', '') + (dot < 0 ? '' : s.slice(dot))
  }
  const m = NUMBER.exec(s)
  if (!m) return { problem: 'amount_format' }
  const intDigits = m[1] ?? ''
  const fracDigits = m[2] ?? ''
  if (intDigits.length === 0 && fracDigits.length === 0) return { problem: 'amount_format' }
  const exp = m[3] === undefined ? 0 : Number(m[3])
  const yuan = canonical(intDigits, fracDigits, exp + (applied === '万元' ? 4 : 0))
  if (negative && yuan !== '0') return { problem: 'amount_negative' }
  const dot = yuan.indexOf('.')
  return { yuan, unitApplied: applied, unitFromText: fromText, subFen: dot >= 0 && yuan.length - dot - 1 > 2 }
}

/** The message for an amount problem about `subject` (「罚款金额」 or 金额「...」). */
export function describeAmountProblem(subject: string, code: AmountErrorCode, unit: AmountUnit): string {
  if (code === 'amount_negative') return `${subject}不能为负数，请填写 0 或正数。`
  return `${subject}不是有效金额，应为数字（单位：${unit}），如 ${unit === '万元' ? '0.2 表示 2000 元' : '1234.50'}；可带千分位逗号，如 1,234.50。`
}

/**
 * Exact amount in 元 as canonical decimal text: '2000' for 0.2 万元, '1234.5' for '1,234.50' 元 (trailing zeros
 * stripped, no leading zeros, '0' for zero). Accepts thousands separators (groups of three), full-width digits,
 * ¥/￥/人民币 before and 元/万元/万 after the number (a unit written in the cell wins over `unit`) and an exponent
 * (1.2E+07, as Excel writes large numbers into CSV). Negative amounts -> `amount_negative`. More than two decimals in
 * 元 are kept exactly.
 */
export function parseAmount(s: string, unit: AmountUnit): AmountResult {
  const r = parseAmountDetailed(s, unit)
  if ('problem' in r) {
    const shown = s.trim().length > 40 ? `${s.trim().slice(0, 40)}…` : s.trim()
    return { error: { code: r.problem, message: describeAmountProblem(`金额「${shown}」`, r.problem, unit) } }
  }
  return { yuan: r.yuan }
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/

/**
 * Decimal text in 元 -> integer fen. More than two decimals are rounded half away from zero (0.005 -> 1 fen), so
 * keep the decimal text when exactness below one fen matters.
 * @throws RangeError when yuan is not decimal text.
 */
export function yuanToFen(yuan: string): bigint {
  const m = DECIMAL.exec(yuan.trim())
  if (!m) throw new RangeError(`not a decimal amount: ${JSON.stringify(yuan)}`)
  const frac = m[3] ?? ''
  let fen = BigInt(m[2] + `${frac}00`.slice(0, 2))
  if (frac.length > 2 && frac.charCodeAt(2) >= 53) fen += 1n
  return m[1] === '-' ? -fen : fen
}
