// Plain-words renderings of catalog rules (no React): months, severity conditions, property names.
import type { CatalogField, SeverityCondition } from './types.js'

/** 12 -> 1 年, 18 -> 1 年 6 个月, 3 -> 3 个月, 0 -> 不设下限. */
export function formatMonths(months: number | null | undefined): string {
  if (months === null || months === undefined) return '—'
  if (months === 0) return '不设下限'
  const years = Math.floor(months / 12)
  const rest = months % 12
  if (years && rest) return `${years} 年 ${rest} 个月`
  if (years) return `${years} 年`
  return `${rest} 个月`
}

const amount = (n: number) => `${n.toLocaleString('zh-CN')} 元`

/** One condition of a severity rule in words: 「处罚类别」含「吊销许可证件」或「责令关闭」. */
export function describeCondition(c: SeverityCondition, labelOf: (code: string) => string): string {
  const name = `「${labelOf(c.field)}」`
  const values = (list: string[]) => list.map((v) => `「${v}」`).join('或')
  const parts: string[] = []
  if (c.anyOf?.length) parts.push(`${name}含${values(c.anyOf)}`)
  if (c.noneOf?.length) parts.push(`${name}不含${values(c.noneOf)}`)
  if (c.allIn?.length) parts.push(`${name}仅为${c.allIn.map((v) => `「${v}」`).join('、')}中的一项或几项`)
  if (c.gte !== undefined) parts.push(`${name}不低于 ${amount(c.gte)}`)
  if (c.gt !== undefined) parts.push(`${name}超过 ${amount(c.gt)}`)
  if (c.lte !== undefined) parts.push(`${name}不超过 ${amount(c.lte)}`)
  if (c.lt !== undefined) parts.push(`${name}低于 ${amount(c.lt)}`)
  if (c.present === true) parts.push(`${name}已填写`)
  if (c.present === false) parts.push(`${name}未填写`)
  return parts.length ? parts.join('，且') : name
}

/** The field's requirement in words. */
export function describeRequirement(field: CatalogField, labelOf: (code: string) => string): string {
  if (field.required) return '必填'
  if (field.requiredWhen)
    return `条件必填：「${labelOf(field.requiredWhen.field)}」为${field.requiredWhen.in.map((v) => `「${v}」`).join('或')}时必填`
  return '选填'
}

/** Chinese names of the class and field properties a diff may list. */
export const propertyLabels: Readonly<Record<string, string>> = {
  nameZh: '中文名称',
  nameEn: '英文名称',
  category: '信息类别',
  subjectKinds: '适用主体',
  polarity: '信息性质',
  scope: '公开范围',
  list: '名单属性',
  publishMinor: '公示轻微失信信息',
  deadlineWorkingDays: '报送时限（工作日）',
  fields: '字段',
  legalBasis: '法律依据',
  providers: '提供部门',
  severity: '失信程度规则',
  publicationMonths: '公示期限（月）',
  repairable: '可信用修复',
  retentionYears: '保存年限',
  status: '状态',
  description: '说明',
  code: '代码',
  label: '名称',
  labelEn: '英文名称',
  type: '类型',
  required: '必填',
  requiredWhen: '条件必填',
  enum: '可选值',
  multi: '多值',
  maxLength: '最大长度',
  aliases: '别名',
  unit: '金额单位',
  role: '语义角色',
  mask: '脱敏方式',
  otherPrefix: '其他项前缀',
}

export function propertyLabel(property: string): string {
  const label = propertyLabels[property]
  return label ? `${label}（${property}）` : property
}
