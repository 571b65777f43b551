// The report template as a versioned policy kind: one policy per report kind (see src/modules/policies).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { propertyChanges } from '../../core/diff.js'
import type { Db } from '../../db/database.js'
import { dataFilePath } from '../../identifiers/index.js'
import { currentClasses } from '../catalog/index.js'
import { SCENARIO_LABELS } from '../measures/index.js'
import { CODE_KEYED, codedEditErrors, type EditErrorFactory, editedDetails, policyService } from '../policies/index.js'
import { reportError } from './reports.errors.js'
import { checkTemplate, normaliseTemplate, type ReportTemplate } from './reports.template.js'

const changes = (a: object, b: object) =>
  propertyChanges(a as Record<string, unknown>, b as Record<string, unknown>, ['version'])

async function known(db: Db) {
  return {
    classes: new Set((await currentClasses(db)).map((c) => c.code)),
    scenarios: new Set(Object.keys(SCENARIO_LABELS)),
  }
}

export const templatePolicy = policyService<ReportTemplate, string>({
  table: 'report_templates',
  ...CODE_KEYED,
  labels: { notObject: '定义应为 JSON 对象', defaults: { first: '默认报告模板', update: '默认报告模板更新' } },
  normalise: (input) => normaliseTemplate(input),
  check: async (def, db) => checkTemplate(def, await known(db)),
  diff: (a, b) => ({ code: b.code, from: a.version, to: b.version, changes: changes(a, b) }),
  errors: {
    notFound: (code, version) =>
      reportError('report.template_not_found', { code, ...(version !== undefined ? { version } : {}) }),
    versionNotFound: (code, version, latest) =>
      reportError('report.template_version_not_found', { code, version, latest }),
    ...codedEditErrors(reportError as EditErrorFactory, 'report'),
  },
  audit: {
    edited: (edit) => ({
      action: edit.previous ? 'report.template_updated' : 'report.template_created',
      targetType: 'report_template',
      targetId: edit.key,
      details: {
        ...editedDetails(edit),
        changed: edit.previous ? changes(edit.previous, edit.stored).map((c) => c.property) : [],
      },
    }),
    defaultsLoaded: (r) => ({
      action: 'report.templates_loaded',
      targetType: 'report_templates',
      details: { added: r.added, updated: r.updated, kept: r.kept },
    }),
  },
})

export function defaultTemplatesDir(): string {
  return dataFilePath('reports')
}

/** Every `*.json` of the directory, one template each, checked; the file name is the kind. */
export async function readDefaultTemplates(db: Db, dir: string = defaultTemplatesDir()): Promise<ReportTemplate[]> {
  let names: string[]
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort()
  } catch (e) {
    throw reportError('report.defaults_unreadable', { path: dir, reason: (e as Error).message })
  }
  const k = await known(db)
  const out: ReportTemplate[] = []
  for (const name of names) {
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(join(dir, name), 'utf8'))
    } catch (e) {
      throw reportError('report.defaults_unreadable', { path: join(dir, name), reason: (e as Error).message })
    }
    const def = normaliseTemplate((raw ?? {}) as Record<string, unknown>)
    const problems = checkTemplate(def, k)
    if (`${def.code}.json` !== name) problems.push(`文件名应为 ${def.code}.json`)
    if (problems.length) throw reportError('report.invalid_definition', { source: name, problems })
    out.push(def)
  }
  return out
}
