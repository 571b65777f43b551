// The default supervision policies, read from data/supervision/ (one policy per *.json file), checked against the
// grading models and measures given.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { dataFilePath } from '../../identifiers/index.js'
import { supervisionError } from './supervision.errors.js'
import type { SupervisionPolicyDefinition } from './supervision.types.js'
import { checkSupervisionPolicy, normalisePolicy, type SupervisionReferences } from './supervision.validate.js'

export function defaultPoliciesDir(): string {
  return dataFilePath('supervision')
}

/** Every policy of the directory, checked; codes unique. Throws supervision.invalid_definition naming the file. */
export function readDefaultPolicies(
  dir: string = defaultPoliciesDir(),
  refs: SupervisionReferences = {},
): SupervisionPolicyDefinition[] {
  let names: string[]
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort()
  } catch (e) {
    throw supervisionError('supervision.defaults_unreadable', { path: dir, reason: (e as Error).message })
  }
  const seen = new Set<string>()
  return names.map((name) => {
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(join(dir, name), 'utf8'))
    } catch (e) {
      throw supervisionError('supervision.defaults_unreadable', { path: join(dir, name), reason: (e as Error).message })
    }
    const def = normalisePolicy((raw ?? {}) as Record<string, unknown>)
    const problems = checkSupervisionPolicy(def, refs)
    if (seen.has(def.code)) problems.push(`政策代码「${def.code}」重复`)
    if (problems.length) throw supervisionError('supervision.invalid_definition', { source: name, problems })
    seen.add(def.code)
    return def
  })
}
