// The default supervision policies, read from data/supervision/ (one policy per *.json file), checked against the
// grading models and measures given.
import { dataFilePath } from '../../identifiers/index.js'
import { readDefaultsDirectory } from '../policies/index.js'
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
  return readDefaultsDirectory(dir, {
    normalise: normalisePolicy,
    check: (def) => checkSupervisionPolicy(def, refs),
    duplicate: (code) => `政策代码「${code}」重复`,
    unreadable: (path, reason) => supervisionError('supervision.defaults_unreadable', { path, reason }),
    invalid: (source, problems) => supervisionError('supervision.invalid_definition', { source, problems }),
  })
}
