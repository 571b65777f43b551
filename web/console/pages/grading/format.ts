// Labels of a grading model's codes and properties (the console names every code; the code itself in a tooltip).
import { entityKindLabels, industryLabels, labelOf, severityLabels } from '../../../shared/labels.js'
import type { GradingModel } from './types.js'

export const modelStatusLabels: Readonly<Record<string, string>> = { active: '有效', retired: '已停用' }

export const objectionLabels: Readonly<Record<string, string>> = {
  count: '异议处理中的记录照常计分并标注',
  exclude: '异议处理中的记录暂不计分',
}

const propertyLabels: Readonly<Record<string, string>> = {
  code: '模型代码',
  name: '模型名称',
  description: '说明',
  status: '状态',
  subjectKinds: '适用主体类型',
  industries: '适用行业门类',
  objections: '异议期间计分',
  dimensions: '评价维度',
  items: '评分项',
  bands: '等级划分',
  basis: '评价依据',
  models: '公开评价结果的模型',
}

/** A model property (or a path such as items[3].decay[0]) in Chinese: 评分项第 4 项 的 decay... */
export function modelPropertyLabel(property: string): string {
  return propertyLabels[property] ?? property
}

/** A problem's JSON path in words: `items[3].amount` -> 评分项第 4 项 · 金额规则. */
export function problemPathLabel(path: string): string {
  if (!path) return '整个模型'
  const parts: string[] = []
  for (const seg of path.split('.')) {
    const m = /^([a-zA-Z]+)(?:\[(\d+)\])?$/.exec(seg)
    if (!m) {
      parts.push(seg)
      continue
    }
    const [, name = '', index] = m
    const label =
      { dimensions: '评价维度', items: '评分项', bands: '等级划分', decay: '时间衰减', amount: '金额规则' }[name] ??
      propertyLabels[name] ??
      name
    parts.push(index === undefined ? label : `${label}第 ${Number(index) + 1} 项`)
  }
  return parts.join(' · ')
}

export const kindsText = (m: Pick<GradingModel, 'subjectKinds'>) =>
  m.subjectKinds.map((k) => labelOf(entityKindLabels, k)).join('、')

export const industriesText = (m: Pick<GradingModel, 'industries'>) =>
  m.industries.length ? m.industries.map((s) => `${s} ${labelOf(industryLabels, s)}`).join('、') : '全部行业'

export const severitiesText = (list: readonly string[]) =>
  list.length ? list.map((s) => labelOf(severityLabels, s)).join('、') : '不限'

/** The score range of a model: 0 to the sum of its dimensions' maxima. */
export const maxScore = (m: Pick<GradingModel, 'dimensions'>) => m.dimensions.reduce((s, d) => s + d.max, 0)
