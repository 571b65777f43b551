import { defineErrors } from '../../core/errors.js'

export const measureError = defineErrors({
  'measure.not_found': {
    status: 404,
    message: (d) => `奖惩措施清单中没有措施「${String(d.code ?? '')}」，请用 GET /api/v1/measures 查看可用的措施代码。`,
  },
  'measure.invalid_definition': {
    status: 422,
    message: (d) =>
      `奖惩措施定义有误${d.source ? `（${String(d.source)}）` : ''}：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : ''}`,
  },
  'measure.reason_required': { status: 422, message: '修改奖惩措施须填写修改原因（2 到 500 个字）。' },
  'measure.unchanged': {
    status: 422,
    message: (d) => `提交的定义与措施「${String(d.code ?? '')}」的当前版本相同，未生成新版本。`,
  },
  'measure.version_conflict': {
    status: 409,
    message: (d) =>
      `措施「${String(d.code ?? '')}」已被他人修改（当前为第 ${String(d.current ?? '?')} 版，您编辑的是第 ${String(d.base ?? '?')} 版），请刷新后重新编辑。`,
  },
  'measure.version_not_found': {
    status: 404,
    message: (d) =>
      `措施「${String(d.code ?? '')}」没有第 ${String(d.version ?? '?')} 版（共 ${String(d.latest ?? 0)} 个版本），请在版本列表中选择要比较的版本。`,
  },
  'measure.exists': {
    status: 409,
    message: (d) =>
      `措施代码「${String(d.code ?? '')}」已被使用：新增措施请换一个代码，修改已有措施请在该措施的详情页点「修改」。`,
  },
  'measure.already_retired': {
    status: 422,
    message: (d) => `措施「${String(d.code ?? '')}」已停用，无需再次停用；如需恢复，请修改该措施并将状态设为「有效」。`,
  },
  'measure.defaults_unreadable': {
    status: 500,
    message: (d) => `无法读取默认奖惩措施文件 ${String(d.path ?? '')}：${String(d.reason ?? '')}`,
  },
})
