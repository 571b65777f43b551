// The escalation rule as a versioned policy kind: one single policy, served with its version bookkeeping (see
// src/modules/policies).
import type { PolicyVersionInfo } from '../../core/versioned-policy.js'
import type { Db } from '../../db/database.js'
import { departmentExists } from '../access/index.js'
import { currentClasses } from '../catalog/index.js'
import { policyService } from '../policies/index.js'
import { listError } from './lists.errors.js'
import { checkRule, type EscalationRule, normaliseRule, pickRule, type RuleCatalog } from './lists.rule.js'

export const FOCUS_CLASS = 'focus_list'

/** One version of the rule: the rule itself with the shared version bookkeeping. */
export interface RuleVersion extends PolicyVersionInfo {
  rule: EscalationRule
}

/** The catalog facts the rule is checked against. */
export async function ruleCatalog(db: Db): Promise<RuleCatalog> {
  const classes = await currentClasses(db)
  const focus = classes.find((c) => c.code === FOCUS_CLASS)
  return {
    classes: new Map(
      classes.map((c) => [c.code, { polarity: c.polarity, list: c.list !== null && c.list !== undefined }]),
    ),
    focusPeriodMonths: focus?.list?.periodMonths ?? null,
  }
}

/** Checked against the catalog, and the department against the registered departments. */
async function checkAgainst(rule: EscalationRule, db: Db): Promise<string[]> {
  const problems = checkRule(rule, await ruleCatalog(db))
  if (rule.department && problems.length === 0 && !(await departmentExists(db, rule.department)))
    problems.push(`department：部门「${rule.department}」未登记`)
  return problems
}

export const rulePolicy = policyService<EscalationRule, null>({
  table: 'list_escalation_rules',
  key: null,
  keyInDefinition: false,
  storesVersion: false,
  served: { as: 'info', field: 'rule' },
  versionsWithDefinition: true,
  reason: { required: true },
  unchanged: 'error',
  labels: { notObject: '规则应为 JSON 对象', defaults: { first: '默认升级规则', update: '默认升级规则更新' } },
  normalise: (input) => normaliseRule(input),
  check: (rule, db) => checkAgainst(rule, db),
  canonical: pickRule,
  errors: {
    notFound: (_key, version) => listError('lists.rule_not_found', version === undefined ? {} : { version }),
    invalid: (_key, problems) => listError('lists.rule_invalid', { problems }),
    reasonRequired: () => listError('lists.rule_reason_required'),
    unchanged: () => listError('lists.rule_unchanged'),
    conflict: (_key, current, base) => listError('lists.rule_version_conflict', { current, base }),
    race: (_key, base, cause) => listError('lists.rule_version_conflict', { base }, { cause }),
  },
  audit: {
    edited: ({ version, stored, previous, reason }) => {
      const rule = pickRule(stored)
      const changed = previous
        ? Object.keys(rule).filter(
            (k) =>
              JSON.stringify((previous as unknown as Record<string, unknown>)[k]) !==
              JSON.stringify((rule as unknown as Record<string, unknown>)[k]),
          )
        : Object.keys(rule)
      return {
        action: 'lists.rule_updated',
        targetType: 'list_escalation_rule',
        targetId: String(version),
        details: { version, previous: previous?.version ?? null, reason, changed, rule },
      }
    },
    defaultsLoaded: (r, defaults) => {
      const { outcome, version } = r.plans[0] ?? { outcome: 'unchanged', version: 0 }
      return {
        action: 'lists.rule_defaults_loaded',
        targetType: 'list_escalation_rule',
        targetId: String(version),
        details: { version, outcome, enabled: defaults[0]?.[1].enabled },
      }
    },
  },
})
