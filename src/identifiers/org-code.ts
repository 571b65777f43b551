// 组织机构代码 (GB 11714): 8 body characters (0-9, A-Z) + 1 check character (0-9 or X).
import type { CodeError, EmptyDetails, SchemeCheck } from './types.js'

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const

/** Value of 0-9 / A-Z (0..35), or -1. */
function orgValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48
  if (c >= 65 && c <= 90) return c - 55
  return -1
}

/**
 * The check character for an 8-character body, or undefined when the body is not 8 characters of 0-9/A-Z.
 * c = 11 - (sum mod 11); 10 -> 'X', 11 -> '0'.
 */
export function orgCodeCheckChar(body: string): string | undefined {
  if (body.length !== 8) return undefined
  let sum = 0
  for (let i = 0; i < 8; i++) {
    const v = orgValue(body.charCodeAt(i))
    if (v < 0) return undefined
    sum += v * (ORG_WEIGHTS[i] ?? 0)
  }
  const c = 11 - (sum % 11)
  return c === 10 ? 'X' : c === 11 ? '0' : String(c)
}

/** True when a normalised 9-character code has a correct check character. */
export function isOrgCodeChecksumValid(code: string): boolean {
  return code.length === 9 && orgCodeCheckChar(code.slice(0, 8)) === code[8]
}

/** Validate a normalised organisation code (9 characters; use normalizeCode first to drop the hyphen). */
export function validateOrgCode(code: string): SchemeCheck<EmptyDetails> {
  const errors: CodeError[] = []
  if (code.length !== 9) {
    errors.push({
      code: 'length',
      message: `组织机构代码应为9位（8位本体代码 + 1位校验码，可写作 XXXXXXXX-X），实际为 ${code.length} 位。请核对代码。`,
    })
    return { valid: false, errors, warnings: [], details: {} }
  }
  const bad: string[] = []
  for (let i = 0; i < 8; i++) {
    if (orgValue(code.charCodeAt(i)) < 0) bad.push(`第${i + 1}位“${code[i]}”`)
  }
  const check = code[8] ?? ''
  const checkOk = (check >= '0' && check <= '9') || check === 'X'
  if (bad.length > 0) {
    errors.push({
      code: 'charset',
      message: `组织机构代码的本体代码只能由数字和大写字母组成：${bad.slice(0, 3).join('、')}${bad.length > 3 ? '等' : ''}不符合。请核对代码。`,
    })
  }
  if (!checkOk) {
    errors.push({ code: 'charset', message: `组织机构代码第9位校验码只能是数字或 X，实际为“${check}”。请核对代码。` })
  }
  if (errors.length === 0) {
    const expected = orgCodeCheckChar(code.slice(0, 8))
    if (expected !== check) {
      errors.push({
        code: 'checksum',
        message: `校验码错误：第9位应为 ${expected}，实际为 ${check}。请核对代码。`,
      })
    }
  }
  return { valid: errors.length === 0, errors, warnings: [], details: {} }
}
