import { defineErrors } from '../../core/errors.js'

export const deadlineError = defineErrors({
  'deadline.not_found': {
    status: 404,
    message: (d) =>
      `没有办理期限「${String(d.code ?? '')}」${d.version ? `第 ${String(d.version)} 版` : ''}，请用 GET /api/v1/deadlines 查看可用的期限代码。`,
  },
  'deadline.version_not_found': {
    status: 404,
    message: (d) =>
      `办理期限「${String(d.code ?? '')}」没有第 ${String(d.version ?? '?')} 版（共 ${String(d.latest ?? 0)} 个版本），请在版本列表中选择。`,
  },
  'deadline.invalid_definition': {
    status: 422,
    message: (d) => `办理期限定义有误：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : ''}`,
  },
  'deadline.reason_required': { status: 422, message: '修改办理期限须填写修改原因（2 到 500 个字）。' },
  'deadline.unchanged': {
    status: 422,
    message: (d) => `提交的定义与办理期限「${String(d.code ?? '')}」的当前版本相同，未生成新版本。`,
  },
  'deadline.version_conflict': {
    status: 409,
    message: (d) =>
      `办理期限「${String(d.code ?? '')}」已被他人修改（当前为第 ${String(d.current ?? '?')} 版，您编辑的是第 ${String(d.base ?? '?')} 版），请刷新后重新编辑。`,
  },
  'deadline.bad_policy_version': {
    status: 422,
    message: (d) =>
      `办理期限版本「${String(d.version ?? '')}」格式有误，应为“代码@版本”以分号连接（如 objection.accept@1;repair.decide@2）。`,
  },
  'deadline.bad_days': {
    status: 422,
    message: (d) => `期限天数「${String(d.days ?? '')}」无效：应为 0 到 365 之间的整数个工作日。`,
  },
  'deadline.unreadable': {
    status: 422,
    message: (d) => `无法读取办理期限文件 ${String(d.path ?? '')}：${String(d.reason ?? '')}`,
  },
})
