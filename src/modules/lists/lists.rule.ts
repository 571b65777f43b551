// The escalation rule (重点关注名单升级规则): its shape, its checks and the default file data/lists/escalation.json.
import { readFileSync } from 'node:fs'
import { contentHash } from '../../core/versioned-policy.js'
import { dataFilePath } from '../../identifiers/index.js'
import { listError } from './lists.errors.js'

/**
 * N general records in M months propose a focus-list entry (never list anyone by themselves).
 * - enabled: off by default; a scan of a disabled rule proposes nothing.
 * - generalRecords (N): at least this many records count (2-100).
 * - withinMonths (M): decided within the last M months (1-60) and still inside their publication window.
 * - classes: only records of these negative, non-list classes count; empty = every negative class.
 * - focusMonths: the period of a confirmed entry (1 to the focus_list class's periodMonths).
 * - department: the deciding department (认定单位) when the confirming operator has none.
 * - basis: the legal basis (列入依据) proposed on confirmation.
 */
export interface EscalationRule {
  enabled: boolean
  generalRecords: number
  withinMonths: number
  classes: string[]
  focusMonths: number
  department: string | null
  basis: string[]
}

export const RULE_KEYS = [
  'enabled',
  'generalRecords',
  'withinMonths',
  'classes',
  'focusMonths',
  'department',
  'basis',
] as const

const CODE_RE = /^[a-z][a-z0-9_]{1,63}$/
const DEPT_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

/** What the checks need to know of the catalog: each current class with its polarity and whether it is a list. */
export interface RuleCatalog {
  classes: ReadonlyMap<string, { polarity: string; list: boolean }>
  /** periodMonths of the focus_list class (null: no fixed period). */
  focusPeriodMonths: number | null
}

const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max

/** Fills what a rule may leave out: no class filter, no department, 12 months. */
export function normaliseRule(input: Record<string, unknown>): EscalationRule {
  const { version: _v, ...rest } = input
  return { classes: [], department: null, focusMonths: 12, ...rest } as unknown as EscalationRule
}

/** The problems of a rule in Chinese (empty when sound). `catalog` (when given) checks classes and the period. */
export function checkRule(rule: unknown, catalog?: RuleCatalog): string[] {
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) return ['规则应为 JSON 对象']
  const r = rule as Record<string, unknown>
  const p: string[] = []
  for (const k of Object.keys(r)) if (!(RULE_KEYS as readonly string[]).includes(k)) p.push(`未知属性「${k}」`)
  if (typeof r.enabled !== 'boolean') p.push('enabled（是否启用）应为 true 或 false')
  if (!isInt(r.generalRecords, 2, 100))
    p.push('generalRecords（一般失信记录条数 N）应为 2 到 100 的整数：一条一般失信记录不足以升级列入')
  if (!isInt(r.withinMonths, 1, 60)) p.push('withinMonths（统计期间 M 个月）应为 1 到 60 的整数')
  if (!Array.isArray(r.classes) || !r.classes.every((c) => typeof c === 'string' && CODE_RE.test(c)))
    p.push('classes（计入的信息类别）应为目录类别代码的数组，空数组表示全部负面类别')
  else {
    if (new Set(r.classes).size !== r.classes.length) p.push('classes 中有重复的类别')
    if (catalog)
      for (const c of r.classes as string[]) {
        const cls = catalog.classes.get(c)
        if (!cls) p.push(`classes：类别「${c}」不在信用信息目录中`)
        else if (cls.polarity !== 'negative') p.push(`classes：类别「${c}」不是负面（失信）信息类别`)
        else if (cls.list) p.push(`classes：类别「${c}」是名单类别，名单记录不计入升级条件`)
      }
  }
  const maxFocus = catalog?.focusPeriodMonths ?? 36
  if (!isInt(r.focusMonths, 1, maxFocus))
    p.push(`focusMonths（列入期限）应为 1 到 ${maxFocus} 的整数（不超过重点关注名单类别的期限）`)
  if (r.department !== null && (typeof r.department !== 'string' || !DEPT_RE.test(r.department)))
    p.push('department（认定单位）应为部门代码或 null')
  if (
    !Array.isArray(r.basis) ||
    r.basis.length === 0 ||
    !r.basis.every((b) => typeof b === 'string' && b.trim().length >= 4 && [...b].length <= 500)
  )
    p.push('basis（列入依据）至少一项，每项 4 到 500 个字，写明法律、法规或政策文件')
  return p
}

/** The rule with only its known keys, in a fixed order. */
export function pickRule(rule: EscalationRule): EscalationRule {
  return {
    enabled: rule.enabled,
    generalRecords: rule.generalRecords,
    withinMonths: rule.withinMonths,
    classes: [...rule.classes],
    focusMonths: rule.focusMonths,
    department: rule.department,
    basis: rule.basis.map((b) => b.trim()),
  }
}

/** SHA-256 of the canonical JSON of a rule. */
export function ruleHash(rule: EscalationRule): string {
  return contentHash(pickRule(rule))
}

export function defaultRuleFile(): string {
  return dataFilePath('lists/escalation.json')
}

/** The default rule from data/lists/escalation.json (`{"about": "...", "rule": {...}}`), checked. */
export function readDefaultRule(path: string = defaultRuleFile(), catalog?: RuleCatalog): EscalationRule {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as unknown
  } catch (e) {
    throw listError('lists.rule_defaults_unreadable', { path, reason: (e as Error).message })
  }
  const rule = (raw as { rule?: unknown } | null)?.rule
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule))
    throw listError('lists.rule_invalid', { source: path, problems: ['文件应为 {"about": "...", "rule": {...}}'] })
  const normalised = normaliseRule(rule as Record<string, unknown>)
  const problems = checkRule(normalised, catalog)
  if (problems.length) throw listError('lists.rule_invalid', { source: path, problems })
  return pickRule(normalised)
}
