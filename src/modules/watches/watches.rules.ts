// Early-warning rules (预警规则): data, versioned like every policy. A rule turns the events of a watched entity into
// an `alert` event: a count of records within a period (e.g. 3 administrative penalties in 6 months), or one event
// of a kind (entering a black list, a grade falling to D).
import { WATCH_EVENT_TYPES, type WatchEventType } from './watches.types.js'

export interface CountCondition {
  kind: 'count'
  /** Counted: the entity's active records of these classes (any class when empty)... */
  classes: string[]
  /** ...and of this polarity (null: either). */
  polarity: 'negative' | 'positive' | null
  /** ...and of these severities (empty: any). */
  severities: string[]
  /** The alert fires when a new record makes at least `count` such records decided within the last `months`. */
  count: number
  months: number
}

export interface EventCondition {
  kind: 'event'
  /** The event type that fires it. */
  event: WatchEventType
  /** Only list entries of these kinds (list.entered / list.exited; empty: any). */
  listKinds: string[]
  /** Only records of these classes (empty: any). */
  classes: string[]
  /** grade.changed: only when the new grade is one of these (empty: any). */
  grades: string[]
}

export interface WatchRule {
  code: string
  version?: number
  /** Chinese name shown with the alert. */
  name: string
  /** 提示 | 警示 | 严重: how urgent the alert is. */
  level: 'info' | 'warning' | 'serious'
  enabled: boolean
  when: CountCondition | EventCondition
  /** Why the rule exists (a document, a policy). */
  basis: string | null
}

const LEVELS = ['info', 'warning', 'serious'] as const
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? [...new Set(v.filter((x): x is string => typeof x === 'string').map((x) => x.trim()))].sort() : []

/** Fills what may be left out; drops `version`. */
export function normaliseRule(input: Record<string, unknown>): WatchRule {
  const when = (input.when ?? {}) as Record<string, unknown>
  const condition: CountCondition | EventCondition =
    when.kind === 'count'
      ? {
          kind: 'count',
          classes: strings(when.classes),
          polarity: when.polarity === 'negative' || when.polarity === 'positive' ? when.polarity : null,
          severities: strings(when.severities),
          count: Number(when.count),
          months: Number(when.months),
        }
      : {
          kind: 'event',
          event: String(when.event ?? '') as WatchEventType,
          listKinds: strings(when.listKinds),
          classes: strings(when.classes),
          grades: strings(when.grades),
        }
  return {
    code: typeof input.code === 'string' ? input.code.trim() : '',
    name: typeof input.name === 'string' ? input.name.trim() : '',
    level: LEVELS.includes(input.level as (typeof LEVELS)[number]) ? (input.level as WatchRule['level']) : 'warning',
    enabled: input.enabled !== false,
    when: condition,
    basis: typeof input.basis === 'string' && input.basis.trim() !== '' ? input.basis.trim() : null,
  }
}

/** Problems in Chinese (empty: fine); `classes` are the catalog's current class codes. */
export function checkRule(rule: WatchRule, classes: ReadonlySet<string>): string[] {
  const problems: string[] = []
  if (!/^[a-z][a-z0-9_]{1,63}$/.test(rule.code))
    problems.push('code：应为 2 到 64 位小写字母、数字或下划线，以字母开头')
  if (rule.name === '' || [...rule.name].length > 100) problems.push('name：应为 1 到 100 个字的规则名称')
  for (const c of rule.when.classes) if (!classes.has(c)) problems.push(`when.classes：类别「${c}」不在信用信息目录中`)
  if (rule.when.kind === 'count') {
    if (!Number.isInteger(rule.when.count) || rule.when.count < 1 || rule.when.count > 100)
      problems.push('when.count：应为 1 到 100 的整数（达到该条数时预警）')
    if (!Number.isInteger(rule.when.months) || rule.when.months < 1 || rule.when.months > 120)
      problems.push('when.months：应为 1 到 120 的整数（统计最近多少个月的记录）')
  } else if (!WATCH_EVENT_TYPES.includes(rule.when.event) || rule.when.event === 'alert')
    problems.push(
      `when.event：应为 ${WATCH_EVENT_TYPES.filter((t) => t !== 'alert').join('、')} 之一，当前为「${rule.when.event}」`,
    )
  return problems
}

/** The stored form: the rule's own properties only. */
export function pickRule(rule: WatchRule): WatchRule {
  const { code, version, name, level, enabled, when, basis } = rule
  return { code, ...(version !== undefined ? { version } : {}), name, level, enabled, when, basis }
}
