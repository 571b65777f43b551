// The shipped defaults of a code-keyed policy kind: a data directory with one definition per *.json file, each
// normalised and checked, codes unique. The kind says how to normalise and check, and which errors to raise.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface DefaultsDirectory<D extends { code: string }> {
  normalise(raw: Record<string, unknown>): D
  /** Every problem of one definition, in Chinese (empty: fine). */
  check(def: D): string[]
  /** The problem of a code used twice, e.g. 模型代码「general」重复. */
  duplicate(code: string): string
  /** The kind's coded error for a directory or file that cannot be read or parsed. */
  unreadable(path: string, reason: string): Error
  /** The kind's coded error for a file whose definition has problems. */
  invalid(source: string, problems: string[]): Error
}

/** Every definition of the directory, in file-name order; throws the kind's error naming the file at the first bad one. */
export function readDefaultsDirectory<D extends { code: string }>(dir: string, kind: DefaultsDirectory<D>): D[] {
  let names: string[]
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort()
  } catch (e) {
    throw kind.unreadable(dir, (e as Error).message)
  }
  const seen = new Set<string>()
  return names.map((name) => {
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(join(dir, name), 'utf8'))
    } catch (e) {
      throw kind.unreadable(join(dir, name), (e as Error).message)
    }
    const def = kind.normalise((raw ?? {}) as Record<string, unknown>)
    const problems = kind.check(def)
    if (seen.has(def.code)) problems.push(kind.duplicate(def.code))
    if (problems.length) throw kind.invalid(name, problems)
    seen.add(def.code)
    return def
  })
}
