// Resident ID numbers inside free text: the one detector every text that arrives goes through (collection cells,
// reasons, error reports, audit details, log lines). Pure and single-pass: a text without a chain of at least 15
// digits costs one look at each character and no allocation.
import { isRealDate, shanghaiToday } from './dates.js'
import { normalizeCode } from './normalize.js'
import { isKnownRegion, lookupRegion } from './regions.js'
import { isMod1110Valid } from './registration-no.js'
import { isValidResidentId, maskResidentId, residentIdCheckChar } from './resident-id.js'

/** One resident ID number found in a text: where it is (UTF-16 offsets, end exclusive) and its normalised form. */
export interface ResidentIdMatch {
  start: number
  end: number
  /** 18 (GB 11643-1999, check X upper-cased) or 15 (first generation) ASCII characters. */
  id: string
}

export interface FindOptions {
  /** Reference date (YYYY-MM-DD) for birth dates; defaults to today in Asia/Shanghai. */
  today?: string
}

/** ASCII 0-9 and full-width ０-９. */
function isDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19)
}

function isX(c: number): boolean {
  return c === 0x58 || c === 0x78 || c === 0xff38 || c === 0xff58
}

/**
 * What may stand between the digits of one number: spaces (also no-break and ideographic) and the hyphens and dashes
 * that normalizeCode removes.
 */
function isSeparator(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x3000 ||
    c === 0x2d ||
    c === 0xad ||
    (c >= 0x2010 && c <= 0x2015) ||
    c === 0x2212 ||
    c === 0xfe58 ||
    c === 0xfe63 ||
    c === 0xff0d
  )
}

/** At most this many separator characters between two digit groups of one number. */
const MAX_SEPARATORS = 3

/** Words that, just before a 15-digit number with a valid MOD 11,10 check, make it a 工商注册号 or tax number. */
const REG_NO_CONTEXT = /(注册号|登记号|识别号|执照号|注册码)[^0-9０-９]{0,6}$/

/** A digit group: [start, end) of its digits, and the offset after a trailing X (or -1). */
interface Group {
  start: number
  end: number
  xEnd: number
}

function digitsOf(s: string, groups: Group[], from: number, to: number): string {
  let out = ''
  for (let g = from; g <= to; g++) {
    const grp = groups[g] as Group
    for (let i = grp.start; i < grp.end; i++) {
      const c = s.charCodeAt(i)
      out += String.fromCharCode(c >= 0xff10 ? c - 0xff10 + 48 : c)
    }
  }
  return out
}

/** The first two digits name a province (100000, the national level of USCCs, is none). */
function provinceKnown(id: string): boolean {
  return lookupRegion(`${id.slice(0, 2)}0000`)?.level === 'province'
}

function valid18(id: string, today: string): boolean {
  return provinceKnown(id) && isValidResidentId(id, today)
}

function valid15(id: string, text: string, start: number): boolean {
  if (!provinceKnown(id)) return false
  if (!isKnownRegion(id.slice(0, 6)) && lookupRegion(`${id.slice(0, 4)}00`)?.level !== 'prefecture') return false
  if (!isRealDate(1900 + Number(id.slice(6, 8)), Number(id.slice(8, 10)), Number(id.slice(10, 12)))) return false
  // "营业执照注册号120116000123456": a registration number, when its own check digit agrees
  if (isMod1110Valid(id) && REG_NO_CONTEXT.test(text.slice(Math.max(0, start - 12), start))) return false
  return true
}

/**
 * Every valid resident ID number in `text`, in order, not overlapping. Rules (docs/identifiers.md, "ID numbers in
 * text"):
 * - digits are ASCII or full-width; inside a number, runs of up to 3 spaces or hyphens/dashes may separate digit
 *   groups ("1201 0619 8609 2063 65", "120106-19860920-6365"); a number starts and ends at a group boundary;
 * - a digit run longer than the number (a 20-digit bank account) is not one: a number never starts or ends inside a
 *   run of digits. Letters, punctuation, brackets and line breaks are boundaries;
 * - 18 characters: 17 digits and a check digit or X that agrees, a real birth date between 1900-01-01 and `today`,
 *   and a known province (first two digits);
 * - 15 digits (first generation, before 1999): a known province, a known region or prefecture (first six or four
 *   digits), a real birth date 19YYMMDD; not when it follows 注册号/登记号/识别号/执照号/注册码 and its own MOD 11,10
 *   check agrees (a 工商注册号 or old tax number).
 */
export function findResidentIds(text: string, options: FindOptions = {}): ResidentIdMatch[] {
  const n = text.length
  if (n < 15) return []
  let out: ResidentIdMatch[] | null = null
  let i = 0
  // one pass, nothing allocated: each chain of digit groups (joined by short runs of separators) is measured, and
  // only a chain of 15 digits or more is looked at closely - most texts have none
  while (i < n) {
    if (!isDigit(text.charCodeAt(i))) {
      i++
      continue
    }
    let digits = 0
    let j = i
    for (;;) {
      const start = j
      while (j < n && isDigit(text.charCodeAt(j))) j++
      digits += j - start
      if (j < n && isX(text.charCodeAt(j))) {
        j++
        break
      }
      let k = j
      while (k < n && k - j < MAX_SEPARATORS && isSeparator(text.charCodeAt(k))) k++
      if (k === j || k >= n || !isDigit(text.charCodeAt(k))) break
      j = k
    }
    if (digits >= 15) out = matchChain(text, i, j, options, out ?? [])
    i = j
  }
  return out ?? []
}

/** The ID numbers in one chain of digit groups [from, to): candidates start and end at group boundaries. */
function matchChain(
  text: string,
  from: number,
  to: number,
  options: FindOptions,
  out: ResidentIdMatch[],
): ResidentIdMatch[] {
  const groups: Group[] = []
  let j = from
  while (j < to) {
    const start = j
    while (j < to && isDigit(text.charCodeAt(j))) j++
    const xEnd = j < to && isX(text.charCodeAt(j)) ? j + 1 : -1
    groups.push({ start, end: j, xEnd })
    if (xEnd > 0) break
    while (j < to && !isDigit(text.charCodeAt(j))) j++
  }
  let today = options.today
  let a = 0
  while (a < groups.length) {
    let sum = 0
    let found: ResidentIdMatch | null = null
    for (let b = a; b < groups.length; b++) {
      const g = groups[b] as Group
      sum += g.end - g.start
      if (sum > 18) break
      let id: string | null = null
      let end = g.end
      if (sum === 17 && g.xEnd > 0) {
        const body = digitsOf(text, groups, a, b)
        if (residentIdCheckChar(body) === 'X') {
          id = `${body}X`
          end = g.xEnd
        }
      } else if (sum === 18 || sum === 15) id = digitsOf(text, groups, a, b)
      if (id === null) continue
      const start = (groups[a] as Group).start
      if (id.length === 18) {
        today ??= shanghaiToday()
        if (!valid18(id, today)) continue
      } else if (!valid15(id, text, start)) continue
      // the longer form wins when both a 15 and an 18 start here
      found = { start, end, id }
    }
    if (found) {
      out.push(found)
      // continue after the groups the match used
      while (a < groups.length && (groups[a] as Group).start < found.end) a++
    } else a++
  }
  return out
}

/** The text with every resident ID number replaced by its masked form (1201**********6365), and the numbers found. */
export function maskResidentIdsInText(text: string, options: FindOptions = {}): { text: string; ids: string[] } {
  const found = findResidentIds(text, options)
  if (found.length === 0) return { text, ids: [] }
  let out = ''
  let at = 0
  for (const m of found) {
    out += text.slice(at, m.start) + maskResidentId(m.id)
    at = m.end
  }
  return { text: out + text.slice(at), ids: found.map((m) => m.id) }
}

/**
 * A value that should have been an ID number but may not be a valid one (an error report's 原始值 of an ID-number
 * field): normalised, then 15 characters or more keep their first and last 4 (like a stored ID number), shorter
 * values are starred completely - a mistyped ID number is still personal data.
 */
export function maskIdFieldValue(value: string): string {
  const code = normalizeCode(value)
  return code.length >= 15 ? maskResidentId(code) : '*'.repeat(code.length)
}

/**
 * Free text as a service stores it (a reason, a note, a name, a description, a file name): every resident ID number
 * masked by the one detector. Null and undefined pass through; text shorter than 15 characters cannot hold a number.
 */
export function maskPersonalText<T extends string | null | undefined>(value: T, options: FindOptions = {}): T {
  if (typeof value !== 'string' || value.length < 15) return value
  return maskResidentIdsInText(value, options).text as T
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/**
 * A JSON-like value (error details, audit details, stored JSON) with every resident ID number masked, however deep
 * and whether written as text, as a key or as a number (a number that holds one becomes its masked text). Only arrays
 * and plain objects are walked; a value with nothing to mask is returned as it is (the same reference).
 */
export function maskPersonalTextDeep<T>(value: T, options: FindOptions = {}): T {
  return deep(value, options) as T
}

function deep(v: unknown, options: FindOptions): unknown {
  if (typeof v === 'string') return maskPersonalText(v, options)
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || Math.abs(v) < 1e14) return v
    const s = String(v)
    const masked = maskPersonalText(s, options)
    return masked === s ? v : masked
  }
  if (v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) {
    let out: unknown[] | null = null
    for (let i = 0; i < v.length; i++) {
      const x = deep(v[i], options)
      if (x === v[i]) continue
      if (out === null) out = v.slice()
      out[i] = x
    }
    return out ?? v
  }
  if (!isPlainObject(v)) return v
  let changed = false
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v)) {
    const key = maskPersonalText(k, options)
    const value = deep(x, options)
    if (key !== k || value !== x) changed = true
    out[key] = value
  }
  return changed ? out : v
}

/** What seals clear text: the key ring (AES-GCM). */
export interface TextSealer {
  encrypt(plain: string): string
}

/** What opens sealed text: the key ring. */
export interface TextOpener {
  decrypt(sealed: string): string
}

/** A text field of data of record: a text, a list of texts (e.g. former names), or nothing. */
export type PersonalField = string | readonly string[] | null | undefined

/** The clear values of the fields that held resident ID numbers, each sealed (AES-GCM), by field name. */
export type SealedTexts = Record<string, string>

/**
 * Text fields of data of record (a commitment's content, an entity's name and legal representative), as stored: every
 * field masked by maskPersonalText, and the clear value of each field that held an ID number sealed under its name
 * (a list as its JSON array text), like `_sealed` of a record's payload. `sealed` is null when no field held one.
 */
export function sealPersonalText<T extends Record<string, PersonalField>>(
  sealer: TextSealer,
  fields: T,
  options: FindOptions = {},
): { values: T; sealed: SealedTexts | null } {
  const values: Record<string, PersonalField> = { ...fields }
  let sealed: SealedTexts | null = null
  for (const [name, v] of Object.entries(fields)) {
    if (v === null || v === undefined) continue
    const masked = typeof v === 'string' ? maskPersonalText(v, options) : v.map((x) => maskPersonalText(x, options))
    const same = typeof v === 'string' ? masked === v : (masked as string[]).every((x, i) => x === v[i])
    if (same) continue
    values[name] = masked
    if (sealed === null) sealed = {}
    sealed[name] = sealer.encrypt(typeof v === 'string' ? v : JSON.stringify(v))
  }
  return { values: values as T, sealed }
}

/** The clear value of a field sealed by sealPersonalText, or `shown` (the stored, masked value) when none was sealed. */
export function unsealPersonalText(
  opener: TextOpener,
  sealed: SealedTexts | null | undefined,
  name: string,
  shown: string,
): string
export function unsealPersonalText(
  opener: TextOpener,
  sealed: SealedTexts | null | undefined,
  name: string,
  shown: string | null,
): string | null
export function unsealPersonalText(
  opener: TextOpener,
  sealed: SealedTexts | null | undefined,
  name: string,
  shown: string | null,
): string | null {
  const cipher = sealed?.[name]
  return cipher === undefined ? shown : opener.decrypt(cipher)
}

/** A stored seal column (JSON text of SealedTexts, or null) read back. */
export function readSealedTexts(column: string | null | undefined): SealedTexts | null {
  if (!column) return null
  const parsed = JSON.parse(column) as unknown
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as SealedTexts) : null
}

/** SealedTexts as a stored column: JSON text, or null when nothing is sealed. */
export function sealedTextsColumn(sealed: SealedTexts | null | undefined): string | null {
  return sealed && Object.keys(sealed).length > 0 ? JSON.stringify(sealed) : null
}
