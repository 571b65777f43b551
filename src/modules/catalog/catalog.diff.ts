import { propertyChanges } from '../../core/diff.js'
import type { CatalogClass, CatalogDiff, CatalogField } from './catalog.types.js'

/** The shared helper, re-exported for the catalog's own callers (hashing, comparisons). */
export { canonical } from '../../core/diff.js'

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
