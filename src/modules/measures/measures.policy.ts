// The measure as a versioned policy kind: one policy per measure code (see src/modules/policies).
import { propertyChanges } from '../../core/diff.js'
import type { Db } from '../../db/database.js'
import { currentClasses } from '../catalog/index.js'
import { currentModels } from '../grading/index.js'
import { CODE_KEYED, codedEditErrors, type EditErrorFactory, editedDetails, policyService } from '../policies/index.js'
import { measureError } from './measures.errors.js'
import type { MeasureDefinition } from './measures.types.js'
import { checkMeasureDefinition, normaliseMeasure } from './measures.validate.js'

/** The catalog's current classes as the validator wants them (trigger classes must exist; list triggers on lists). */
export async function catalogIndex(db: Db): Promise<Map<string, { list: boolean }>> {
  return new Map((await currentClasses(db)).map((c) => [c.code, { list: c.list !== null && c.list !== undefined }]))
}

/** The current grading models with their grades (grade triggers must name one of them). */
export async function gradingIndex(db: Db): Promise<Map<string, string[]>> {
  return new Map((await currentModels(db)).map((m) => [m.code, m.bands.map((b) => b.grade)]))
}

const changes = (a: object, b: object) =>
  propertyChanges(a as Record<string, unknown>, b as Record<string, unknown>, ['version'])

export const measurePolicy = policyService<MeasureDefinition, string>({
  table: 'measures',
  ...CODE_KEYED,
  labels: { notObject: '定义应为 JSON 对象', defaults: { first: '默认措施清单', update: '默认措施清单更新' } },
  normalise: (input) => normaliseMeasure(input),
  check: async (def, db) => checkMeasureDefinition(def, await catalogIndex(db), await gradingIndex(db)),
  diff: (a, b) => ({ code: b.code, from: a.version, to: b.version, changes: changes(a, b) }),
  errors: {
    notFound: (code, version) =>
      measureError('measure.not_found', { code, ...(version !== undefined ? { version } : {}) }),
    versionNotFound: (code, version, latest) => measureError('measure.version_not_found', { code, version, latest }),
    ...codedEditErrors(measureError as EditErrorFactory, 'measure'),
  },
  audit: {
    edited: (edit) => ({
      action: edit.previous ? 'measure.updated' : 'measure.created',
      targetType: 'measure',
      targetId: edit.key,
      details: {
        ...editedDetails(edit),
        changed: edit.previous ? changes(edit.previous, edit.stored).map((c) => c.property) : [],
      },
    }),
    defaultsLoaded: (r) => ({
      action: 'measure.defaults_loaded',
      targetType: 'measures',
      details: { added: r.added.length, updated: r.updated, kept: r.kept },
    }),
  },
})
