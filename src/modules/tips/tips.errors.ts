import { defineErrors } from '../../core/errors.js'

const problemsText = (d: Record<string, unknown>) =>
  Array.isArray(d.problems) ? (d.problems as string[]).join('；') : ''

export const tipError = defineErrors({
  'tips.not_found': {
    status: 404,
    message: '举报不存在，或编号、查询码不正确。请核对举报编号和查询码（提交举报时显示的两串字符）。',
  },
  'tips.bad_transition': {
    status: 409,
    message: (d) => `该举报当前状态为「${String(d.stateLabel)}」，不能${String(d.actionLabel)}。`,
  },
  'tips.conflict': {
    status: 409,
    message: (d) => `该举报已被他人办理（当前状态「${String(d.stateLabel ?? '')}」），请刷新后重试。`,
  },
  'tips.field_required': {
    status: 400,
    message: (d) => `请填写「${String(d.label)}」（${String(d.field)}）。`,
  },
  'tips.field_invalid': {
    status: 400,
    message: (d) => `「${String(d.label)}」（${String(d.field)}）不正确：${String(d.rule)}。`,
  },
  'tips.unknown_category': {
    status: 422,
    message: (d) =>
      `举报类别「${String(d.category)}」不存在，请从以下类别中选择：${Array.isArray(d.allowed) ? (d.allowed as string[]).join('、') : ''}。`,
  },
  'tips.contact_required': {
    status: 422,
    message:
      '申请举报奖励须留下联系方式（contact：姓名及电话或电子邮箱），以便核实后联系发放奖励；不需要奖励可匿名举报。',
  },
  'tips.unknown_dept': {
    status: 422,
    message: (d) => `部门「${String(d.dept)}」未登记，请从部门列表中选择承办部门（dept）。`,
  },
  'tips.same_dept': {
    status: 422,
    message: (d) => `该举报已由「${String(d.dept)}」办理，移交须选择其他部门（dept）。`,
  },
  'tips.not_handler': {
    status: 403,
    message: '该举报不由本部门办理：只有承办部门可以查证、移交举报和登记奖励。',
  },
  'tips.routing_not_found': {
    status: 404,
    message: (d) =>
      d.version !== undefined
        ? `举报分办表没有第 ${String(d.version)} 版，请用 GET /api/v1/tips/routing/versions 查看全部版本。`
        : '尚未载入举报分办表，请先运行 gongxin migrate。',
  },
  'tips.routing_invalid': {
    status: 422,
    message: (d) => `举报分办表有误${d.source ? `（${String(d.source)}）` : ''}：${problemsText(d)}`,
  },
  'tips.routing_reason_required': { status: 422, message: '修改举报分办表须填写修改原因（reason，2 到 500 个字）。' },
  'tips.routing_unchanged': { status: 422, message: '提交的举报分办表与当前版本相同，未生成新版本。' },
  'tips.routing_version_conflict': {
    status: 409,
    message: (d) =>
      `举报分办表已被他人修改（当前为第 ${String(d.current ?? '?')} 版，您编辑的是第 ${String(d.base ?? '?')} 版），请刷新后重新编辑。`,
  },
  'tips.routing_defaults_unreadable': {
    status: 500,
    message: (d) => `无法读取默认举报分办表 ${String(d.path ?? '')}：${String(d.reason ?? '')}`,
  },
})
