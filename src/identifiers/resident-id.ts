// 公民身份号码 (GB 11643-1999): 6 address + 8 birth date + 3 sequence + 1 check, 18 characters.
import { isRealDate, yearsBetween } from './dates.js'
import { normalizeCode } from './normalize.js'
import { isKnownRegion, lookupRegion, regionFullName } from './regions.js'
import type { CodeError, CodeWarning, ResidentIdDetails, SchemeCheck } from './types.js'

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const ID_CHECK = '10X98765432'

/** Earliest birth date accepted. */
export const MIN_BIRTH_DATE = '1900-01-01'

/** The check character for 17 digits, or undefined when the input is not 17 digits. */
export function residentIdCheckChar(first17: string): string | undefined {
  if (first17.length !== 17) return undefined
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const d = first17.charCodeAt(i) - 48
    if (d < 0 || d > 9) return undefined
    sum += d * (ID_WEIGHTS[i] ?? 0)
  }
  return ID_CHECK[sum % 11]
}

function allDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}

/** Birth date YYYY-MM-DD from positions 7-14 when they form a real date, else undefined. */
export function residentIdBirthDate(code: string): string | undefined {
  if (code.length < 14 || !allDigits(code, 6, 14)) return undefined
  const y = Number(code.slice(6, 10))
  const m = Number(code.slice(10, 12))
  const d = Number(code.slice(12, 14))
  return isRealDate(y, m, d) ? `${code.slice(6, 10)}-${code.slice(10, 12)}-${code.slice(12, 14)}` : undefined
}

/**
 * True when positions 7-14 look like a birth date: year 18xx-20xx, month 01-12, day 01-31.
 * Used by scheme detection, so that a mistyped date (e.g. 0230) is still reported as a resident ID date error.
 */
export function hasPlausibleBirthDate(code: string): boolean {
  if (code.length < 14 || !allDigits(code, 6, 14)) return false
  const century = code.slice(6, 8)
  const m = Number(code.slice(10, 12))
  const d = Number(code.slice(12, 14))
  return (century === '18' || century === '19' || century === '20') && m >= 1 && m <= 12 && d >= 1 && d <= 31
}

/** Fast yes/no: 17 digits + check, right check character, birth date real and in [1900-01-01, today]. */
export function isValidResidentId(code: string, today: string): boolean {
  if (code.length !== 18 || !allDigits(code, 0, 17)) return false
  if (residentIdCheckChar(code.slice(0, 17)) !== code[17]) return false
  const birth = residentIdBirthDate(code)
  return birth !== undefined && birth >= MIN_BIRTH_DATE && birth <= today
}

/**
 * Whether a code is shaped like an 18-character resident ID number whatever its check character says: once normalised,
 * 17 digits and a digit or X, a known province in positions 1-2 and a real birth date from 1900-01-01 on in positions
 * 7-14. A person's number with a mistyped check digit can pass the USCC check (all-digit USCCs exist) and be looked
 * up as one; the answers that echo a code a caller typed (checks, comparisons, the sharing query, report issue) show
 * such a value masked (docs/identifiers.md).
 */
export function isResidentIdShaped(input: string): boolean {
  const code = normalizeCode(input)
  if (code.length !== 18 || !allDigits(code, 0, 17)) return false
  const last = code.charCodeAt(17)
  if (!((last >= 48 && last <= 57) || last === 88)) return false
  if (lookupRegion(`${code.slice(0, 2)}0000`)?.level !== 'province') return false
  const birth = residentIdBirthDate(code)
  return birth !== undefined && birth >= MIN_BIRTH_DATE
}

/**
 * A code as an answer may echo what a caller typed: a resident ID number, or anything shaped like one (see
 * isResidentIdShaped), masked; any other code as it is.
 */
export function shownCode(code: string): string {
  return isResidentIdShaped(code) ? maskResidentId(code) : code
}

/** Validate a normalised 18-character resident ID number against the reference date `today` (YYYY-MM-DD). */
export function validateResidentId(code: string, today: string): SchemeCheck<ResidentIdDetails> {
  const errors: CodeError[] = []
  const warnings: CodeWarning[] = []
  const region = code.slice(0, 6)
  const regionDigits = region.length === 6 && allDigits(region, 0, 6)
  const details: ResidentIdDetails = {
    region,
    regionName: regionDigits ? (regionFullName(region) ?? null) : null,
    birthDate: null,
    sex: null,
    age: null,
  }
  if (code.length !== 18) {
    errors.push({ code: 'length', message: `居民身份证号码应为18位，实际为 ${code.length} 位。请核对号码。` })
    return { valid: false, errors, warnings, details }
  }

  const bad: string[] = []
  for (let i = 0; i < 17; i++) {
    const c = code.charCodeAt(i)
    if (c < 48 || c > 57) bad.push(`第${i + 1}位“${code[i]}”`)
  }
  const last = code[17] ?? ''
  const lastOk = (last >= '0' && last <= '9') || last === 'X'
  if (bad.length > 0) {
    errors.push({
      code: 'charset',
      message: `居民身份证号码前17位只能是数字：${bad.slice(0, 3).join('、')}${bad.length > 3 ? '等' : ''}不符合。请核对号码。`,
    })
  }
  if (!lastOk) {
    errors.push({ code: 'charset', message: `居民身份证号码第18位只能是数字或 X，实际为“${last}”。请核对号码。` })
  }

  const seq = code.charCodeAt(16) - 48
  if (seq >= 0 && seq <= 9) details.sex = seq % 2 === 1 ? 'male' : 'female'

  if (regionDigits && !isKnownRegion(region)) {
    warnings.push({
      code: 'region',
      message: `前6位地址码 ${region} 不在行政区划代码表中（已含撤销的旧代码）。请核对号码；如确认无误，可能是代码表尚未收录该代码。`,
    })
  }

  if (allDigits(code, 6, 14)) {
    const birth = residentIdBirthDate(code)
    if (birth === undefined) {
      errors.push({
        code: 'date',
        message: `第7-14位出生日期 ${code.slice(6, 14)} 不是有效日期（应为 YYYYMMDD）。请核对号码。`,
      })
    } else if (birth < MIN_BIRTH_DATE) {
      errors.push({ code: 'date', message: `出生日期 ${birth} 早于 ${MIN_BIRTH_DATE}，不可能有效。请核对号码。` })
    } else if (birth > today) {
      errors.push({ code: 'date', message: `出生日期 ${birth} 晚于今天（${today}）。请核对号码。` })
    } else {
      details.birthDate = birth
      details.age = yearsBetween(birth, today)
    }
  }

  if (bad.length === 0 && lastOk) {
    const expected = residentIdCheckChar(code.slice(0, 17))
    if (expected !== last) {
      errors.push({ code: 'checksum', message: `校验码错误：第18位应为 ${expected}，实际为 ${last}。请核对号码。` })
    }
  }
  return { valid: errors.length === 0, errors, warnings, details }
}

/**
 * Age in whole years on `date` (YYYY-MM-DD) of the holder of a resident ID number (normalised first).
 * Uses the birth date only (not the check digit); undefined when the birth date is not real or after `date`.
 */
export function ageOn(id: string, date: string): number | undefined {
  const code = normalizeCode(id)
  if (code.length !== 18) return undefined
  const birth = residentIdBirthDate(code)
  if (birth === undefined || birth > date) return undefined
  return yearsBetween(birth, date)
}

/** Mask a resident ID for display: first 4 and last 4 kept, e.g. 1101**********002X. */
export function maskResidentId(id: string): string {
  const code = normalizeCode(id)
  if (code.length <= 8) return '*'.repeat(code.length)
  return `${code.slice(0, 4)}${'*'.repeat(code.length - 8)}${code.slice(-4)}`
}
