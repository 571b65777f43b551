// 工商注册号 (15 digits, issued before the 2015 USCC reform): ISO 7064 MOD 11,10 check on the last digit.
import { isKnownRegion, regionFullName } from './regions.js'
import type { CodeError, CodeWarning, RegNoDetails, SchemeCheck } from './types.js'

/** ISO 7064 MOD 11,10: the check digit for the given digits (without the check), or undefined. */
export function mod1110CheckDigit(digits: string): string | undefined {
  let p = 10
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(i) - 48
    if (d < 0 || d > 9) return undefined
    const s = (p + d) % 10 || 10
    p = (s * 2) % 11
  }
  return String((11 - p) % 10)
}

/** True when the digits (check included) satisfy ISO 7064 MOD 11,10. */
export function isMod1110Valid(digitsWithCheck: string): boolean {
  if (digitsWithCheck.length < 2) return false
  return mod1110CheckDigit(digitsWithCheck.slice(0, -1)) === digitsWithCheck[digitsWithCheck.length - 1]
}

/** Validate a normalised 15-character 工商注册号. */
export function validateRegNo(code: string): SchemeCheck<RegNoDetails> {
  const errors: CodeError[] = []
  const warnings: CodeWarning[] = []
  const region = code.slice(0, 6)
  const regionDigits = /^\d{6}$/.test(region)
  const details: RegNoDetails = { region, regionName: regionDigits ? (regionFullName(region) ?? null) : null }
  if (code.length !== 15) {
    errors.push({ code: 'length', message: `工商注册号应为15位数字，实际为 ${code.length} 位。请核对号码。` })
    return { valid: false, errors, warnings, details }
  }
  const bad: string[] = []
  for (let i = 0; i < 15; i++) {
    const c = code.charCodeAt(i)
    if (c < 48 || c > 57) bad.push(`第${i + 1}位“${code[i]}”`)
  }
  if (bad.length > 0) {
    errors.push({
      code: 'charset',
      message: `工商注册号只能由数字组成：${bad.slice(0, 3).join('、')}${bad.length > 3 ? '等' : ''}不符合。请核对号码。`,
    })
  } else {
    const expected = mod1110CheckDigit(code.slice(0, 14))
    if (expected !== code[14]) {
      errors.push({ code: 'checksum', message: `校验码错误：第15位应为 ${expected}，实际为 ${code[14]}。请核对号码。` })
    }
  }
  if (regionDigits && !isKnownRegion(region)) {
    warnings.push({
      code: 'region',
      message: `前6位登记机关行政区划码 ${region} 不在行政区划代码表中（已含撤销的旧代码）。请核对号码；如确认无误，可能是代码表尚未收录该代码。`,
    })
  }
  return { valid: errors.length === 0, errors, warnings, details }
}
