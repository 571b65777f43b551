// Early-warning rules as a versioned policy kind keyed by code (src/modules/policies): versions, defaults from
// data/watches/rules.json, edits with a reason, diffs, routes.
import { readFileSync } from 'node:fs'
import type { Actor } from '../../core/actor.js'
import { systemActor } from '../../core/actor.js'
import type { Ctx } from '../../core/context.js'
import { propertyChanges } from '../../core/diff.js'
import type { Db } from '../../db/database.js'
import { dataFilePath } from '../../identifiers/index.js'
import { currentClasses } from '../catalog/index.js'
import { CODE_KEYED, codedEditErrors, type EditErrorFactory, editedDetails, policyService } from '../policies/index.js'
import { watchError } from './watches.errors.js'
import { checkRule, normaliseRule, pickRule, type WatchRule } from './watches.rules.js'

async function classCodes(db: Db): Promise<Set<string>> {
  return new Set((await currentClasses(db)).map((c) => c.code))
}

const changes = (a: object, b: object) =>
  propertyChanges(a as Record<string, unknown>, b as Record<string, unknown>, ['version'])

export const watchRulePolicy = policyService<WatchRule, string>({
  table: 'watch_rules',
  ...CODE_KEYED,
  labels: { notObject: '定义应为 JSON 对象', defaults: { first: '默认预警规则', update: '默认预警规则更新' } },
  normalise: (input) => normaliseRule(input),
  check: async (def, db) => checkRule(def, await classCodes(db)),
  canonical: pickRule,
  diff: (a, b) => ({ code: b.code, from: a.version, to: b.version, changes: changes(a, b) }),
  errors: {
    notFound: (code, version) =>
      watchError('watch_rule.not_found', { code, ...(version !== undefined ? { version } : {}) }),
    ...codedEditErrors(watchError as EditErrorFactory, 'watch_rule'),
  },
  audit: {
    edited: (edit) => ({
      action: edit.previous ? 'watch_rule.updated' : 'watch_rule.created',
      targetType: 'watch_rule',
      targetId: edit.key,
      details: {
        ...editedDetails(edit),
        changed: edit.previous ? changes(edit.previous, edit.stored).map((c) => c.property) : [],
      },
    }),
    defaultsLoaded: (r) => ({
      action: 'watch_rule.defaults_loaded',
      targetType: 'watch_rules',
      details: { added: r.added.length, updated: r.updated, kept: r.kept },
    }),
  },
})

export function defaultRulesFile(): string {
  return dataFilePath('watches/rules.json')
}

/** The default rules shipped in data/watches/rules.json, checked. */
export function readDefaultRules(classes: ReadonlySet<string>, path: string = defaultRulesFile()): WatchRule[] {
  let raw: { rules?: unknown }
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as { rules?: unknown }
  } catch (e) {
    throw watchError('watch_rule.defaults_unreadable', { path, reason: (e as Error).message })
  }
  if (!Array.isArray(raw.rules))
    throw watchError('watch_rule.invalid_definition', { source: path, problems: ['文件应为 {"rules": [...]}'] })
  return raw.rules.map((r) => {
    const rule = normaliseRule((r ?? {}) as Record<string, unknown>)
    const problems = checkRule(rule, classes)
    if (problems.length) throw watchError('watch_rule.invalid_definition', { source: `${path} ${rule.code}`, problems })
    return rule
  })
}

/** Loads the default rules (new versions only while the current one is a default; operators' edits kept). */
export async function loadDefaultWatchRules(ctx: Ctx, options: { actor?: Actor; path?: string } = {}) {
  return watchRulePolicy.loadDefaults(ctx, options.actor ?? systemActor('migrate'), async () =>
    readDefaultRules(await classCodes(ctx.db), options.path).map((r) => [r.code, r] as const),
  )
}

/** The current rules (enabled or not). */
export async function currentWatchRules(db: Db): Promise<WatchRule[]> {
  return (await watchRulePolicy.current(db)).map((c) => c.def as WatchRule)
}

/** One rule (a version, or the current one). */
export async function getWatchRule(db: Db, code: string, version?: number): Promise<WatchRule> {
  return (await watchRulePolicy.definition(db, code, version)) as WatchRule
}
