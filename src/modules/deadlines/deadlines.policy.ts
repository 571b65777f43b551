// The deadline policy as a versioned policy kind: one policy per code (see src/modules/policies).
import { propertyChanges } from '../../core/diff.js'
import { CODE_KEYED, codedEditErrors, type EditErrorFactory, editedDetails, policyService } from '../policies/index.js'
import { deadlineError } from './deadlines.errors.js'
import type { DeadlineDefinition } from './deadlines.types.js'
import { checkDeadline, normaliseDeadline } from './deadlines.validate.js'

const changes = (a: object, b: object) =>
  propertyChanges(a as Record<string, unknown>, b as Record<string, unknown>, ['version'])

export const deadlinePolicy = policyService<DeadlineDefinition, string>({
  table: 'deadline_policies',
  ...CODE_KEYED,
  labels: { notObject: '定义应为 JSON 对象', defaults: { first: '默认办理期限', update: '默认办理期限更新' } },
  normalise: (input) => normaliseDeadline(input),
  check: (def) => checkDeadline(def),
  diff: (a, b) => ({ code: b.code, from: a.version, to: b.version, changes: changes(a, b) }),
  errors: {
    notFound: (code, version) =>
      deadlineError('deadline.not_found', { code, ...(version !== undefined ? { version } : {}) }),
    versionNotFound: (code, version, latest) => deadlineError('deadline.version_not_found', { code, version, latest }),
    ...codedEditErrors(deadlineError as EditErrorFactory, 'deadline'),
  },
  audit: {
    edited: (edit) => ({
      action: edit.previous ? 'deadline.updated' : 'deadline.created',
      targetType: 'deadline_policy',
      targetId: edit.key,
      details: {
        ...editedDetails(edit),
        workingDays: edit.stored.workingDays,
        changed: edit.previous ? changes(edit.previous, edit.stored).map((c) => c.property) : [],
      },
    }),
    defaultsLoaded: (r) => ({
      action: 'deadline.defaults_loaded',
      targetType: 'deadline_policies',
      details: { added: r.added, updated: r.updated, kept: r.kept },
    }),
  },
})
