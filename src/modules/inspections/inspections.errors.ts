import { defineErrors } from '../../core/errors.js'

const STATUS_LABELS: Record<string, string> = {
  draft: '草稿',
  frozen: '已冻结（已公布承诺）',
  drawn: '已抽取',
  completed: '已完成',
}
const statusLabel = (s: unknown) => STATUS_LABELS[String(s)] ?? String(s ?? '')

export const inspectionError = defineErrors({
  'inspections.plan_not_found': {
    status: 404,
    message: (d) => `没有抽查计划「${String(d.id ?? '')}」（或不属于本部门）。`,
  },
  'inspections.frozen_not_public': {
    status: 404,
    message:
      '冻结的候选名单按信用等级分层，而该评价模型的结果未向社会公开，因此名单不公开；其 SHA-256 已随承诺公布，抽取由审计人员以 `gongxin inspections verify-draw` 或核验接口重算核对。',
  },
  'inspections.inspector_not_found': {
    status: 404,
    message: (d) => `没有执法检查人员「${String(d.id ?? '')}」（或不属于本部门）。`,
  },
  'inspections.conflict_not_found': {
    status: 404,
    message: (d) => `没有回避关系「${String(d.id ?? '')}」（或已撤销、不属于本部门）。`,
  },
  'inspections.dept_required': {
    status: 403,
    message: '执法检查人员名录和抽查计划属于部门：请以部门账户或部门 API 密钥操作。',
  },
  'inspections.badge_taken': {
    status: 409,
    message: (d) => `本部门已有执法证号为「${String(d.badgeNo ?? '')}」的执法检查人员。`,
  },
  'inspections.conflict_exists': {
    status: 409,
    message: '该执法检查人员与该主体已有未撤销的回避关系。',
  },
  'inspections.bad_input': {
    status: 422,
    message: (d) => `输入有误：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : ''}`,
  },
  'inspections.policy_retired': {
    status: 422,
    message: (d) => `监管政策「${String(d.code ?? '')}」（或其评价模型）已停用，不能用于抽查计划；请选择有效的政策。`,
  },
  'inspections.wrong_status': {
    status: 409,
    message: (d) =>
      `抽查计划当前状态为「${statusLabel(d.status)}」，不能${String(d.action ?? '执行该操作')}${d.expected ? `（需为「${statusLabel(d.expected)}」）` : ''}。`,
  },
  'inspections.no_candidates': {
    status: 422,
    message: '抽查计划的范围（行业、区县）内没有监管政策所评价的存续主体，无法冻结；请调整范围或政策。',
  },
  'inspections.no_inspectors': {
    status: 422,
    message: '本部门执法检查人员名录中没有在岗人员，无法抽取检查人员；请先维护执法检查人员名录。',
  },
  'inspections.not_target': {
    status: 422,
    message: (d) => `主体「${String(d.entityId ?? '')}」不是本次抽查的检查对象；检查结果只能登记给抽中的主体。`,
  },
  'inspections.result_exists': {
    status: 409,
    message: (d) => `检查对象「${String(d.entityId ?? '')}」的检查结果已登记，不能重复登记；如需更正请更正其公示记录。`,
  },
  'inspections.record_rejected': {
    status: 422,
    message: (d) =>
      `检查结果未能作为行政检查结果信息归集：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : ''}`,
  },
  'inspections.seed_mismatch': {
    status: 500,
    message:
      '抽查计划的随机种子与已公布的承诺不符，或冻结的候选名单已被改动：已停止抽取，请联系平台运维检查数据完整性。',
  },
})
