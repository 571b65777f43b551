import { defineErrors } from '../../core/errors.js'

export const checkError = defineErrors({
  'checks.subject_invalid': {
    status: 400,
    message:
      '请提供核查主体：统一社会信用代码（uscc）、主体编号（entityId）、名称加代码（name + code）或身份证件号码（idNumber）之一。',
  },
  'checks.subject_unresolved': {
    status: 422,
    message: (d) =>
      `无法确定核查主体${d.message ? `：${String(d.message)}` : ''}。未确定主体时不出具核查结果，请核对代码或补充统一社会信用代码后重试。`,
  },
  'checks.purpose_required': {
    status: 422,
    message: '核查自然人须说明查询用途（purpose，2 到 200 个字），用途将记入审计日志。',
  },
  'checks.not_found': { status: 404, message: (d) => `核查记录「${String(d.id ?? '')}」不存在，或不属于本部门。` },
  'checks.measure_not_hit': {
    status: 422,
    message: (d) => `措施「${String(d.measure ?? '')}」不在该次核查命中的措施中，只能对命中的措施反馈实施情况。`,
  },
  'checks.reason_required': {
    status: 422,
    message: '未实施或部分实施的措施须填写原因（reason，2 到 500 个字）。',
  },
})
