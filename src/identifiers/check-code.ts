// checkCode: detect the scheme of a code as typed or pasted, validate it, and explain what is wrong in Chinese.
import { isIsoDate, shanghaiToday } from './dates.js'
import { normalizeCode } from './normalize.js'
import { validateOrgCode } from './org-code.js'
import { validateRegNo } from './registration-no.js'
import { hasPlausibleBirthDate, isValidResidentId, validateResidentId } from './resident-id.js'
import type { CheckOptions, CheckResult, Scheme, SchemeCheck } from './types.js'
import { isValidUscc, validateUscc } from './uscc.js'

const SCHEME_LABELS: Readonly<Record<Scheme, string>> = {
  uscc: '统一社会信用代码',
  org_code: '组织机构代码',
  resident_id: '居民身份证号码',
  reg_no: '工商注册号',
  unknown: '无法识别的代码',
}

/** Chinese label of a scheme, e.g. describeScheme('uscc') === '统一社会信用代码'. */
export function describeScheme(scheme: Scheme): string {
  return SCHEME_LABELS[scheme]
}

let lastCheckedToday = ''

function resolveToday(today: string | undefined): string {
  if (today === undefined) return shanghaiToday()
  if (today !== lastCheckedToday) {
    if (!isIsoDate(today)) throw new RangeError(`today must be a real date YYYY-MM-DD, got ${JSON.stringify(today)}`)
    lastCheckedToday = today
  }
  return today
}

function make<S extends Scheme, D>(input: string, scheme: S, normalized: string, check: SchemeCheck<D>) {
  return {
    input,
    scheme,
    valid: check.valid,
    normalized,
    errors: check.errors,
    warnings: check.warnings,
    details: check.details,
  }
}

function unknown(input: string, normalized: string, message: string): CheckResult {
  return {
    input,
    scheme: 'unknown',
    valid: false,
    normalized,
    errors: [{ code: 'length', message }],
    warnings: [],
    details: {},
  }
}

const LENGTH_HINT =
  '统一社会信用代码和居民身份证号码为18位，组织机构代码为9位（可写作 XXXXXXXX-X），工商注册号为15位数字。请核对是否漏输或多输了字符。'

/**
 * Detect and validate a code. Detection works on the normalised string:
 * 18 characters: a valid resident ID -> resident_id; else a valid USCC -> uscc; else digits (last may be X) with a
 * birth-date-like positions 7-14 -> resident_id (with its errors); else uscc (with its errors).
 * 9 -> org_code; 15 -> reg_no; anything else (including empty) -> unknown with error `length`.
 * @throws RangeError when opts.today is given but is not a real YYYY-MM-DD date.
 */
export function checkCode(input: string, opts?: CheckOptions): CheckResult {
  const normalized = normalizeCode(input)
  switch (normalized.length) {
    case 18: {
      const today = resolveToday(opts?.today)
      if (isValidResidentId(normalized, today)) {
        return make(input, 'resident_id', normalized, validateResidentId(normalized, today))
      }
      if (isValidUscc(normalized)) return make(input, 'uscc', normalized, validateUscc(normalized))
      if (looksLikeResidentId(normalized)) {
        return make(input, 'resident_id', normalized, validateResidentId(normalized, today))
      }
      return make(input, 'uscc', normalized, validateUscc(normalized))
    }
    case 9:
      return make(input, 'org_code', normalized, validateOrgCode(normalized))
    case 15:
      return make(input, 'reg_no', normalized, validateRegNo(normalized))
    case 0:
      return unknown(input, normalized, `代码为空。${LENGTH_HINT}`)
    default:
      return unknown(input, normalized, `无法识别的代码：去掉空格和连字符后为 ${normalized.length} 位。${LENGTH_HINT}`)
  }
}

/** 17 digits, then a digit or X, and positions 7-14 shaped like a birth date. */
function looksLikeResidentId(code: string): boolean {
  for (let i = 0; i < 17; i++) {
    const c = code.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  const last = code.charCodeAt(17)
  return ((last >= 48 && last <= 57) || last === 88) && hasPlausibleBirthDate(code)
}
