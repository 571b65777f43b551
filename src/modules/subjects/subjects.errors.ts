import { defineErrors } from '../../core/errors.js'

/** Errors of subject accounts (docs/rights.md). One code for every failed activation: nothing tells which part was wrong. */
export const subjectError = defineErrors({
  'subject.bad_code': {
    status: 400,
    message:
      '激活失败：激活码无效、已过期或已使用，或代码（统一社会信用代码 / 身份证号码）与姓名不匹配。请核对后重试；激活码遗失或过期的，请联系信用办重新发放。',
  },
  'subject.identifier_required': {
    status: 400,
    message: '请填写统一社会信用代码（uscc，企业等组织）或身份证号码（idNumber，自然人）之一，二者不能同时填写。',
  },
  'subject.entity_required': {
    status: 400,
    message: '请指定要发放激活码的主体：统一社会信用代码（uscc）或主体编号（entityId）之一。',
  },
  'subject.bad_expiry': {
    status: 400,
    message: (d) =>
      `激活码有效期 expiresAt「${String(d.expiresAt ?? '')}」不正确：应为今后 ${String(d.maxDays ?? 365)} 天内的日期（YYYY-MM-DD，当日北京时间 24 时失效）或 ISO-8601 时间。`,
  },
  'subject.invitation_not_found': { status: 404, message: '找不到该激活码记录，请核对编号。' },
  'subject.not_subject': {
    status: 403,
    message: '只有绑定了信用主体的账户（企业或个人的主体账户）可以进行此操作。',
  },
  'subject.agent_by_agent': {
    status: 403,
    message: '经办人账户不能再添加经办人，请使用本单位的主体账户（激活时创建的账户）添加。',
  },
  'subject.bad_letter': {
    status: 400,
    message:
      '请上传授权委托书并填写其文件编号（letterFileId）：先上传加盖公章的授权委托书（POST /api/v1/files，PDF、JPEG 或 PNG），再填写返回的 id。',
  },
  'subject.agent_not_found': { status: 404, message: '找不到该经办人申请，请核对编号。' },
  'subject.agent_not_pending': {
    status: 409,
    message: (d) =>
      `该经办人申请已${d.state === 'approved' ? '审核通过' : '被退回'}，不能再次审核；当前状态：${String(d.state ?? '')}。`,
  },
  'subject.reason_required': {
    status: 400,
    message: '请填写退回理由（reason，2-500 个字符），申请人将看到该理由。',
  },
  'subject.bad_state': {
    status: 400,
    message: '状态筛选 state 只能是 pending（待审核）、approved（已通过）或 rejected（已退回）。',
  },
})
