// Plain-words renderings of measures (no React): property names, triggers, values in diffs.
import { entityKindLabels, labelOf, listKindLabels, scenarioLabels, severityLabels } from '../../../shared/labels.js'
import type { MeasureExclusion, MeasureTrigger } from './types.js'

export const measurePropertyLabels: Readonly<Record<string, string>> = {
  code: '措施代码',
  nameZh: '措施名称',
  kind: '措施类型',
  content: '措施内容',
  basis: '法律和政策依据',
  departments: '实施部门',
  scenarios: '适用场景',
  triggers: '触发条件',
  exclusions: '排除条件',
  subjectKinds: '适用主体类型',
  effectiveFrom: '生效日期',
  effectiveTo: '失效日期',
  scope: '适用范围',
  field: '所属领域',
  status: '状态',
}

export const measureStatusLabels: Readonly<Record<string, string>> = { active: '有效', retired: '已停用' }
export const measureScopeLabels: Readonly<Record<string, string>> = { general: '通用', field: '领域' }
/** Short kind labels for tags (激励 / 惩戒); the long ones are measureKindLabels. */
export const measureKindShort: Readonly<Record<string, string>> = { reward: '激励', punish: '惩戒' }

export function measurePropertyLabel(property: string): string {
  const label = measurePropertyLabels[property]
  return label ? `${label}（${property}）` : property
}

/** 名单「失信被执行人名单」 / 记录「行政处罚信息」（一般及以上）; other trigger types by their code. */
export function describeTrigger(t: MeasureTrigger, className: (code: string) => string): string {
  if (t.type === 'list' && t.class) return `列入「${className(t.class)}」`
  if (t.type === 'record' && t.class) {
    const floor = t.minSeverity ? `（${labelOf(severityLabels, t.minSeverity)}及以上）` : ''
    return `有「${className(t.class)}」记录${floor}`
  }
  return `${t.type}（本版本暂不参与核查）`
}

/** 列入黑名单 / 有「行政处罚信息」记录（严重及以上）, then the reason the check shows. */
export function describeExclusion(x: MeasureExclusion, className: (code: string) => string): string {
  const what =
    x.type === 'list'
      ? `列入${x.class ? `「${className(x.class)}」` : labelOf(listKindLabels, x.listKind)}`
      : `有${x.class ? `「${className(x.class)}」` : '任一负面'}记录（${labelOf(severityLabels, x.minSeverity)}及以上）`
  return `${what}：${x.reason}`
}

/** A value of a diff in words: codes as labels, lists joined, triggers described. */
export function measureValueText(
  value: unknown,
  property: string,
  deptName: (code: string) => string,
  className: (code: string) => string,
): string {
  if (value === null || value === undefined) return '—'
  const list = Array.isArray(value) ? (value as unknown[]) : null
  switch (property) {
    case 'departments':
      return list ? list.map((d) => deptName(String(d))).join('、') : String(value)
    case 'scenarios':
      return list ? list.map((s) => labelOf(scenarioLabels, String(s))).join('、') : String(value)
    case 'subjectKinds':
      return list ? list.map((k) => labelOf(entityKindLabels, String(k))).join('、') : String(value)
    case 'triggers':
      return list ? list.map((t) => describeTrigger(t as MeasureTrigger, className)).join('；') : String(value)
    case 'exclusions':
      return list ? list.map((x) => describeExclusion(x as MeasureExclusion, className)).join('；') : String(value)
    case 'kind':
      return value === 'reward' ? '守信激励' : value === 'punish' ? '失信惩戒' : String(value)
    case 'status':
      return labelOf(measureStatusLabels, String(value))
    case 'scope':
      return labelOf(measureScopeLabels, String(value))
    default:
      return typeof value === 'string' ? value : JSON.stringify(value)
  }
}

/**
 * Lists shown as + and − in a diff: departments, scenarios and subject kinds become their labels first (the change
 * table compares the words), the basis stays as written.
 */
export function labelledList(
  value: unknown,
  property: string,
  deptName: (code: string) => string,
  className: (code: string) => string,
): unknown {
  if (!Array.isArray(value)) return value
  if (property === 'departments') return value.map((d) => deptName(String(d)))
  if (property === 'scenarios') return value.map((s) => labelOf(scenarioLabels, String(s)))
  if (property === 'subjectKinds') return value.map((k) => labelOf(entityKindLabels, String(k)))
  if (property === 'triggers') return value.map((t) => describeTrigger(t as MeasureTrigger, className))
  if (property === 'exclusions') return value.map((x) => describeExclusion(x as MeasureExclusion, className))
  return value
}
