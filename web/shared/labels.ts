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

/** Commitment status (GET /api/v1/commitments). */
export const commitmentStatusLabels: Readonly<Record<string, string>> = {
  filed: '履约中',
  fulfilled: '已履约',
  breached: '已认定违诺',
  withdrawn: '已撤回',
}

/** What a commitment's history says happened (commitment versions). */
export const commitmentOpLabels: Readonly<Record<string, string>> = {
  file: '提交承诺',
  publish: '公示承诺',
  fulfil: '登记履约',
  breach: '认定违诺',
  link_breach: '生成违诺记录',
  withdraw: '撤回承诺',
}

/** GB/T 4754-2017 门类 (entity `industry`). */
export const industryLabels: Readonly<Record<string, string>> = {
  A: '农、林、牧、渔业',
  B: '采矿业',
  C: '制造业',
  D: '电力、热力、燃气及水生产和供应业',
  E: '建筑业',
  F: '批发和零售业',
  G: '交通运输、仓储和邮政业',
  H: '住宿和餐饮业',
  I: '信息传输、软件和信息技术服务业',
  J: '金融业',
  K: '房地产业',
  L: '租赁和商务服务业',
  M: '科学研究和技术服务业',
  N: '水利、环境和公共设施管理业',
  O: '居民服务、修理和其他服务业',
  P: '教育',
  Q: '卫生和社会工作',
  R: '文化、体育和娱乐业',
  S: '公共管理、社会保障和社会组织',
  T: '国际组织',
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

// ---- 数据归集、目录与规则、信用记录 (console). Codes from the server; not in glossary.md yet. ----

/** National categories of the 全国公共信用信息基础目录 (src/modules/catalog/catalog.types.ts CATEGORIES). */
export const catalogCategoryLabels: Readonly<Record<string, string>> = {
  registration: '登记注册基本信息',
  judicial: '司法裁判及执行信息',
  administrative: '行政管理信息',
  qualification: '职称和职业资格信息',
  abnormal_operation: '经营(活动)异常名录信息',
  serious_dishonest: '严重失信主体名单信息',
  contract: '合同履行信息',
  commitment: '信用承诺及履行情况信息',
  evaluation: '信用评价结果信息',
  compliance: '遵守法律法规情况信息',
  honor: '诚实守信相关荣誉信息',
  intellectual_property: '知识产权信息',
  voluntary: '主体自愿提供的信息',
}

/** Batch status (GET /api/v1/batches). */
export const batchStatusLabels: Readonly<Record<string, string>> = {
  running: '处理中',
  completed: '已完成',
  failed: '处理失败',
  revoked: '已撤销',
  dry_run: '试运行',
}

/** How a batch arrived. */
export const batchChannelLabels: Readonly<Record<string, string>> = {
  api: '接口报送',
  upload: '文件上传',
  cli: '命令行导入',
  flow: '系统流程',
}

/** Level of a row issue in an error report. */
export const issueLevelLabels: Readonly<Record<string, string>> = {
  error: '错误',
  warning: '警告',
}

/** Row issue codes of the collection pipeline (error reports, 数据质量). */
export const issueCodeLabels: Readonly<Record<string, string>> = {
  required: '必填项缺失',
  format: '格式不正确',
  type: '类型不正确',
  enum: '取值不在规定范围内',
  max_length: '超出长度限制',
  date_format: '日期格式不正确',
  amount_format: '金额格式不正确',
  op_invalid: '操作类型无效',
  subject_unresolved: '无法确定行政相对人',
  subject_conflict: '行政相对人信息矛盾',
  subject_kind_mismatch: '相对人类别与代码不符',
  provider_mismatch: '数据来源单位与报送部门不一致',
  provider_unknown: '数据来源单位未登记',
  provider_not_allowed: '非该类信息报送单位',
  decision_in_future: '决定日期晚于今天',
  valid_range: '有效期有误',
  list_range: '移出日期早于列入日期',
  correct_unknown: '更正的记录不存在',
  revoke_unknown: '撤销的记录不存在',
  reason_required: '撤销未填写原因',
  severity_invalid: '失信程度无效',
  severity_reason_required: '调整失信程度未说明理由',
  publish_until_differs: '公示截止期与计算结果不一致',
  calendar_year_unknown: '工作日历缺少该年份',
  reason_missing: '更正未填写原因',
  id_number_in_text: '文本中含身份证号码（已脱敏）',
  name_conflict: '名称与其他主体相同',
  integer: '整数格式不正确',
  amount_negative: '金额不能为负数',
  amount_unit: '金额单位与规定不符（已换算）',
  amount_precision: '金额精确到分以下',
  // codes of identifiers (统一社会信用代码、组织机构代码、身份证号码)
  checksum: '校验码错误',
  org_code_checksum: '组织机构代码校验码错误',
  length: '代码长度不正确',
  charset: '代码含不允许的字符',
  category: '机构类别代码无效',
  region: '行政区划代码无效',
  date: '出生日期无效',
}

/** Why a subject could not be determined (UnresolvedCause of the entities module; 待匹配主体). */
export const unresolvedCauseLabels: Readonly<Record<string, string>> = {
  no_identifier: '未填写代码和名称',
  invalid_code: '代码无效',
  not_registered: '代码未登记',
  name_not_found: '名称未找到主体',
  name_ambiguous: '名称对应多个主体',
  name_other_code: '同名主体代码不同',
  two_usccs: '两个统一社会信用代码',
  codes_disagree: '代码属于不同主体',
  uscc_mismatch: '代码与统一社会信用代码不符',
  code_taken: '代码已属于其他主体',
  entity_invalid: '主体信息不能登记',
}

/** Status of an entry of the queue of unmatched subjects. */
export const unmatchedStatusLabels: Readonly<Record<string, string>> = {
  open: '待匹配',
  matched: '已匹配',
  registered: '已登记新主体',
  resubmitted: '报送单位已重新报送',
  withdrawn: '报送单位已撤销批次',
}

/** Status of a queued row. */
export const unmatchedRowStatusLabels: Readonly<Record<string, string>> = {
  pending: '待归集',
  released: '已归集',
  resubmitted: '报送单位已重新报送',
  withdrawn: '批次已撤销',
}

/** What became of a released row. */
export const rowOutcomeLabels: Readonly<Record<string, string>> = {
  added: '新增记录',
  corrected: '更正记录',
  revoked: '撤销记录',
  duplicate: '与已有记录相同',
  rejected: '拒收',
}

/** Why an entity is a candidate for a queued subject. */
export const candidateMatchLabels: Readonly<Record<string, string>> = {
  uscc: '统一社会信用代码相同',
  org_code: '组织机构代码相同',
  reg_no: '工商注册号相同',
  name: '名称相同',
  former_name: '曾用名相同',
  name_fragment: '名称相近',
}

/** Operation of a record version (GET /api/v1/records/:id/history). */
export const recordOpLabels: Readonly<Record<string, string>> = {
  add: '新增',
  correct: '更正',
  revoke: '撤销',
  repair: '信用修复',
}

/** Catalog field types. */
export const fieldTypeLabels: Readonly<Record<string, string>> = {
  string: '文本',
  text: '长文本',
  date: '日期',
  amount: '金额',
  integer: '整数',
  enum: '枚举',
  code: '代码',
}

/** How a field's value is shown where its scope allows it. */
export const fieldMaskLabels: Readonly<Record<string, string>> = {
  none: '不脱敏',
  id_number: '证件号码脱敏',
  person_name: '姓名脱敏',
  phone: '电话号码脱敏',
  hidden: '不显示',
}

/** Where a catalog class version or calendar year version came from. */
export const versionSourceLabels: Readonly<Record<string, string>> = {
  default: '默认数据',
  operator: '运维修改',
}

/** Catalog class status. */
export const classStatusLabels: Readonly<Record<string, string>> = {
  active: '启用',
  retired: '停用',
}
