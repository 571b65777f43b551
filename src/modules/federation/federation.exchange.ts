// What a record's stored payload becomes in the feed, and back: field values as a provider would submit them, under
// the national field codes, with only what the class lets leave the platform (docs/federation.md, 身份证号).
import type { KeyRing } from '../../core/keys.js'
import type { CatalogClass } from '../catalog/index.js'

/**
 * The record's payload as exchanged: every field of the class version except those of authorised-only scope; the
 * subject's ID number (role `id_number`) in clear from its sealed copy - the receiving platform needs it to find the
 * person, and seals it at once - and every other ID-number field (a legal representative's) left out: the lawful
 * minimum. Amounts go in the field's unit (万元 for the 双公示 fields), several values joined with「;」, and text
 * keeps its masked ID numbers.
 */
export function exchangeData(
  cls: CatalogClass,
  payload: Record<string, unknown>,
  keys: KeyRing,
): Record<string, string> {
  const sealed = (payload._sealed ?? {}) as Record<string, string>
  const out: Record<string, string> = {}
  for (const f of cls.fields) {
    if (f.scope === 'authorized') continue
    const v = payload[f.code]
    if (v === undefined || v === null || v === '') continue
    if (f.role === 'id_number') {
      const clear = sealed[f.code]
      out[f.code] = clear ? keys.decrypt(clear) : String(v)
      continue
    }
    if (f.mask === 'id_number') continue
    out[f.code] = cellText(f, v)
  }
  return out
}

/** A stored value as a provider writes it in a cell (the inverse of the collection pipeline's normalisation). */
export function cellText(f: CatalogClass['fields'][number], v: unknown): string {
  if (Array.isArray(v)) return v.map(String).join(';')
  if (f.type === 'amount' && f.unit === '万元') return yuanToWan(String(v))
  return String(v)
}

/** Exact decimal text: 元 -> 万元 (digits shifted as a string, no floating point). */
export function yuanToWan(yuan: string): string {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(yuan)
  if (!m) return yuan
  const int = (m[1] ?? '0').padStart(5, '0')
  const whole = int.slice(0, -4).replace(/^0+(?=\d)/, '')
  const frac = `${int.slice(-4)}${m[2] ?? ''}`.replace(/0+$/, '')
  return frac ? `${whole}.${frac}` : whole
}
