// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-symbol alphabet.
import { orgCodeCheckChar } from './org-code.js'
import { isKnownRegion, NATIONAL_REGION, regionFullName } from './regions.js'
import type { CodeError, CodeWarning, SchemeCheck, UsccDetails } from './types.js'
import { USCC_DEPARTMENTS } from './uscc-departments.js'

/** The 31 symbols (no I, O, Z, S, V); a symbol's value is its index. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/** Weights for positions 1..17: 3^(i-1) mod 31. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const

const VALUES = new Int8Array(128).fill(-1)
for (let i = 0; i < USCC_ALPHABET.length; i++) VALUES[USCC_ALPHABET.charCodeAt(i)] = i

/** Value of a USCC symbol (0..30), or -1 when the character is not in the alphabet. */
function usccValue(c: number): number {
  return c < 128 ? (VALUES[c] ?? -1) : -1
}

/** The check character for the first 17 characters, or undefined when they are not 17 alphabet symbols. */
export function usccCheckChar(first17: string): string | undefined {
  if (first17.length !== 17) return undefined
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = usccValue(first17.charCodeAt(i))
    if (v < 0) return undefined
    sum += v * (USCC_WEIGHTS[i] ?? 0)
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return s.length > 0
}

/** Fast yes/no: 18 alphabet symbols, right check character, valid position 1/2 pair, digits in 3-8. */
export function isValidUscc(code: string): boolean {
  if (code.length !== 18) return false
  const dept = USCC_DEPARTMENTS[code[0] ?? '']
  if (!dept || dept.categories[code[1] ?? ''] === undefined) return false
  if (!isDigits(code.slice(2, 8))) return false
  const check = usccCheckChar(code.slice(0, 17))
  return check !== undefined && check === code[17]
}

/** Validate a normalised 18-character code as a USCC. */
export function validateUscc(code: string): SchemeCheck<UsccDetails> {
  const errors: CodeError[] = []
  const warnings: CodeWarning[] = []
  const deptCode = code[0] ?? ''
  const categoryCode = code[1] ?? ''
  const region = code.slice(2, 8)
  const orgCode = code.slice(8, 17)
  const dept = USCC_DEPARTMENTS[deptCode]
  const categoryName = dept?.categories[categoryCode] ?? null
  const regionOk = region.length === 6 && isDigits(region)
  const details: UsccDetails = {
    registrationDept: deptCode,
    registrationDeptName: dept?.name ?? null,
    category: categoryCode,
    categoryName,
    region,
    regionName: regionOk ? (regionFullName(region) ?? null) : null,
    orgCode,
  }
  if (code.length !== 18) {
    errors.push({ code: 'length', message: `统一社会信用代码应为18位，实际为 ${code.length} 位。请核对代码。` })
    return { valid: false, errors, warnings, details }
  }

  const bad: string[] = []
  for (let i = 0; i < 18; i++) {
    if (usccValue(code.charCodeAt(i)) < 0) bad.push(`第${i + 1}位“${code[i]}”`)
  }
  if (bad.length > 0) {
    errors.push({
      code: 'charset',
      message:
        `统一社会信用代码只能由数字和除 I、O、Z、S、V 以外的大写字母组成：${bad.slice(0, 3).join('、')}` +
        `${bad.length > 3 ? '等' : ''}不符合。请核对代码（常见混淆：O 与 0、I 与 1、Z 与 2、S 与 5）。`,
    })
  }

  if (!dept) {
    errors.push({
      code: 'category',
      message: `第1位登记管理部门码“${deptCode}”无效，应为 1-9、A、N、Y 之一。请核对代码。`,
    })
  } else if (categoryName === null) {
    const allowed = Object.entries(dept.categories)
      .map(([k, v]) => `${k}（${v}）`)
      .join('、')
    errors.push({
      code: 'category',
      message: `第2位机构类别码“${categoryCode}”与第1位登记管理部门码“${deptCode}”（${dept.name}）不匹配，可用值：${allowed}。请核对代码。`,
    })
  }

  if (!regionOk) {
    errors.push({
      code: 'format',
      message: `第3-8位登记管理机关行政区划码应为6位数字，实际为“${region}”。请核对代码。`,
    })
  } else if (region !== NATIONAL_REGION && !isKnownRegion(region)) {
    warnings.push({
      code: 'region',
      message: `第3-8位登记管理机关行政区划码 ${region} 不在行政区划代码表中（已含撤销的旧代码）。请核对代码；如确认无误，可能是代码表尚未收录该代码。`,
    })
  }

  let ownCheckOk = false
  if (bad.length === 0) {
    const expected = usccCheckChar(code.slice(0, 17))
    const actual = code[17]
    ownCheckOk = expected === actual
    if (!ownCheckOk) {
      errors.push({ code: 'checksum', message: `校验码错误：第18位应为 ${expected}，实际为 ${actual}。请核对代码。` })
    }
    const orgExpected = orgCodeCheckChar(orgCode.slice(0, 8))
    const orgActual = orgCode[8]
    if (orgExpected !== orgActual) {
      warnings.push({
        code: 'org_code_checksum',
        message: ownCheckOk
          ? `第9-17位主体标识码（组织机构代码）${orgCode} 的校验位应为 ${orgExpected}，实际为 ${orgActual}。统一社会信用代码本身的校验码正确，实际发放的代码中存在这种情况，仅作提示；如有疑问请向登记机关核实。`
          : `第9-17位主体标识码（组织机构代码）${orgCode} 的校验位应为 ${orgExpected}，实际为 ${orgActual}。请一并核对这一部分。`,
      })
    }
  }
  return { valid: errors.length === 0, errors, warnings, details }
}
