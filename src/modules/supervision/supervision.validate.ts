// Checks a supervision policy: shape and meaning. Returns every problem in Chinese (empty when sound): an unknown
// model, a grade of the model without a stratum (or a stratum for a grade the model does not give), ratios outside
// (0, 100] %, unknown measures, and the rest.
import {
  FREQUENCIES,
  type Frequency,
  type SupervisionPolicyDefinition,
  type SupervisionStratum,
  UNGRADED,
} from './supervision.types.js'

const CODE_RE = /^[a-z][a-z0-9_]{1,63}$/
const KNOWN_KEYS = new Set([
  'code',
  'name',
  'description',
  'status',
  'model',
  'strata',
  'ungraded',
  'inspectorsPerTarget',
  'excludeSameDistrict',
  'basis',
])
const STRATUM_KEYS = new Set(['grade', 'percent', 'minimum', 'frequency', 'measures'])

/** What the validator knows of the grading models (code -> grades of its bands, status) and the measure codes. */
export interface SupervisionReferences {
  models?: ReadonlyMap<string, { grades: readonly string[]; status: string }>
  measures?: ReadonlySet<string>
}

const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '')
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string').map((s) => s.trim()) : []

function normaliseStratum(v: unknown): SupervisionStratum {
  const s = obj(v)
  return {
    grade: str(s.grade),
    percent: s.percent as number,
    minimum: (s.minimum ?? 0) as number,
    frequency: (s.frequency ?? 'year') as Frequency,
    measures: strings(s.measures),
  }
}

/** Fills what a policy may leave out (status, description, minimum, frequency, measures...); drops the version. */
export function normalisePolicy(input: Record<string, unknown>): SupervisionPolicyDefinition {
  const ungraded = input.ungraded === null || input.ungraded === undefined ? null : normaliseStratum(input.ungraded)
  return {
    code: str(input.code),
    name: str(input.name),
    description: str(input.description),
    status: input.status === 'retired' ? 'retired' : ((input.status as 'active') ?? 'active'),
    model: str(input.model),
    strata: (Array.isArray(input.strata) ? input.strata : []).map(normaliseStratum),
    ungraded: ungraded ? { percent: ungraded.percent, minimum: ungraded.minimum, frequency: ungraded.frequency } : null,
    inspectorsPerTarget: (input.inspectorsPerTarget ?? 2) as number,
    excludeSameDistrict: (input.excludeSameDistrict ?? true) as boolean,
    basis: strings(input.basis),
    ...Object.fromEntries(Object.entries(input).filter(([k]) => !KNOWN_KEYS.has(k) && k !== 'version')),
  }
}

/** A percentage in (0, 100] with at most two decimals. */
function goodPercent(p: unknown): boolean {
  if (typeof p !== 'number' || !Number.isFinite(p) || p <= 0 || p > 100) return false
  return Math.abs(p * 100 - Math.round(p * 100)) < 1e-9
}

/** Basis points of a checked percentage (3 -> 300, 2.5 -> 250): the draw's integer arithmetic. */
export function basisPoints(percent: number): number {
  return Math.round(percent * 100)
}

function checkRatio(where: string, s: Pick<SupervisionStratum, 'percent' | 'minimum' | 'frequency'>, p: string[]) {
  if (!goodPercent(s.percent)) p.push(`${where}.percent（抽查比例）应为大于 0、不超过 100 的百分数，最多两位小数`)
  if (!Number.isSafeInteger(s.minimum) || s.minimum < 0 || s.minimum > 100_000)
    p.push(`${where}.minimum（每次至少抽取数）应为 0 到 100000 的整数`)
  if (!FREQUENCIES.includes(s.frequency)) p.push(`${where}.frequency（抽查频次）应为 ${FREQUENCIES.join('、')} 之一`)
}

export function checkSupervisionPolicy(def: SupervisionPolicyDefinition, refs: SupervisionReferences = {}): string[] {
  const p: string[] = []
  for (const k of Object.keys(def)) if (!KNOWN_KEYS.has(k)) p.push(`未知属性「${k}」`)
  if (!CODE_RE.test(def.code)) p.push('code 应为小写字母开头的代码（字母、数字、下划线，2 到 64 位）')
  if (def.name.length < 2 || [...def.name].length > 100) p.push('name（政策名称）为必填项，2 到 100 个字')
  if (def.status !== 'active' && def.status !== 'retired') p.push('status 应为 active 或 retired')
  if (def.basis.length === 0 || def.basis.some((b) => b.length < 4))
    p.push('basis（依据）至少一项：写明分级分类监管的法律、法规或政策文件')
  if (!Number.isSafeInteger(def.inspectorsPerTarget) || def.inspectorsPerTarget < 1 || def.inspectorsPerTarget > 10)
    p.push('inspectorsPerTarget（每个检查对象的执法检查人员数）应为 1 到 10 的整数')
  if (typeof def.excludeSameDistrict !== 'boolean') p.push('excludeSameDistrict 应为 true 或 false')
  const model = refs.models?.get(def.model)
  if (!CODE_RE.test(def.model)) p.push('model（评价模型）应为评价模型代码')
  else if (refs.models && !model) p.push(`model「${def.model}」不是已有的评价模型`)
  else if (model && model.status !== 'active' && def.status === 'active')
    p.push(`评价模型「${def.model}」已停用，有效的监管政策不能使用它`)
  if (def.strata.length === 0) p.push('strata（分级抽查比例）至少一项')
  const seen = new Set<string>()
  for (const [i, s] of def.strata.entries()) {
    const where = `strata[${i}]`
    for (const k of Object.keys(s)) if (!STRATUM_KEYS.has(k)) p.push(`${where}：未知属性「${k}」`)
    if (!s.grade || s.grade === UNGRADED) p.push(`${where}.grade（信用等级）为必填项`)
    else if (seen.has(s.grade)) p.push(`等级「${s.grade}」重复`)
    else if (model && !model.grades.includes(s.grade))
      p.push(`${where}.grade：评价模型「${def.model}」没有等级「${s.grade}」（有 ${model.grades.join('、')}）`)
    seen.add(s.grade)
    checkRatio(where, s, p)
    for (const m of s.measures)
      if (refs.measures && !refs.measures.has(m)) p.push(`${where}.measures：措施「${m}」不在措施清单中`)
  }
  if (model) for (const g of model.grades) if (!seen.has(g)) p.push(`等级「${g}」没有抽查比例（strata 中缺少该等级）`)
  if (def.ungraded) checkRatio('ungraded', def.ungraded, p)
  return p
}
