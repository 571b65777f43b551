// The supervision policy as a versioned policy kind: one policy per code (see src/modules/policies).
import { propertyChanges } from '../../core/diff.js'
import type { Db } from '../../db/database.js'
import { currentModels } from '../grading/index.js'
import { currentMeasures } from '../measures/index.js'
import { CODE_KEYED, codedEditErrors, type EditErrorFactory, editedDetails, policyService } from '../policies/index.js'
import { supervisionError } from './supervision.errors.js'
import type { SupervisionPolicyDefinition } from './supervision.types.js'
import { checkSupervisionPolicy, normalisePolicy, type SupervisionReferences } from './supervision.validate.js'

/** The current grading models and measures, as the validator wants them. */
export async function references(db: Db): Promise<SupervisionReferences> {
  return {
    models: new Map(
      (await currentModels(db)).map((m) => [m.code, { grades: m.bands.map((b) => b.grade), status: m.status }]),
    ),
    measures: new Set((await currentMeasures(db)).map((m) => m.code)),
  }
}

const changes = (a: object, b: object) =>
  propertyChanges(a as Record<string, unknown>, b as Record<string, unknown>, ['version'])

export const supervisionPolicy = policyService<SupervisionPolicyDefinition, string>({
  table: 'supervision_policies',
  ...CODE_KEYED,
  labels: { notObject: '定义应为 JSON 对象', defaults: { first: '默认监管政策', update: '默认监管政策更新' } },
  normalise: (input) => normalisePolicy(input),
  check: async (def, db) => checkSupervisionPolicy(def, await references(db)),
  diff: (a, b) => ({ code: b.code, from: a.version, to: b.version, changes: changes(a, b) }),
  errors: {
    notFound: (code, version) =>
      supervisionError('supervision.not_found', { code, ...(version !== undefined ? { version } : {}) }),
    versionNotFound: (code, version, latest) =>
      supervisionError('supervision.version_not_found', { code, version, latest }),
    ...codedEditErrors(supervisionError as EditErrorFactory, 'supervision'),
  },
  audit: {
    edited: (edit) => ({
      action: edit.previous ? 'supervision.policy_updated' : 'supervision.policy_created',
      targetType: 'supervision_policy',
      targetId: edit.key,
      details: {
        ...editedDetails(edit),
        changed: edit.previous ? changes(edit.previous, edit.stored).map((c) => c.property) : [],
      },
    }),
    defaultsLoaded: (r) => ({
      action: 'supervision.defaults_loaded',
      targetType: 'supervision_policies',
      details: { added: r.added.length, updated: r.updated, kept: r.kept },
    }),
  },
})
