// Checks a screening rule: shape and meaning. Returns every problem in Chinese (empty when sound): unknown or retired
// models, a grade the model does not give, a red-list bonus grade that is not below the minimum, a model named twice,
// unknown lists, and the rest.
import { EXCLUDING_LISTS, type ExcludingList, type ScreeningModel, type ScreeningRuleDefinition } from './sme.types.js'

const CODE_RE = /^[a-z][a-z0-9_]{1,63}$/
const KNOWN_KEYS = new Set([
  'code',
  'name',
  'description',
  'status',
  'models',
  'excludeLists',
  'excludeSerious',
  'basis',
])
const MODEL_KEYS = new Set(['model', 'minGrade', 'redListMinGrade'])

/** What the validator knows of the grading models: code -> grades of its bands, best first, and status. */
export interface ScreeningReferences {
  models?: ReadonlyMap<string, { grades: readonly string[]; status: string }>
}

const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '')
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string').map((s) => s.trim()) : []

function normaliseModel(v: unknown): ScreeningModel {
  const m = obj(v)
  const red = str(m.redListMinGrade)
  return {
    model: str(m.model),
    minGrade: str(m.minGrade),
    redListMinGrade: red === '' ? null : red,
    ...Object.fromEntries(Object.entries(m).filter(([k]) => !MODEL_KEYS.has(k))),
  }
}

/** Fills what a rule may leave out (status, description, lists, serious records); drops the version. */
export function normaliseScreeningRule(input: Record<string, unknown>): ScreeningRuleDefinition {
  return {
    code: str(input.code),
    name: str(input.name),
    description: str(input.description),
    status: input.status === 'retired' ? 'retired' : ((input.status as 'active') ?? 'active'),
    models: (Array.isArray(input.models) ? input.models : []).map(normaliseModel),
    excludeLists: (input.excludeLists === undefined
      ? ['black', 'focus']
      : strings(input.excludeLists)) as ExcludingList[],
    excludeSerious: (input.excludeSerious ?? true) as boolean,
    basis: strings(input.basis),
    ...Object.fromEntries(Object.entries(input).filter(([k]) => !KNOWN_KEYS.has(k) && k !== 'version')),
  }
}

export function checkScreeningRule(def: ScreeningRuleDefinition, refs: ScreeningReferences = {}): string[] {
  const p: string[] = []
  for (const k of Object.keys(def)) if (!KNOWN_KEYS.has(k)) p.push(`未知属性「${k}」`)
  if (!CODE_RE.test(def.code)) p.push('code 应为小写字母开头的代码（字母、数字、下划线，2 到 64 位）')
  if (def.name.length < 2 || [...def.name].length > 100) p.push('name（规则名称）为必填项，2 到 100 个字')
  if (def.status !== 'active' && def.status !== 'retired') p.push('status 应为 active 或 retired')
  if (def.basis.length === 0 || def.basis.some((b) => b.length < 4))
    p.push('basis（依据）至少一项：写明筛选依据的法律、法规或政策文件')
  if (typeof def.excludeSerious !== 'boolean') p.push('excludeSerious 应为 true 或 false')
  for (const l of def.excludeLists)
    if (!EXCLUDING_LISTS.includes(l)) p.push(`excludeLists：名单「${l}」无效，应为 ${EXCLUDING_LISTS.join('、')} 之一`)
  if (new Set(def.excludeLists).size !== def.excludeLists.length) p.push('excludeLists 中有重复的名单')
  if (def.models.length === 0) p.push('models（评价模型及最低等级）至少一项')
  const seen = new Set<string>()
  for (const [i, m] of def.models.entries()) {
    const where = `models[${i}]`
    for (const k of Object.keys(m)) if (!MODEL_KEYS.has(k)) p.push(`${where}：未知属性「${k}」`)
    if (!CODE_RE.test(m.model)) {
      p.push(`${where}.model（评价模型）应为评价模型代码`)
      continue
    }
    if (seen.has(m.model)) p.push(`评价模型「${m.model}」重复`)
    seen.add(m.model)
    const model = refs.models?.get(m.model)
    if (refs.models && !model) {
      p.push(`${where}.model「${m.model}」不是已有的评价模型`)
      continue
    }
    if (model && model.status !== 'active' && def.status === 'active')
      p.push(`评价模型「${m.model}」已停用，有效的筛选规则不能使用它`)
    if (!m.minGrade) p.push(`${where}.minGrade（最低等级）为必填项`)
    else if (model && !model.grades.includes(m.minGrade))
      p.push(`${where}.minGrade：评价模型「${m.model}」没有等级「${m.minGrade}」（有 ${model.grades.join('、')}）`)
    if (m.redListMinGrade !== null) {
      if (model && !model.grades.includes(m.redListMinGrade))
        p.push(
          `${where}.redListMinGrade：评价模型「${m.model}」没有等级「${m.redListMinGrade}」（有 ${model.grades.join('、')}）`,
        )
      else if (model && model.grades.indexOf(m.redListMinGrade) <= model.grades.indexOf(m.minGrade))
        p.push(`${where}.redListMinGrade（红名单主体的最低等级）应低于 minGrade「${m.minGrade}」`)
    }
  }
  return p
}

/** The grades of a model (best first) from the best down to `lowest`. */
export function gradesDownTo(grades: readonly string[], lowest: string): string[] {
  const i = grades.indexOf(lowest)
  return i < 0 ? [] : grades.slice(0, i + 1)
}
