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
  'checks.measure_unknown': {
    status: 422,
    message: (d) =>
      `奖惩措施清单中没有措施「${String(d.measure ?? '')}」，请核对措施代码：只能对该次核查命中的措施（核查回执中的 hits）反馈实施情况。`,
  },
  'checks.reason_required': {
    status: 422,
    message: '未实施或部分实施的措施须填写原因（reason，2 到 500 个字）。',
  },
  'checks.batch_file_invalid': {
    status: 422,
    message: (d) => `批量比对文件无法使用：${String(d.reason ?? '')}。`,
  },
  'checks.batch_file_missing': {
    status: 400,
    message:
      '请上传主体名单文件（multipart 字段 file：CSV 或 XLSX，一列代码，可另有一列主体名称），并填写应用场景（字段 scenario）。',
  },
  'checks.batch_too_large': {
    status: 413,
    message: (d) =>
      `批量比对每次最多 ${String(d.max ?? 1000)} 个主体，文件「${String(d.fileName ?? '')}」超过了这个数量：请拆分为多个文件分别上传。`,
  },
  'checks.batch_not_found': {
    status: 404,
    message: (d) => `比对批次「${String(d.id ?? '')}」不存在，或不属于本部门。`,
  },
  'checks.stats_range_invalid': {
    status: 422,
    message: '统计区间有误：开始日期（from）不得晚于结束日期（to），日期格式为 YYYY-MM-DD。',
  },
})
