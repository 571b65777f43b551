import { defineErrors } from '../../core/errors.js'

export const supervisionError = defineErrors({
  'supervision.not_found': {
    status: 404,
    message: (d) =>
      d.version !== undefined
        ? `监管政策「${String(d.code ?? '')}」没有第 ${String(d.version)} 版，请用 GET /api/v1/supervision/policies/${String(d.code ?? '')}/versions 查看版本。`
        : `没有监管政策「${String(d.code ?? '')}」，请用 GET /api/v1/supervision/policies 查看可用的政策代码。`,
  },
  'supervision.version_not_found': {
    status: 404,
    message: (d) =>
      `监管政策「${String(d.code ?? '')}」没有第 ${String(d.version ?? '?')} 版（共 ${String(d.latest ?? 0)} 个版本），请在版本列表中选择要比较的版本。`,
  },
  'supervision.invalid_definition': {
    status: 422,
    message: (d) =>
      `监管政策定义有误${d.source ? `（${String(d.source)}）` : ''}：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : ''}`,
  },
  'supervision.reason_required': { status: 422, message: '修改监管政策须填写修改原因（2 到 500 个字）。' },
  'supervision.unchanged': {
    status: 422,
    message: (d) => `提交的定义与监管政策「${String(d.code ?? '')}」的当前版本相同，未生成新版本。`,
  },
  'supervision.version_conflict': {
    status: 409,
    message: (d) =>
      `监管政策「${String(d.code ?? '')}」已被他人修改（当前为第 ${String(d.current ?? '?')} 版，您编辑的是第 ${String(d.base ?? '?')} 版），请刷新后重新编辑。`,
  },
  'supervision.defaults_unreadable': {
    status: 500,
    message: (d) => `无法读取默认监管政策文件 ${String(d.path ?? '')}：${String(d.reason ?? '')}`,
  },
  'supervision.retired': {
    status: 422,
    message: (d) => `监管政策「${String(d.code ?? '')}」已停用，不能用于新的抽查计划；请选择有效的政策。`,
  },
})
