// Per-field value normalisers, compiled once per field into closures; normalizeValue is the one-off entry point.

import { normalizeCode } from '../../../identifiers/index.js'
import type { CatalogField } from '../../catalog/index.js'
import { type AmountUnit, describeAmountProblem, parseAmountDetailed } from './amount.js'
import { describeDateProblem, parseCivilDateDetailed } from './civil-date.js'
import { cleanString, cleanText, matchKey, nfkc } from './text.js'

/** Error codes of field values (FieldIssue.code). */
export type ValueErrorCode =
  | 'max_length'
  | 'date_format'
  | 'amount_format'
  | 'amount_negative'
  | 'integer'
  | 'enum'
  | 'op_invalid'
/** Warning codes of field values: the value was accepted, but the provider should look at it. */
export type ValueWarningCode = 'amount_unit' | 'amount_precision'

export interface ValueIssue {
  code: string
  message: string
}

export type NormalizedValue = { value: unknown; warnings: ValueIssue[] } | { error: ValueIssue }

/** Receives the issues of one cell; the row normaliser adds the field and the original value. */
export interface IssueSink {
  error(code: ValueErrorCode, message: string): void
  warn(code: ValueWarningCode, message: string): void
}

/** Returns the normalised value, or undefined when the cell is absent (empty, blank, placeholder) or in error. */
export type CellNormalizer = (raw: string, sink: IssueSink) => unknown

/**
 * Placeholders that providers write for "no value". In typed fields (date, amount, integer, enum, code) they count
 * as empty; in string and text fields they are kept as written.
 */
const PLACEHOLDERS = new Set(['无', '/', '-', '--', '—', '——', '空', '暂无', 'n/a', 'na', 'null', 'none', '不适用'])

function isPlaceholder(s: string): boolean {
  return s.length <= 4 && PLACEHOLDERS.has(nfkc(s).trim().toLowerCase())
}

/** Values of a 有效期至-like field that mean "no end": stored as 9999-12-31. */
const LONG_TERM = new Set(['长期', '长期有效', '永久', '永久有效', '无期限', '无限期'])
export const LONG_TERM_DATE = '9999-12-31'

const MULTI_ALL = /[;；,，、\n]+/
const MULTI_STRONG = /[;；\n]+/
const MULTI_WEAK = /[,，、]+/

function quoteLabel(f: CatalogField): string {
  return `「${f.label}」`
}

function shorten(s: string): string {
  const t = s.trim()
  return t.length > 40 ? `${t.slice(0, 40)}…` : t
}

function lengthOf(s: string): number {
  // code points, so that a character outside the BMP counts once
  let n = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) n--
  }
  return n
}

function stringNormalizer(f: CatalogField, clean: (s: string) => string): CellNormalizer {
  const max = f.maxLength
  return (raw, sink) => {
    const v = clean(raw)
    if (v === '') return undefined
    if (max !== undefined && v.length > max) {
      const len = lengthOf(v)
      if (len > max) {
        sink.error('max_length', `${quoteLabel(f)}过长：最多 ${max} 个字符，当前 ${len} 个，请精简后重新提交。`)
        return undefined
      }
    }
    return v
  }
}

function dateNormalizer(f: CatalogField): CellNormalizer {
  const longTermOk = f.role === 'valid_to' || f.role === 'list_until' || f.role === 'publish_until'
  return (raw, sink) => {
    const r = parseCivilDateDetailed(raw)
    if (typeof r === 'string') return r
    const t = nfkc(raw).trim()
    if (t === '' || isPlaceholder(t)) return undefined
    if (longTermOk && LONG_TERM.has(t)) return LONG_TERM_DATE
    sink.error('date_format', describeDateProblem(quoteLabel(f), raw, r))
    return undefined
  }
}

function amountNormalizer(f: CatalogField): CellNormalizer {
  const unit: AmountUnit = f.unit ?? '元'
  return (raw, sink) => {
    const r = parseAmountDetailed(raw, unit)
    if ('problem' in r) {
      if (raw.trim() === '' || isPlaceholder(raw)) return undefined
      sink.error(r.problem, describeAmountProblem(quoteLabel(f), r.problem, unit))
      return undefined
    }
    if (r.unitFromText && r.unitApplied !== unit) {
      sink.warn(
        'amount_unit',
        `${quoteLabel(f)}的单位应为${unit}，单元格写的是「${shorten(raw)}」，已按${r.unitApplied}换算为 ${r.yuan} 元，请核对。`,
      )
    }
    if (r.subFen) {
      sink.warn('amount_precision', `${quoteLabel(f)}换算后为 ${r.yuan} 元，精确到分以下，已按原值保存，请核对。`)
    }
    return r.yuan
  }
}

const INTEGER = /^[+-]?\d+(?:\.0*)?$/

function integerNormalizer(f: CatalogField): CellNormalizer {
  return (raw, sink) => {
    let s = nfkc(raw).trim()
    if (s === '' || isPlaceholder(s)) return undefined
    if (s.includes(',')) s = s.replaceAll(',', '')
    if (INTEGER.test(s)) {
      const n = Number.parseInt(s, 10)
      if (Number.isSafeInteger(n)) return n === 0 ? 0 : n // no -0
    }
    sink.error('integer', `${quoteLabel(f)}应为整数（当前为「${shorten(raw)}」）。`)
    return undefined
  }
}

/** Matches enum labels by exact text first, then by matchKey (full-width, spaces, case). */
function enumMatcher(f: CatalogField): (s: string) => string | undefined {
  const labels = f.enum ?? []
  const exact = new Set(labels)
  const byKey = new Map<string, string>()
  for (const l of labels) {
    const k = matchKey(l)
    if (!byKey.has(k)) byKey.set(k, l)
  }
  const other = f.otherPrefix
  return (s) => {
    const hit = exact.has(s) ? s : byKey.get(matchKey(s))
    if (hit !== undefined || other === undefined) return hit
    // 「其他-具体说明」: the catalog allows a described value beyond the list
    const t = nfkc(s).trim().replace(/^其他[-－—–]/, other)
    return t.startsWith(other) && t.length > other.length ? t : undefined
  }
}

function enumError(f: CatalogField, sink: IssueSink, value: string): void {
  const allowed = [...(f.enum ?? []), ...(f.otherPrefix ? [`${f.otherPrefix}具体说明`] : [])].join('、')
  sink.error('enum', `${quoteLabel(f)}的值「${shorten(value)}」不在允许范围内，应为：${allowed}。`)
}

function enumNormalizer(f: CatalogField): CellNormalizer {
  const match = enumMatcher(f)
  return (raw, sink) => {
    const hit = match(raw)
    if (hit !== undefined) return hit
    const t = nfkc(raw).trim()
    if (t === '' || isPlaceholder(t)) return undefined
    enumError(f, sink, raw)
    return undefined
  }
}

function codeNormalizer(): CellNormalizer {
  return (raw) => {
    if (isPlaceholder(raw)) return undefined
    const v = normalizeCode(raw)
    return v === '' ? undefined : v
  }
}

function scalarNormalizer(f: CatalogField): CellNormalizer {
  switch (f.type) {
    case 'string':
      return stringNormalizer(f, cleanString)
    case 'text':
      return stringNormalizer(f, cleanText)
    case 'date':
      return dateNormalizer(f)
    case 'amount':
      return amountNormalizer(f)
    case 'integer':
      return integerNormalizer(f)
    case 'enum':
      return enumNormalizer(f)
    case 'code':
      return codeNormalizer()
    default: {
      const never: never = f.type
      throw new Error(`unknown field type ${String(never)}`)
    }
  }
}

/**
 * Several values in one cell, separated by ; ； , ， 、 or line breaks -> array of normalised elements (duplicates
 * dropped, order kept). For enum fields, a piece between semicolons that matches a label as a whole is kept whole,
 * so labels that contain 、 (没收违法所得、没收非法财物) survive.
 */
function multiNormalizer(f: CatalogField): CellNormalizer {
  const one = scalarNormalizer({ ...f, multi: false })
  const match = f.type === 'enum' ? enumMatcher(f) : null
  return (raw, sink) => {
    const out: unknown[] = []
    const seen = new Set<unknown>()
    const add = (piece: string) => {
      const v = one(piece, sink)
      if (v !== undefined && !seen.has(v)) {
        seen.add(v)
        out.push(v)
      }
    }
    if (match) {
      for (const strong of nfkc(raw).split(MULTI_STRONG)) {
        if (strong.trim() === '') continue
        const whole = match(strong)
        if (whole !== undefined) {
          if (!seen.has(whole)) {
            seen.add(whole)
            out.push(whole)
          }
          continue
        }
        for (const weak of strong.split(MULTI_WEAK)) if (weak.trim() !== '') add(weak)
      }
    } else {
      for (const piece of raw.split(MULTI_ALL)) if (piece.trim() !== '') add(piece)
    }
    return out.length === 0 ? undefined : out
  }
}

/** The normaliser of one field's cells, compiled once. */
export function compileFieldNormalizer(f: CatalogField): CellNormalizer {
  return f.multi === true ? multiNormalizer(f) : scalarNormalizer(f)
}

const fieldCache = new WeakMap<CatalogField, CellNormalizer>()

/**
 * Normalises one raw cell by the field's type: string/text (NFKC, trimmed, whitespace collapsed; text keeps line
 * breaks; maxLength), date (YYYY-MM-DD), amount (decimal text in 元), integer (number), enum (the catalog's label),
 * code (normalizeCode), multi (string[]). An empty or blank cell -> value undefined (absent).
 */
export function normalizeValue(field: CatalogField, raw: string): NormalizedValue {
  let fn = fieldCache.get(field)
  if (!fn) {
    fn = compileFieldNormalizer(field)
    fieldCache.set(field, fn)
  }
  let error: ValueIssue | null = null
  const warnings: ValueIssue[] = []
  const value = fn(raw, {
    error(code, message) {
      if (error === null) error = { code, message }
    },
    warn(code, message) {
      warnings.push({ code, message })
    },
  })
  if (error !== null) return { error }
  return { value, warnings }
}
