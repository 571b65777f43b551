import { defineErrors } from '../../core/errors.js'

export const searchError = defineErrors({
  'search.query_too_short': {
    status: 400,
    message:
      '请输入至少两个字的名称片段，或完整的统一社会信用代码（18 位）、工商注册号（15 位）、组织机构代码（9 位）。',
  },
  'search.query_too_long': { status: 400, message: (d) => `搜索内容过长：名称片段最多 ${String(d.max ?? 100)} 个字。` },
  'search.bad_filter': {
    status: 400,
    message: (d) =>
      `搜索条件不正确：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : '请检查筛选条件'}`,
  },
  'search.bad_page': {
    status: 400,
    message: (d) =>
      `分页参数不正确：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : '请检查 page 和 pageSize'}`,
  },
  'search.bad_flag': {
    status: 400,
    message: (d) => `主体标记不正确：${String(d.reason ?? '')}`,
  },
})
