// Code -> Chinese label pairs, copied from /work/shared/design/glossary.md.
// JSON carries the code; the UI shows the label. Add rows, never rename a code.

export type Role = 'operator' | 'auditor' | 'provider' | 'consumer' | 'agency' | 'peer' | 'subject'

export const roleLabels: Readonly<Record<Role, string>> = {
  operator: '运维管理',
  auditor: '审计',
  provider: '数据提供',
  consumer: '数据使用',
  agency: '信用服务机构',
  peer: '对接平台',
  subject: '信用主体',
}

export const entityKindLabels: Readonly<Record<string, string>> = {
  legal_person: '法人 (企业法人)',
  unincorporated_org: '非法人组织',
  individual_business: '个体工商户',
  farmer_coop: '农民专业合作社',
  government_body: '机关',
  public_institution: '事业单位',
  social_org: '社会组织',
  natural_person: '自然人',
}

/**
 * Entity registration status. Not in glossary.md yet: codes from the server's
 * src/modules/entities/entities.types.ts (存续 / 吊销 / 注销 / 迁出); the glossary should get these rows.
 */
export const entityStatusLabels: Readonly<Record<string, string>> = {
  active: '存续',
  revoked: '吊销',
  deregistered: '注销',
  moved_out: '迁出',
}

/** Entity name kinds (entity `names[].kind`). */
export const entityNameKindLabels: Readonly<Record<string, string>> = {
  current: '现用名',
  former: '曾用名',
}

/** 双公示 行政相对人类别 */
export const subjectCategoryLabels: Readonly<Record<string, string>> = {
  org: '法人及非法人组织',
  person: '自然人',
  individual_business: '个体工商户',
}

export const polarityLabels: Readonly<Record<string, string>> = {
  positive: '正面',
  negative: '负面',
  neutral: '中性',
}

export const severityLabels: Readonly<Record<string, string>> = {
  minor: '轻微',
  general: '一般',
  serious: '严重',
}

export const disclosureScopeLabels: Readonly<Record<string, string>> = {
  public: '社会公开',
  government: '政务共享',
  authorized: '授权查询',
}

export const listKindLabels: Readonly<Record<string, string>> = {
  red: '红名单',
  black: '黑名单',
  focus: '重点关注名单',
}

/** Expiry is derived, not stored: show `expiredLabel` when the publication window has passed. */
export const recordStateLabels: Readonly<Record<string, string>> = {
  active: '有效',
  superseded: '已更正',
  revoked: '已撤销',
  repaired: '已修复',
}
export const expiredLabel = '已到期'

export const markLabels: Readonly<Record<string, string>> = {
  under_objection: '异议处理中',
}

export const measureKindLabels: Readonly<Record<string, string>> = {
  reward: '守信激励',
  punish: '失信惩戒',
}

export const checkOutcomeLabels: Readonly<Record<string, string>> = {
  none: '无',
  reward: '激励',
  punish: '惩戒',
  both: '激励与惩戒',
}

export const scenarioLabels: Readonly<Record<string, string>> = {
  government_procurement: '政府采购',
  bidding: '招标投标',
  fiscal_funds: '财政资金 (补贴、专项资金)',
  honors: '评优评先',
  admin_approval: '行政审批',
  market_access: '市场准入、资质认定',
  financing: '融资信贷',
  public_office: '公职人员录用、国企任职',
  high_consumption: '高消费限制',
}

export const feedbackActionLabels: Readonly<Record<string, string>> = {
  applied: '已实施',
  not_applied: '未实施',
  partial: '部分实施',
}

export const commitmentTypeLabels: Readonly<Record<string, string>> = {
  notify_commit: '告知承诺',
  tolerate_missing: '容缺受理',
  repair: '信用修复',
  voluntary: '主动承诺',
  industry: '行业自律',
}

export const codeSchemeLabels: Readonly<Record<string, string>> = {
  uscc: '统一社会信用代码',
  org_code: '组织机构代码',
  resident_id: '居民身份证号码',
  reg_no: '工商注册号',
}

/** The label for `code`, or the code itself when the table has no row for it (never an empty cell). */
export function labelOf(table: Readonly<Record<string, string>>, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—'
  return table[code] ?? code
}

export function roleLabel(role: string | null | undefined): string {
  return labelOf(roleLabels, role)
}
