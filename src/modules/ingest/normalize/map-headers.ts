// Header -> catalog field mapping: by field code, Chinese label or any alias, compared on matchKey.
import type { CatalogField } from '../../catalog/index.js'
import { matchKey, stripTrailingParen } from './text.js'

/** Special columns that pass through the mapping under their own names. */
export const OP_COLUMN = '_op'
export const REASON_COLUMN = '_reason'
export const SEVERITY_COLUMN = '_severity'

const SPECIAL_KEYS: ReadonlyMap<string, string> = new Map([
  ['_op', OP_COLUMN],
  ['_reason', REASON_COLUMN],
  ['_severity', SEVERITY_COLUMN],
])
/** Chinese names of the special columns, used only when no catalog field claims the header. */
const SPECIAL_FALLBACK: ReadonlyMap<string, string> = new Map([
  [matchKey('操作类型'), OP_COLUMN],
  [matchKey('操作原因'), REASON_COLUMN],
  [matchKey('更正或撤销原因'), REASON_COLUMN],
])

export interface HeaderMapping {
  /** Original header -> field code (or '_op' / '_reason'). */
  mapping: Record<string, string>
  /** Headers that match no field (their columns are ignored). */
  unknown: string[]
  /** Fields with `required: true` that no header maps to (conditional requirements are not listed). */
  missingRequired: CatalogField[]
  /** Headers ignored because an earlier header already maps to the same field (or the same special column). */
  duplicates: string[]
}

interface FieldIndex {
  exact: Map<string, CatalogField>
  /** Keys without a trailing (note), e.g. 罚款金额 for 罚款金额（万元）; only keys that are unambiguous. */
  loose: Map<string, CatalogField>
}

const indexCache = new WeakMap<readonly CatalogField[], FieldIndex>()

function buildIndex(fields: readonly CatalogField[]): FieldIndex {
  const exact = new Map<string, CatalogField>()
  const loose = new Map<string, CatalogField | null>()
  for (const f of fields) {
    for (const name of [f.code, f.label, ...(f.aliases ?? [])]) {
      const key = matchKey(name)
      if (key === '') continue
      if (!exact.has(key)) exact.set(key, f)
      const stripped = stripTrailingParen(key)
      if (stripped !== '') {
        const seen = loose.get(stripped)
        if (seen === undefined) loose.set(stripped, f)
        else if (seen !== null && seen !== f) loose.set(stripped, null) // ambiguous: two fields share it
      }
    }
  }
  const looseClean = new Map<string, CatalogField>()
  for (const [k, f] of loose) if (f !== null && !exact.has(k)) looseClean.set(k, f)
  return { exact, loose: looseClean }
}

function indexFor(fields: readonly CatalogField[]): FieldIndex {
  let idx = indexCache.get(fields)
  if (!idx) {
    idx = buildIndex(fields)
    indexCache.set(fields, idx)
  }
  return idx
}

/** A repeated header made unique by the reader (名称#2); maps like the original. */
const DUP_SUFFIX = /#\d+$/

/** The field a single header names, or the special column name, or null. */
export function matchHeader(header: string, fields: readonly CatalogField[]): CatalogField | string | null {
  const idx = indexFor(fields)
  const key = matchKey(header.replace(DUP_SUFFIX, ''))
  if (key === '') return null
  const special = SPECIAL_KEYS.get(key)
  if (special) return special
  const hit = idx.exact.get(key) ?? idx.loose.get(key)
  if (hit) return hit
  const stripped = stripTrailingParen(key)
  if (stripped !== '') {
    const hit2 = idx.exact.get(stripped) ?? idx.loose.get(stripped)
    if (hit2) return hit2
  }
  return SPECIAL_FALLBACK.get(key) ?? null
}

/**
 * Maps headers to fields. A header matches a field by code, Chinese label or any alias after normalisation (NFKC,
 * trim, case-insensitive, spaces ignored, full-width brackets, a leading or trailing `*` and a trailing （必填）/（选填）
 * ignored); a trailing note in brackets such as （万元） is ignored when nothing matches with it. `_op`, `_reason` and
 * `_severity` pass through under their own names. The first header that maps to a field wins; later ones are `duplicates`.
 */
export function mapHeaders(headers: readonly string[], fields: readonly CatalogField[]): HeaderMapping {
  const mapping: Record<string, string> = {}
  const unknown: string[] = []
  const duplicates: string[] = []
  const taken = new Set<string>()
  for (const h of headers) {
    const hit = matchHeader(h, fields)
    if (hit === null) {
      unknown.push(h)
      continue
    }
    const code = typeof hit === 'string' ? hit : hit.code
    if (taken.has(code) || Object.hasOwn(mapping, h)) {
      duplicates.push(h)
      continue
    }
    taken.add(code)
    mapping[h] = code
  }
  const missingRequired = fields.filter((f) => f.required === true && !taken.has(f.code))
  return { mapping, unknown, missingRequired, duplicates }
}
