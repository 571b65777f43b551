// Checks a grading model: shape and meaning. Returns every problem in Chinese (empty when sound): unknown classes,
// grade bands with a gap or an overlap, a dimension without items, natural persons among the kinds, and the rest.
import { ENTITY_KINDS } from '../../identifiers/index.js'
import {
  type AmountRule,
  type DecayStep,
  GRADING_SEVERITIES,
  type GradeBand,
  type GradingDimension,
  type GradingItem,
  type GradingModelDefinition,
  OBJECTION_POLICIES,
} from './grading.types.js'

const CODE_RE = /^[a-z][a-z0-9_]{1,63}$/
const GRADE_RE = /^[A-Z][A-Z0-9+-]{0,3}$/
const SECTION_RE = /^[A-T]$/
const KNOWN_KEYS = new Set([
  'code',
  'name',
  'description',
  'status',
  'subjectKinds',
  'industries',
  'objections',
  'dimensions',
  'items',
  'bands',
  'basis',
])

/** What the validator needs of a catalog class: its fields (code, role, type). */
export interface ClassInfo {
  fields: readonly { code: string; role?: string | undefined; type: string }[]
}

/** A problem of a model: where it is (a JSON path into the definition, '' for the model as a whole) and what. */
export interface ModelProblem {
  path: string
  message: string
}

/** Collects problems; `at` is the path the next ones are about (set by each part of the check). */
class Problems {
  readonly list: ModelProblem[] = []
  at = ''
  push(message: string): void {
    this.list.push({ path: this.at, message })
  }
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v)
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '')
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string').map((s) => s.trim()) : []

function normaliseDecay(v: unknown): DecayStep[] {
  if (!Array.isArray(v) || v.length === 0) return [{ fromMonths: 0, percent: 100 }]
  return v.map((s) => ({ fromMonths: obj(s).fromMonths as number, percent: obj(s).percent as number }))
}

function normaliseAmount(v: unknown): AmountRule | null {
  if (v === null || v === undefined) return null
  const a = obj(v)
  return { field: str(a.field), step: a.step as number, points: a.points as number, maxPoints: a.maxPoints as number }
}

/** Fills what a model may leave out (status, industries, objections, severities, decay, cap); drops the version. */
export function normaliseModel(input: Record<string, unknown>): GradingModelDefinition {
  return {
    code: str(input.code),
    name: str(input.name),
    description: str(input.description),
    status: input.status === 'retired' ? 'retired' : ((input.status as 'active') ?? 'active'),
    subjectKinds: strings(input.subjectKinds),
    industries: strings(input.industries).map((s) => s.toUpperCase()),
    objections: (input.objections as GradingModelDefinition['objections']) ?? 'count',
    dimensions: (Array.isArray(input.dimensions) ? input.dimensions : []).map((d) => ({
      code: str(obj(d).code),
      label: str(obj(d).label),
      base: obj(d).base as number,
      max: obj(d).max as number,
    })),
    items: (Array.isArray(input.items) ? input.items : []).map((raw) => {
      const i = obj(raw)
      return {
        code: str(i.code),
        label: str(i.label),
        dimension: str(i.dimension),
        classes: strings(i.classes),
        severities: strings(i.severities) as GradingItem['severities'],
        points: i.points as number,
        amount: normaliseAmount(i.amount),
        decay: normaliseDecay(i.decay),
        cap: i.cap === undefined || i.cap === null ? null : (i.cap as number),
      }
    }),
    bands: (Array.isArray(input.bands) ? input.bands : []).map((b) => ({
      grade: str(obj(b).grade),
      label: str(obj(b).label),
      min: obj(b).min as number,
      max: obj(b).max as number,
    })),
    basis: strings(input.basis),
    ...Object.fromEntries(
      Object.keys(input)
        .filter((k) => !KNOWN_KEYS.has(k) && k !== 'version')
        .map((k) => [k, input[k]]),
    ),
  }
}

/** The lowest and highest score a model can give: 0 and the sum of its dimensions' maxima. */
export function scoreRange(def: Pick<GradingModelDefinition, 'dimensions'>): { min: number; max: number } {
  return { min: 0, max: def.dimensions.reduce((s, d) => s + (isInt(d.max) ? d.max : 0), 0) }
}

function checkDimensions(dims: GradingDimension[], p: Problems): void {
  p.at = 'dimensions'
  if (dims.length === 0) p.push('dimensions（评价维度）至少一个')
  const seen = new Set<string>()
  dims.forEach((d, n) => {
    p.at = `dimensions[${n}]`
    const at = `第 ${n + 1} 个维度${d.label ? `「${d.label}」` : ''}`
    if (!CODE_RE.test(d.code)) p.push(`${at}：code 应为小写字母开头的代码（字母、数字、下划线）`)
    else if (seen.has(d.code)) p.push(`${at}：维度代码「${d.code}」重复`)
    seen.add(d.code)
    if (!d.label) p.push(`${at}：label（维度名称）为必填项`)
    if (!isInt(d.max) || d.max < 1) p.push(`${at}：max（维度满分）应为正整数`)
    if (!isInt(d.base) || d.base < 0) p.push(`${at}：base（维度基础分）应为不小于 0 的整数`)
    else if (isInt(d.max) && d.base > d.max) p.push(`${at}：base（基础分 ${d.base}）不能超过 max（满分 ${d.max}）`)
  })
}

function checkItem(
  item: GradingItem,
  n: number,
  dims: ReadonlySet<string>,
  classes: ReadonlyMap<string, ClassInfo> | undefined,
  p: Problems,
): void {
  p.at = `items[${n}]`
  const at = `第 ${n + 1} 个评分项${item.code ? `「${item.code}」` : ''}`
  if (!CODE_RE.test(item.code)) p.push(`${at}：code 应为小写字母开头的代码（字母、数字、下划线）`)
  if (!item.label) p.push(`${at}：label（评分项名称）为必填项`)
  if (!dims.has(item.dimension)) p.push(`${at}：dimension「${item.dimension}」不是本模型的维度`)
  if (item.classes.length === 0) p.push(`${at}：classes（计分的目录类别）至少一个`)
  for (const c of item.classes)
    if (classes && !classes.has(c)) p.push(`${at}：引用了信用信息目录中不存在的类别「${c}」`)
  for (const s of item.severities)
    if (!GRADING_SEVERITIES.includes(s)) p.push(`${at}：severities 中的「${s}」无效，应为 minor / general / serious`)
  if (!isInt(item.points) || item.points === 0) p.push(`${at}：points（每条记录的分值）应为非零整数`)
  if (item.cap !== null && (!isInt(item.cap) || item.cap < 1)) p.push(`${at}：cap（本项累计上限）应为正整数或不填`)
  let last = -1
  item.decay.forEach((s, k) => {
    p.at = `items[${n}].decay[${k}]`
    if (!isInt(s.fromMonths) || s.fromMonths < 0) p.push(`${at}：decay 第 ${k + 1} 档的 fromMonths 应为不小于 0 的整数`)
    else if (k === 0 && s.fromMonths !== 0) p.push(`${at}：decay 第 1 档应从 0 个月开始`)
    else if (s.fromMonths <= last) p.push(`${at}：decay 各档的 fromMonths 应严格递增`)
    if (!isInt(s.percent) || s.percent < 0 || s.percent > 100)
      p.push(`${at}：decay 第 ${k + 1} 档的 percent 应为 0 到 100 的整数`)
    if (isInt(s.fromMonths)) last = s.fromMonths
  })
  p.at = `items[${n}]`
  const a = item.amount
  if (!a) return
  p.at = `items[${n}].amount`
  if (!a.field) p.push(`${at}：amount.field（金额字段）为必填项`)
  else if (classes)
    for (const c of item.classes) {
      const cls = classes.get(c)
      if (cls && !cls.fields.some((f) => (f.code === a.field || f.role === a.field) && f.type === 'amount'))
        p.push(`${at}：类别「${c}」没有金额字段「${a.field}」`)
    }
  if (!isInt(a.step) || a.step < 1) p.push(`${at}：amount.step（每档金额，元）应为正整数`)
  if (!isInt(a.points) || a.points === 0) p.push(`${at}：amount.points（每档分值）应为非零整数`)
  else if (isInt(item.points) && Math.sign(a.points) !== Math.sign(item.points))
    p.push(`${at}：amount.points 应与 points 同为加分或同为扣分`)
  if (!isInt(a.maxPoints) || a.maxPoints < 1) p.push(`${at}：amount.maxPoints（金额加减分上限）应为正整数`)
}

/** Bands must cover every score from 0 to the model's maximum exactly once (no gap, no overlap). */
function checkBands(bands: GradeBand[], range: { min: number; max: number }, p: Problems): void {
  p.at = 'bands'
  if (bands.length === 0) {
    p.push('bands（等级划分）至少一个')
    return
  }
  const seen = new Set<string>()
  const sound: GradeBand[] = []
  for (const [k, b] of bands.entries()) {
    p.at = `bands[${k}]`
    const at = `等级「${b.grade || '?'}」`
    if (!GRADE_RE.test(b.grade)) p.push(`${at}：grade 应为大写字母开头的等级代码，如 A、B、C-、A+`)
    else if (seen.has(b.grade)) p.push(`${at}：等级重复`)
    seen.add(b.grade)
    if (!b.label) p.push(`${at}：label（等级名称）为必填项`)
    if (!isInt(b.min) || !isInt(b.max) || b.min > b.max) p.push(`${at}：min、max 应为整数且 min 不大于 max`)
    else sound.push(b)
  }
  p.at = 'bands'
  sound.sort((a, b) => a.min - b.min || a.max - b.max)
  let covered = range.min - 1
  let prev: GradeBand | undefined
  for (const b of sound) {
    if (b.min > covered + 1) p.push(`分数 ${covered + 1} 到 ${b.min - 1} 分没有对应的等级（等级区间有缺口）`)
    else if (prev && b.min <= covered)
      p.push(`等级「${prev.grade}」与「${b.grade}」的分数区间重叠（${b.min} 到 ${Math.min(covered, b.max)} 分）`)
    if (b.max > covered) {
      covered = b.max
      prev = b
    }
  }
  if (sound.length && covered < range.max)
    p.push(`分数 ${covered + 1} 到 ${range.max} 分没有对应的等级（等级区间有缺口）`)
  if (sound.length && covered > range.max) p.push(`等级区间超出模型的最高分 ${range.max} 分（各维度满分之和）`)
  if (sound.length && (sound[0] as GradeBand).min < range.min) p.push(`等级区间低于最低分 ${range.min} 分`)
}

/**
 * Every problem of a normalised model. `classes`: the catalog's current classes (items must name catalog classes;
 * amount fields must be amount fields of every class of the item); without it classes are not checked.
 */
export function checkModel(def: GradingModelDefinition, classes?: ReadonlyMap<string, ClassInfo>): string[] {
  return modelProblems(def, classes).map((x) => x.message)
}

/** Every problem of a normalised model with its JSON path (checkModel's problems, in the same order). */
export function modelProblems(def: GradingModelDefinition, classes?: ReadonlyMap<string, ClassInfo>): ModelProblem[] {
  const p = new Problems()
  const d = def as unknown as Record<string, unknown>
  for (const k of Object.keys(d))
    if (!KNOWN_KEYS.has(k)) {
      p.at = k
      p.push(`未知属性「${k}」`)
    }
  p.at = 'code'
  if (!CODE_RE.test(def.code)) p.push('code 应为小写字母开头的代码（字母、数字、下划线，2 到 64 位）')
  p.at = 'name'
  if (def.name.length < 2 || [...def.name].length > 100) p.push('name（模型名称）为必填项，2 到 100 个字')
  p.at = 'status'
  if (def.status !== 'active' && def.status !== 'retired') p.push('status 应为 active（有效）或 retired（停用）')
  p.at = 'subjectKinds'
  if (def.subjectKinds.length === 0) p.push('subjectKinds（适用主体类别）至少一个')
  for (const k of def.subjectKinds) {
    if (k === 'natural_person') p.push('公共信用综合评价只评价组织：subjectKinds 不能包含 natural_person（自然人）')
    else if (!ENTITY_KINDS.includes(k as never)) p.push(`subjectKinds 中的主体类别「${k}」无效`)
  }
  p.at = 'industries'
  for (const s of def.industries)
    if (!SECTION_RE.test(s)) p.push(`industries 中的「${s}」不是 GB/T 4754 行业门类（A 到 T 的一个字母）`)
  p.at = 'objections'
  if (!OBJECTION_POLICIES.includes(def.objections))
    p.push('objections 应为 count（异议处理中的记录照常计分并标注）或 exclude（暂不计分）')
  p.at = 'basis'
  if (def.basis.length === 0 || def.basis.some((b) => b.length < 4))
    p.push('basis（评价依据）至少一项，每项至少 4 个字')
  checkDimensions(def.dimensions, p)
  const dims = new Set(def.dimensions.map((x) => x.code))
  const codes = new Set<string>()
  def.items.forEach((item, n) => {
    p.at = `items[${n}]`
    if (codes.has(item.code)) p.push(`第 ${n + 1} 个评分项：评分项代码「${item.code}」重复`)
    codes.add(item.code)
    checkItem(item, n, dims, classes, p)
  })
  for (const [n, dim] of def.dimensions.entries()) {
    p.at = `dimensions[${n}]`
    if (dim.code && !def.items.some((i) => i.dimension === dim.code))
      p.push(`维度「${dim.label || dim.code}」没有评分项：每个维度至少一个评分项`)
  }
  checkBands(def.bands, scoreRange(def), p)
  return p.list
}
