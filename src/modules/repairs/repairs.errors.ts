import { defineErrors } from '../../core/errors.js'

export const repairError = defineErrors({
  'repairs.not_eligible': {
    status: 422,
    message: (d) => {
      const reasons = Array.isArray(d.reasons) ? (d.reasons as { message: string }[]).map((r) => r.message) : []
      return `该记录暂不能申请信用修复：${reasons.join('；') || '不符合修复条件'}`
    },
  },
  'repairs.not_found': { status: 404, message: '未找到该信用修复申请，请核对编号。' },
  'repairs.record_not_found': { status: 404, message: '未找到该信用记录，请核对记录编号。' },
  'repairs.bad_transition': {
    status: 409,
    message: (d) => `该修复申请当前状态为「${String(d.stateLabel)}」，不能${String(d.actionLabel)}。`,
  },
  'repairs.conflict': {
    status: 409,
    message: (d) => `该修复申请已被他人办理（当前状态「${String(d.stateLabel)}」），请刷新后重试。`,
  },
  'repairs.already_open': {
    status: 409,
    message: (d) => `该记录已有办理中的信用修复申请（${String(d.number)}），请等待决定或先撤回。`,
  },
  'repairs.not_decider': {
    status: 403,
    message: '信用修复由认定该失信信息的部门决定（谁认定、谁修复）：只有记录的提供部门或信用办可以办理。',
  },
  'repairs.not_applicant': { status: 403, message: '只有申请人可以撤回自己的信用修复申请。' },
  'repairs.applicant_only': {
    status: 403,
    message: '信用修复申请须由信用主体本人（主体账号）提交。',
  },
  'repairs.reason_required': {
    status: 422,
    message: '请填写决定理由（reasons，2 至 1000 字）：同意或不予修复都须说明依据。',
  },
  'repairs.text_required': {
    status: 422,
    message: (d) => `请填写${String(d.label)}（${String(d.field)}，${String(d.min ?? 2)} 至 ${String(d.max)} 字）。`,
  },
  'repairs.record_changed': {
    status: 409,
    message: (d) =>
      `申请提交后该记录已有变动（当前状态「${String(d.stateLabel)}」），不能按原申请修复：请作出不予修复决定并告知申请人重新申请。`,
  },
  'list_exits.not_eligible': {
    status: 422,
    message: (d) => {
      const reasons = Array.isArray(d.reasons) ? (d.reasons as { message: string }[]).map((r) => r.message) : []
      return `该名单记录暂不能申请移出：${reasons.join('；') || '不符合移出条件'}`
    },
  },
  'list_exits.bad_ground': {
    status: 422,
    message: (d) =>
      `请从本名单的移出条件中选择申请理由（ground）：${Array.isArray(d.grounds) ? (d.grounds as string[]).join('；') : ''}`,
  },
  'list_exits.not_found': { status: 404, message: '未找到该移出申请，请核对编号。' },
  'list_exits.bad_transition': {
    status: 409,
    message: (d) => `该移出申请当前状态为「${String(d.stateLabel)}」，不能${String(d.actionLabel)}。`,
  },
  'list_exits.conflict': {
    status: 409,
    message: (d) => `该移出申请已被他人办理（当前状态「${String(d.stateLabel)}」），请刷新后重试。`,
  },
  'list_exits.already_open': {
    status: 409,
    message: (d) => `该名单记录已有办理中的移出申请（${String(d.number)}），请等待决定或先撤回。`,
  },
})
