// Property-level differences between two versions of a definition (catalog classes, measures, ...): order-insensitive
// for object keys, order-sensitive for lists. Shared by every module that keeps versioned definitions.

/** One property that differs between two versions (null stands for "absent"). */
export interface FieldChange {
  property: string
  before: unknown
  after: unknown
}

/** Objects with sorted keys (undefined dropped), for order-insensitive comparison and hashing. */
export function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical)
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k]
      if (x !== undefined) out[k] = canonical(x)
    }
    return out
  }
  return v
}

/**
 * Canonical JSON text: equal for values that differ only in key order (the text of the sorted copy). Rows arrive
 * mostly in canonical order already (the row normaliser emits sorted fields): then no copy is made.
 */
export function canonicalJson(v: unknown): string {
  if (v !== null && typeof v === 'object' && inCanonicalOrder(v)) return JSON.stringify(v)
  return JSON.stringify(canonical(v)) ?? 'undefined'
}

/** Plain objects whose keys are already sorted at every level (and arrays of such): JSON.stringify is canonical. */
function inCanonicalOrder(v: object): boolean {
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null && typeof x === 'object' && !inCanonicalOrder(x)) return false
    return true
  }
  const proto = Object.getPrototypeOf(v)
  if (proto !== Object.prototype && proto !== null) return false
  let prev: string | undefined
  for (const k of Object.keys(v)) {
    if (prev !== undefined && !(prev < k)) return false
    prev = k
    const x = (v as Record<string, unknown>)[k]
    if (x !== null && typeof x === 'object' && !inCanonicalOrder(x)) return false
    if (typeof x === 'function') return false
  }
  return true
}

export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b)
}

/** The top-level properties of `a` and `b` whose values differ (sorted by name; absent = null), except those in `skip`. */
export function propertyChanges(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  skip: readonly string[] = [],
): FieldChange[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !skip.includes(k)).sort()
  const out: FieldChange[] = []
  for (const k of keys) {
    // absent and null mean the same ("not set"): no change is reported between them
    const before = a[k] ?? null
    const after = b[k] ?? null
    if (!sameValue(before, after)) out.push({ property: k, before, after })
  }
  return out
}
