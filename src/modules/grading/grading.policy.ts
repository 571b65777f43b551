// The grading model as a versioned policy kind: one policy per model code (see src/modules/policies).
import { propertyChanges } from '../../core/diff.js'
import type { Db } from '../../db/database.js'
import { currentClasses } from '../catalog/index.js'
import { CODE_KEYED, codedEditErrors, type EditErrorFactory, editedDetails, policyService } from '../policies/index.js'
import { gradingError } from './grading.errors.js'
import type { GradingModelDefinition } from './grading.types.js'
import { type ClassInfo, checkModel, normaliseModel } from './grading.validate.js'

/** The catalog's current classes as the validator wants them (code -> fields). */
export async function classInfo(db: Db): Promise<Map<string, ClassInfo>> {
  return new Map((await currentClasses(db)).map((c) => [c.code, { fields: c.fields }]))
}

const changes = (a: object, b: object) =>
  propertyChanges(a as Record<string, unknown>, b as Record<string, unknown>, ['version'])

export const gradingPolicy = policyService<GradingModelDefinition, string>({
  table: 'grading_models',
  ...CODE_KEYED,
  labels: { notObject: '定义应为 JSON 对象', defaults: { first: '默认评价模型', update: '默认评价模型更新' } },
  normalise: (input) => normaliseModel(input),
  check: async (def, db) => checkModel(def, await classInfo(db)),
  diff: (a, b) => ({ code: b.code, from: a.version, to: b.version, changes: changes(a, b) }),
  errors: {
    notFound: (code, version) =>
      gradingError('grading.not_found', { code, ...(version !== undefined ? { version } : {}) }),
    versionNotFound: (code, version, latest) => gradingError('grading.version_not_found', { code, version, latest }),
    ...codedEditErrors(gradingError as EditErrorFactory, 'grading'),
  },
  audit: {
    edited: (edit) => ({
      action: edit.previous ? 'grading.model_updated' : 'grading.model_created',
      targetType: 'grading_model',
      targetId: edit.key,
      details: {
        ...editedDetails(edit),
        changed: edit.previous ? changes(edit.previous, edit.stored).map((c) => c.property) : [],
      },
    }),
    defaultsLoaded: (r) => ({
      action: 'grading.defaults_loaded',
      targetType: 'grading_models',
      details: { added: r.added.length, updated: r.updated, kept: r.kept },
    }),
  },
})
