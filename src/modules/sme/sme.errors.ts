import { defineErrors } from '../../core/errors.js'

export const smeError = defineErrors({
  'sme.not_found': {
    status: 404,
    message: (d) =>
      d.version !== undefined
        ? `筛选规则「${String(d.code ?? '')}」没有第 ${String(d.version)} 版，请用 GET /api/v1/sme/rules/${String(d.code ?? '')}/versions 查看版本。`
        : `没有筛选规则「${String(d.code ?? '')}」，请用 GET /api/v1/sme/rules 查看可用的规则代码。`,
  },
  'sme.version_not_found': {
    status: 404,
    message: (d) =>
      `筛选规则「${String(d.code ?? '')}」没有第 ${String(d.version ?? '?')} 版（共 ${String(d.latest ?? 0)} 个版本），请在版本列表中选择要比较的版本。`,
  },
  'sme.invalid_definition': {
    status: 422,
    message: (d) =>
      `筛选规则定义有误${d.source ? `（${String(d.source)}）` : ''}：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : ''}`,
  },
  'sme.reason_required': { status: 422, message: '修改筛选规则须填写修改原因（2 到 500 个字）。' },
  'sme.unchanged': {
    status: 422,
    message: (d) => `提交的定义与筛选规则「${String(d.code ?? '')}」的当前版本相同，未生成新版本。`,
  },
  'sme.version_conflict': {
    status: 409,
    message: (d) =>
      `筛选规则「${String(d.code ?? '')}」已被他人修改（当前为第 ${String(d.current ?? '?')} 版，您编辑的是第 ${String(d.base ?? '?')} 版），请刷新后重新编辑。`,
  },
  'sme.defaults_unreadable': {
    status: 500,
    message: (d) => `无法读取默认筛选规则文件 ${String(d.path ?? '')}：${String(d.reason ?? '')}`,
  },
  'sme.retired': {
    status: 422,
    message: (d) => `筛选规则「${String(d.code ?? '')}」已停用，请选择有效的规则。`,
  },
})
