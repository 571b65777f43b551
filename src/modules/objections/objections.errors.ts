import { defineErrors } from '../../core/errors.js'

export const objectionError = defineErrors({
  'objections.not_found': { status: 404, message: '异议办件不存在，或您无权查看。' },
  'objections.record_not_found': {
    status: 404,
    message: '信用记录不存在：请核对记录编号（recordId）。信用主体只能对本单位（本人）的记录提出异议。',
  },
  'objections.record_inactive': {
    status: 409,
    message: (d) => `该记录当前状态为「${String(d.stateLabel ?? d.state ?? '')}」，不能提出异议。`,
  },
  'objections.already_open': {
    status: 409,
    message: (d) => `该记录已有未办结的异议（办件编号 ${String(d.number ?? '')}），请等待其办结后再提出。`,
  },
  'objections.bad_transition': {
    status: 409,
    message: (d) => `异议当前状态为「${String(d.stateLabel ?? '')}」，不能${String(d.actionLabel ?? '办理')}。`,
  },
  'objections.conflict': {
    status: 409,
    message: (d) => `该异议已被他人办理（当前状态「${String(d.stateLabel ?? '')}」），请刷新后重试。`,
  },
  'objections.not_provider': {
    status: 403,
    message: '只有提供该记录的部门（具有「更正、撤销本部门报送的记录」权限）可以核实并作出异议决定（谁提供谁核实）。',
  },
  'objections.not_applicant': {
    status: 403,
    message: '只有异议申请人（信用主体本身）或代为录入的信用工作人员可以撤回异议。',
  },
  'objections.field_required': {
    status: 400,
    message: (d) =>
      `请填写「${String(d.label ?? d.field ?? '')}」（${String(d.field ?? '')}）${d.rule ? `：${String(d.rule)}` : ''}。`,
  },
  'objections.fields_required': {
    status: 400,
    message: '结论为「更正」时，请在 fields 中填写更正后的字段（字段代码 -> 新值），至少一项。',
  },
  'objections.field_unknown': {
    status: 422,
    message: (d) =>
      `记录类别「${String(d.className ?? '')}」没有字段「${String(d.field ?? '')}」：请使用该类别的字段代码。`,
  },
  'objections.field_locked': {
    status: 422,
    message: (d) =>
      `字段「${String(d.label ?? d.field ?? '')}」标识记录本身（主体身份或文书号），不能通过更正修改；如记录整体有误，请选择「撤销」。`,
  },
  'objections.correction_rejected': {
    status: 422,
    message: (d) =>
      `更正未通过数据校验，记录未作任何修改：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : '请检查更正字段'}。`,
  },
  'objections.correction_unchanged': {
    status: 422,
    message: '更正后的内容与现有记录相同：请修改至少一个字段，或选择「维持」。',
  },
  'objections.minor_stays_unpublished': {
    status: 422,
    message: '该记录的主体在决定日未满十八周岁，更正后仍不得公示：不能通过更正改变决定日期使其公示。',
  },
  'objections.bad_query': {
    status: 400,
    message: (d) => `查询条件「${String(d.field ?? '')}」不正确：${String(d.rule ?? '')}。`,
  },
})
