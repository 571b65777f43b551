// The default screening rules, read from data/sme/ (one rule per *.json file), checked against the grading models.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { dataFilePath } from '../../identifiers/index.js'
import { smeError } from './sme.errors.js'
import type { ScreeningRuleDefinition } from './sme.types.js'
import { checkScreeningRule, normaliseScreeningRule, type ScreeningReferences } from './sme.validate.js'

export function defaultRulesDir(): string {
  return dataFilePath('sme')
}

/** Every rule of the directory, checked; codes unique. Throws sme.invalid_definition naming the file. */
export function readDefaultScreeningRules(
  dir: string = defaultRulesDir(),
  refs: ScreeningReferences = {},
): ScreeningRuleDefinition[] {
  let names: string[]
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort()
  } catch (e) {
    throw smeError('sme.defaults_unreadable', { path: dir, reason: (e as Error).message })
  }
  const seen = new Set<string>()
  return names.map((name) => {
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(join(dir, name), 'utf8'))
    } catch (e) {
      throw smeError('sme.defaults_unreadable', { path: join(dir, name), reason: (e as Error).message })
    }
    const def = normaliseScreeningRule((raw ?? {}) as Record<string, unknown>)
    const problems = checkScreeningRule(def, refs)
    if (seen.has(def.code)) problems.push(`规则代码「${def.code}」重复`)
    if (problems.length) throw smeError('sme.invalid_definition', { source: name, problems })
    seen.add(def.code)
    return def
  })
}
