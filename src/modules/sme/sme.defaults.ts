// The default screening rules, read from data/sme/ (one rule per *.json file), checked against the grading models.
import { dataFilePath } from '../../identifiers/index.js'
import { readDefaultsDirectory } from '../policies/index.js'
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
  return readDefaultsDirectory(dir, {
    normalise: normaliseScreeningRule,
    check: (def) => checkScreeningRule(def, refs),
    duplicate: (code) => `规则代码「${code}」重复`,
    unreadable: (path, reason) => smeError('sme.defaults_unreadable', { path, reason }),
    invalid: (source, problems) => smeError('sme.invalid_definition', { source, problems }),
  })
}
