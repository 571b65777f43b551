// The catalog class as a versioned policy kind: one policy per class code (see src/modules/policies).
import { CODE_KEYED, codedEditErrors, type EditErrorFactory, editedDetails, policyService } from '../policies/index.js'
import { type ClassDefinition, normaliseDefinition } from './catalog.defaults.js'
import { diffVersions } from './catalog.diff.js'
import { catalogError } from './catalog.errors.js'
import type { CatalogClass } from './catalog.types.js'
import { checkClassDefinition } from './catalog.validate.js'

export const classPolicy = policyService<ClassDefinition, string>({
  table: 'catalog_classes',
  ...CODE_KEYED,
  labels: { notObject: '定义应为 JSON 对象', defaults: { first: '默认目录', update: '默认目录更新' } },
  normalise: (input) => normaliseDefinition(input),
  check: (def) => checkClassDefinition(def),
  diff: (a, b) => diffVersions(a as CatalogClass, b as CatalogClass),
  errors: {
    notFound: (code, version, known) =>
      known
        ? catalogError('catalog.version_not_found', { code, version })
        : catalogError('catalog.class_not_found', { code }),
    ...codedEditErrors(catalogError as EditErrorFactory, 'catalog'),
  },
  audit: {
    edited: (edit) => {
      const { key: code, stored, previous } = edit
      const diff = previous ? diffVersions(previous as CatalogClass, stored as CatalogClass) : undefined
      return {
        action: previous ? 'catalog.class_updated' : 'catalog.class_created',
        targetType: 'catalog_class',
        targetId: code,
        details: {
          ...editedDetails(edit),
          ...(diff
            ? {
                changed: diff.changes.map((c) => c.property),
                fieldsAdded: diff.fields.added.map((f) => f.code),
                fieldsRemoved: diff.fields.removed.map((f) => f.code),
                fieldsChanged: diff.fields.changed.map((f) => f.code),
              }
            : {}),
        },
      }
    },
    // the catalog records its defaults event itself (with the publication rule sets): see loadDefaultCatalog
    defaultsLoaded: (r) => ({
      action: 'catalog.defaults_loaded',
      targetType: 'catalog',
      details: { added: r.added, updated: r.updated, kept: r.kept },
    }),
  },
})
