import { defineErrors } from '../../core/errors.js'

export const catalogError = defineErrors({
  'catalog.class_not_found': {
    status: 404,
    message: (d) => `信用信息目录中没有类别「${String(d.code ?? '')}」，请用 gongxin catalog list 查看可用的类别代码。`,
  },
  'catalog.version_not_found': {
    status: 404,
    message: (d) => `类别「${String(d.code ?? '')}」没有第 ${String(d.version ?? '')} 版。`,
  },
  'catalog.invalid_definition': {
    status: 422,
    message: (d) =>
      `目录类别定义有误${d.source ? `（${String(d.source)}）` : ''}：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : ''}`,
  },
  'catalog.version_conflict': {
    status: 409,
    message: (d) =>
      `类别「${String(d.code ?? '')}」已被他人修改（当前为第 ${String(d.current ?? '?')} 版，您编辑的是第 ${String(d.base ?? '?')} 版），请刷新后重新编辑。`,
  },
  'catalog.reason_required': { status: 422, message: '修改目录须填写修改原因（2 到 500 个字）。' },
  'catalog.unchanged': {
    status: 422,
    message: (d) => `提交的定义与类别「${String(d.code ?? '')}」的当前版本相同，未生成新版本。`,
  },
  'catalog.no_rule_set': {
    status: 500,
    message: (d) =>
      `没有适用于 ${String(d.date ?? '')} 的公示期限规则，请检查 data/catalog/publication-rules.json 是否已导入。`,
  },
  'catalog.severity_required': {
    status: 422,
    message: (d) => `类别「${String(d.code ?? '')}」为负面信息，计算公示期限须先确定失信程度（轻微/一般/严重）。`,
  },
  'catalog.bad_date': {
    status: 400,
    message: (d) => `日期「${String(d.date ?? '')}」无效，应为 YYYY-MM-DD 格式的真实日期。`,
  },
  'catalog.defaults_unreadable': {
    status: 500,
    message: (d) => `无法读取默认目录文件 ${String(d.path ?? '')}：${String(d.reason ?? '')}`,
  },
})
