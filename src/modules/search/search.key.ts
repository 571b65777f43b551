import { nameKey, normalizeCode } from '../../identifiers/index.js'

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const CONTROL = /[\u0000-\u001f\u007f]/g
// biome-ignore lint/suspicious/noControlCharactersInRegex: see above
const HAS_CONTROL = /[\u0000-\u001f\u007f]/

/**
 * The matching key of a name or a query: nameKey (NFKC, so full-width and half-width forms agree; brackets
 * unified; no spaces; latin lower-cased) without control characters (the index uses two as anchors).
 */
export function searchKey(s: string): string {
  const k = nameKey(s)
  return HAS_CONTROL.test(k) ? k.replace(CONTROL, '') : k
}

/** searchKey of a name whose nameKey is already known (entities store it as name_norm). */
export function keyFromNameKey(k: string): string {
  return HAS_CONTROL.test(k) ? k.replace(CONTROL, '') : k
}

export type CodeScheme = 'uscc' | 'reg_no' | 'org_code'

const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/
const REG_NO_SHAPE = /^\d{15}$/
const ORG_CODE_SHAPE = /^[0-9A-Z]{8}[0-9X]$/

/**
 * A query that looks like a code (after normalizeCode): 18 characters of the USCC alphabet (this includes every
 * resident ID number: it is only ever looked up as a USCC, which no natural person has), 15 digits, or 9 characters
 * shaped like an organisation code with at least one digit. Such a query is looked up exactly, never as a name.
 */
export function parseCodeQuery(q: string): { scheme: CodeScheme; value: string } | null {
  const c = normalizeCode(q)
  if (USCC_SHAPE.test(c)) return { scheme: 'uscc', value: c }
  if (REG_NO_SHAPE.test(c)) return { scheme: 'reg_no', value: c }
  if (ORG_CODE_SHAPE.test(c) && /\d/.test(c)) return { scheme: 'org_code', value: c }
  return null
}
