// Checks a measure definition: shape and meaning. Returns the problems in Chinese; empty when sound.
import { ENTITY_KINDS } from '../entities/index.js'
import { MEASURE_KINDS, type MeasureDefinition } from './measures.types.js'

const CODE_RE = /^[a-z][a-z0-9_]{1,63}$/
const DEPT_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/
const SEVERITIES = ['minor', 'general', 'serious']
const LIST_KINDS = ['red', 'black', 'focus']
const CJK_RE = /\p{Script=Han}/u
const KNOWN_KEYS = new Set([
  'code',
  'nameZh',
  'kind',
  'content',
  'basis',
  'departments',
  'scenarios',
  'triggers',
  'exclusions',
  'subjectKinds',
  'effectiveFrom',
  'effectiveTo',
  'scope',
  'field',
  'status',
])

function isDate(s: unknown): s is string {
  if (typeof s !== 'string' || !DATE_RE.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

function text(v: unknown, min: number, max: number): boolean {
  return typeof v === 'string' && v.trim().length >= min && [...v].length <= max
}

function stringList(v: unknown, test: (s: string) => boolean): v is string[] {
  return Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string' && test(s))
}

/**
 * `classes` (when given) are the catalog's current classes with whether each is a list class: triggers must name
 * a catalog class, list triggers a list class (no measure rests on information outside the catalog).
 */
export function checkMeasureDefinition(
  def: unknown,
  classes?: ReadonlyMap<string, { list: boolean }>,
  models?: ReadonlyMap<string, readonly string[]>,
): string[] {
  if (typeof def !== 'object' || def === null || Array.isArray(def)) return ['定义应为 JSON 对象']
  const d = def as Record<string, unknown>
  const p: string[] = []
  for (const k of Object.keys(d)) if (!KNOWN_KEYS.has(k) && k !== 'version') p.push(`未知属性「${k}」`)
  if (typeof d.code !== 'string' || !CODE_RE.test(d.code))
    p.push('code 应为小写字母开头的代码（字母、数字、下划线，2 到 64 位）')
  if (!text(d.nameZh, 2, 100)) p.push('nameZh（措施名称）为必填项，2 到 100 个字')
  if (!MEASURE_KINDS.includes(d.kind as never)) p.push('kind 应为 reward（守信激励）或 punish（失信惩戒）')
  if (!text(d.content, 4, 2000)) p.push('content（措施内容）为必填项，4 到 2000 个字')
  if (!stringList(d.basis, (s) => s.trim().length >= 4))
    p.push('basis（法律和政策依据）至少一项：每项措施须注明法律、法规或中央政策文件依据')
  if (!stringList(d.departments, (s) => DEPT_RE.test(s))) p.push('departments（实施部门）至少一个，填写部门代码')
  if (!stringList(d.scenarios, (s) => CODE_RE.test(s))) p.push('scenarios（适用场景）至少一个，填写场景代码')
  if (!stringList(d.subjectKinds, (s) => (ENTITY_KINDS as readonly string[]).includes(s)))
    p.push(`subjectKinds（适用主体类型）至少一个，可选 ${ENTITY_KINDS.join('、')}`)
  if (!isDate(d.effectiveFrom)) p.push('effectiveFrom（生效日期）应为 YYYY-MM-DD')
  if (d.effectiveTo !== null && d.effectiveTo !== undefined) {
    if (!isDate(d.effectiveTo)) p.push('effectiveTo（失效日期）应为 YYYY-MM-DD 或 null')
    else if (isDate(d.effectiveFrom) && d.effectiveTo < d.effectiveFrom) p.push('effectiveTo 不得早于 effectiveFrom')
  }
  if (d.scope !== 'general' && d.scope !== 'field') p.push('scope 应为 general（通用）或 field（领域）')
  if (d.scope === 'field' && !text(d.field, 1, 50)) p.push('领域措施须填写 field（所属领域）')
  if (d.field !== null && d.field !== undefined && typeof d.field !== 'string') p.push('field 应为文字或 null')
  if (d.status !== 'active' && d.status !== 'retired') p.push('status 应为 active 或 retired')
  if (!Array.isArray(d.triggers) || d.triggers.length === 0) p.push('triggers（触发条件）至少一个')
  else
    for (const [i, t] of d.triggers.entries()) {
      const where = `triggers[${i}]`
      if (typeof t !== 'object' || t === null || Array.isArray(t)) {
        p.push(`${where} 应为对象`)
        continue
      }
      const tr = t as Record<string, unknown>
      if (typeof tr.type !== 'string' || !CODE_RE.test(tr.type)) {
        p.push(`${where}.type 应为触发类型代码（list、record 等）`)
        continue
      }
      if (tr.type === 'grade') {
        checkGradeTrigger(where, tr, models, p)
        continue
      }
      if (tr.type !== 'list' && tr.type !== 'record') continue
      if (typeof tr.class !== 'string' || !CODE_RE.test(tr.class)) {
        p.push(`${where}.class 应为目录类别代码`)
        continue
      }
      const cls = classes?.get(tr.class)
      if (classes && !cls) p.push(`${where}.class「${tr.class}」不在信用信息目录中`)
      if (tr.type === 'list' && cls && !cls.list)
        p.push(`${where}：类别「${tr.class}」不是名单类别，应使用 record 触发`)
      if (tr.type === 'record' && tr.minSeverity !== undefined && !SEVERITIES.includes(tr.minSeverity as string))
        p.push(`${where}.minSeverity 应为 minor、general 或 serious`)
    }
  checkExclusions(d, classes, p)
  return p
}

const GRADE_RE = /^[A-Z][A-Z0-9+-]{0,3}$/

/**
 * A grade trigger: `{type: 'grade', model, grades}` - the grading model by code and at least one of its grades.
 * `models` (when given): the current grading models with their grades (an edit is checked against them).
 */
function checkGradeTrigger(
  where: string,
  tr: Record<string, unknown>,
  models: ReadonlyMap<string, readonly string[]> | undefined,
  p: string[],
): void {
  for (const k of Object.keys(tr))
    if (!['type', 'model', 'grades'].includes(k)) p.push(`${where}：未知属性「${k}」（等级触发只有 model、grades）`)
  if (typeof tr.model !== 'string' || !CODE_RE.test(tr.model)) {
    p.push(`${where}.model 应为评价模型代码（如 general）`)
    return
  }
  const grades = tr.grades
  if (
    !Array.isArray(grades) ||
    grades.length === 0 ||
    !grades.every((g) => typeof g === 'string' && GRADE_RE.test(g))
  ) {
    p.push(`${where}.grades 应为至少一个信用等级（如 ["D"]）`)
    return
  }
  const known = models?.get(tr.model)
  if (models && !known) p.push(`${where}.model「${tr.model}」不是已有的评价模型`)
  else if (known)
    for (const g of grades as string[])
      if (!known.includes(g))
        p.push(`${where}.grades：评价模型「${tr.model}」没有等级「${g}」（有 ${known.join('、')}）`)
}

const EXCLUSION_KEYS: Record<string, readonly string[]> = {
  list: ['type', 'listKind', 'class', 'reason'],
  record: ['type', 'minSeverity', 'class', 'reason'],
}

/**
 * Exclusions are a closed set (an exclusion this version could not evaluate would silently let a reward through):
 * `list` names a list kind or a list class, `record` a minimum severity (and optionally a class); each gives its
 * Chinese reason. An active reward measure must declare at least one.
 */
function checkExclusions(
  d: Record<string, unknown>,
  classes: ReadonlyMap<string, { list: boolean }> | undefined,
  p: string[],
): void {
  const list = d.exclusions
  if (list === undefined || list === null) {
    if (d.kind === 'reward' && d.status !== 'retired')
      p.push(
        'exclusions（排除条件）：守信激励措施须写明不适用的情形，如存在有效的严重失信记录、列入黑名单或重点关注名单（见 docs/measures.md）',
      )
    return
  }
  if (!Array.isArray(list)) {
    p.push('exclusions（排除条件）应为数组')
    return
  }
  if (list.length === 0 && d.kind === 'reward' && d.status !== 'retired')
    p.push('exclusions（排除条件）：守信激励措施至少一项排除条件')
  for (const [i, x] of list.entries()) {
    const where = `exclusions[${i}]`
    if (typeof x !== 'object' || x === null || Array.isArray(x)) {
      p.push(`${where} 应为对象`)
      continue
    }
    const e = x as Record<string, unknown>
    const keys = EXCLUSION_KEYS[String(e.type)]
    if (!keys) {
      p.push(`${where}.type 应为 list（名单）或 record（记录）`)
      continue
    }
    for (const k of Object.keys(e)) if (!keys.includes(k)) p.push(`${where}：未知属性「${k}」`)
    if (!text(e.reason, 4, 500) || !CJK_RE.test(e.reason as string))
      p.push(`${where}.reason（排除理由）为必填项：用中文写明不适用的理由，4 到 500 个字`)
    if (e.class !== undefined) {
      if (typeof e.class !== 'string' || !CODE_RE.test(e.class)) p.push(`${where}.class 应为目录类别代码`)
      else {
        const cls = classes?.get(e.class)
        if (classes && !cls) p.push(`${where}.class「${e.class}」不在信用信息目录中`)
        if (e.type === 'list' && cls && !cls.list) p.push(`${where}：类别「${e.class}」不是名单类别`)
      }
    }
    if (e.type === 'list') {
      if (e.listKind !== undefined && !LIST_KINDS.includes(e.listKind as string))
        p.push(`${where}.listKind 应为 black（黑名单）、focus（重点关注名单）或 red（红名单）`)
      if (e.listKind === undefined && e.class === undefined)
        p.push(`${where}：名单排除条件须填写 listKind（名单类型）或 class（名单类别）`)
    } else if (!SEVERITIES.includes(e.minSeverity as string))
      p.push(`${where}.minSeverity（最低失信程度）应为 minor、general 或 serious`)
  }
}

/** Fills what a definition may leave out and drops the version (the database assigns it). */
export function normaliseMeasure(input: Record<string, unknown>): MeasureDefinition {
  const { version: _version, ...rest } = input
  // no exclusions and an empty list are the same definition (one content hash)
  if (Array.isArray(rest.exclusions) && rest.exclusions.length === 0) delete rest.exclusions
  return { effectiveTo: null, scope: 'general', field: null, status: 'active', ...rest } as MeasureDefinition
}
