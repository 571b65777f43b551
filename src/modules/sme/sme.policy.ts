// The screening rule as a versioned policy kind: one rule per code (see src/modules/policies).
import { propertyChanges } from '../../core/diff.js'
import type { Db } from '../../db/database.js'
import { currentModels } from '../grading/index.js'
import { CODE_KEYED, codedEditErrors, type EditErrorFactory, editedDetails, policyService } from '../policies/index.js'
import { smeError } from './sme.errors.js'
import type { ScreeningRuleDefinition } from './sme.types.js'
import { checkScreeningRule, normaliseScreeningRule, type ScreeningReferences } from './sme.validate.js'

/** The grades of a model's bands, best (highest minimum) first. */
export function gradesBestFirst(bands: readonly { grade: string; min: number }[]): string[] {
  return [...bands].sort((a, b) => b.min - a.min).map((b) => b.grade)
}

/** The current grading models, as the validator wants them. */
export async function references(db: Db): Promise<ScreeningReferences> {
  return {
    models: new Map(
      (await currentModels(db)).map((m) => [m.code, { grades: gradesBestFirst(m.bands), status: m.status }]),
    ),
  }
}

const changes = (a: object, b: object) =>
  propertyChanges(a as Record<string, unknown>, b as Record<string, unknown>, ['version'])

export const smePolicy = policyService<ScreeningRuleDefinition, string>({
  table: 'sme_rules',
  ...CODE_KEYED,
  labels: { notObject: '定义应为 JSON 对象', defaults: { first: '默认筛选规则', update: '默认筛选规则更新' } },
  normalise: (input) => normaliseScreeningRule(input),
  check: async (def, db) => checkScreeningRule(def, await references(db)),
  diff: (a, b) => ({ code: b.code, from: a.version, to: b.version, changes: changes(a, b) }),
  errors: {
    notFound: (code, version) => smeError('sme.not_found', { code, ...(version !== undefined ? { version } : {}) }),
    versionNotFound: (code, version, latest) => smeError('sme.version_not_found', { code, version, latest }),
    ...codedEditErrors(smeError as EditErrorFactory, 'sme'),
  },
  audit: {
    edited: (edit) => ({
      action: edit.previous ? 'sme.rule_updated' : 'sme.rule_created',
      targetType: 'sme_rule',
      targetId: edit.key,
      details: {
        ...editedDetails(edit),
        changed: edit.previous ? changes(edit.previous, edit.stored).map((c) => c.property) : [],
      },
    }),
    defaultsLoaded: (r) => ({
      action: 'sme.defaults_loaded',
      targetType: 'sme_rules',
      details: { added: r.added.length, updated: r.updated, kept: r.kept },
    }),
  },
})
