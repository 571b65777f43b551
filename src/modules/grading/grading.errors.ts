import { defineErrors } from '../../core/errors.js'

export const gradingError = defineErrors({
  'grading.not_found': {
    status: 404,
    message: (d) =>
      d.version !== undefined
        ? `评价模型「${String(d.code ?? '')}」没有第 ${String(d.version)} 版，请用 GET /api/v1/grading/models/${String(d.code ?? '')}/versions 查看版本。`
        : `没有评价模型「${String(d.code ?? '')}」，请用 GET /api/v1/grading/models 查看可用的模型代码。`,
  },
  'grading.version_not_found': {
    status: 404,
    message: (d) =>
      `评价模型「${String(d.code ?? '')}」没有第 ${String(d.version ?? '?')} 版（共 ${String(d.latest ?? 0)} 个版本），请在版本列表中选择要比较的版本。`,
  },
  'grading.invalid_definition': {
    status: 422,
    message: (d) =>
      `评价模型定义有误${d.source ? `（${String(d.source)}）` : ''}：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : ''}`,
  },
  'grading.reason_required': { status: 422, message: '修改评价模型须填写修改原因（2 到 500 个字）。' },
  'grading.unchanged': {
    status: 422,
    message: (d) => `提交的定义与评价模型「${String(d.code ?? '')}」的当前版本相同，未生成新版本。`,
  },
  'grading.version_conflict': {
    status: 409,
    message: (d) =>
      `评价模型「${String(d.code ?? '')}」已被他人修改（当前为第 ${String(d.current ?? '?')} 版，您编辑的是第 ${String(d.base ?? '?')} 版），请刷新后重新编辑。`,
  },
  'grading.defaults_unreadable': {
    status: 500,
    message: (d) => `无法读取默认评价模型文件 ${String(d.path ?? '')}：${String(d.reason ?? '')}`,
  },
  'grading.not_covered': {
    status: 422,
    message: (d) =>
      d.model
        ? `评价模型「${String(d.model)}」不评价${String(d.kindLabel ?? d.kind ?? '')}${d.industry ? `（行业门类 ${String(d.industry)}）` : ''}主体：该模型适用于 ${String(d.covers ?? '')}；请选择适用的模型，或不指定 model 使用主体适用的默认模型。`
        : `没有适用于${String(d.kindLabel ?? d.kind ?? '')}主体的评价模型：公共信用综合评价只评价组织，不评价自然人。`,
  },
  'grading.model_retired': {
    status: 422,
    message: (d) => `评价模型「${String(d.code ?? '')}」已停用，不再评价；请选择有效的模型。`,
  },
  'grading.bad_date': {
    status: 400,
    message: (d) =>
      `asOf（评价日期）「${String(d.value ?? '')}」无效：应为 YYYY-MM-DD 格式的日期，且不晚于今天（${String(d.today ?? '')}）。`,
  },
  'grading.unknown_records': {
    status: 422,
    message: (d) =>
      `exclude 中的记录不属于该主体：${Array.isArray(d.ids) ? (d.ids as string[]).join('、') : ''}；请填写该主体评价说明 reasons[].records 中的记录编号。`,
  },
  'grading.publication_not_found': {
    status: 404,
    message: (d) =>
      d.version !== undefined
        ? `评价结果公开政策没有第 ${String(d.version)} 版${d.latest !== undefined ? `（共 ${String(d.latest)} 个版本）` : ''}。`
        : '尚未设定评价结果公开政策：评价结果不向社会公开。',
  },
  'grading.publication_invalid': {
    status: 422,
    message: (d) => `评价结果公开政策有误：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : ''}`,
  },
  'grading.publication_unchanged': {
    status: 422,
    message: '提交的公开政策与当前版本相同，未生成新版本。',
  },
  'grading.publication_conflict': {
    status: 409,
    message: (d) =>
      `评价结果公开政策已被他人修改（当前为第 ${String(d.current ?? '?')} 版，您编辑的是第 ${String(d.base ?? '?')} 版），请刷新后重新编辑。`,
  },
})
