import type { CatalogClass, CatalogDiff, CatalogField, FieldChange } from './catalog.types.js'

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
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

function propertyChanges(a: Record<string, unknown>, b: Record<string, unknown>, skip: string[]): FieldChange[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !skip.includes(k)).sort()
  const out: FieldChange[] = []
  for (const k of keys) if (!same(a[k], b[k])) out.push({ property: k, before: a[k] ?? null, after: b[k] ?? null })
  return out
}

/** Field-level difference from version `a` to version `b` of one class (for the console). */
export function diffVersions(a: CatalogClass, b: CatalogClass): CatalogDiff {
  const before = new Map(a.fields.map((f) => [f.code, f]))
  const after = new Map(b.fields.map((f) => [f.code, f]))
  const added: CatalogField[] = b.fields.filter((f) => !before.has(f.code))
  const removed: CatalogField[] = a.fields.filter((f) => !after.has(f.code))
  const changed: CatalogDiff['fields']['changed'] = []
  for (const f of b.fields) {
    const old = before.get(f.code)
    if (!old) continue
    const changes = propertyChanges(
      old as unknown as Record<string, unknown>,
      f as unknown as Record<string, unknown>,
      [],
    )
    if (changes.length) changed.push({ code: f.code, label: f.label, changes })
  }
  const commonA = a.fields.filter((f) => after.has(f.code)).map((f) => f.code)
  const commonB = b.fields.filter((f) => before.has(f.code)).map((f) => f.code)
  return {
    code: b.code,
    from: a.version,
    to: b.version,
    changes: propertyChanges(a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>, [
      'fields',
      'version',
    ]),
    fields: { added, removed, changed, reordered: commonA.join('\u0000') !== commonB.join('\u0000') },
  }
}
