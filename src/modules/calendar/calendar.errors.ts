import { defineErrors } from '../../core/errors.js'

export const calendarError = defineErrors({
  'calendar.year_unknown': {
    status: 422,
    message: (d) => `工作日历缺少 ${String(d.year ?? '')} 年数据，请先导入国务院办公厅公布的节假日安排。`,
  },
  'calendar.bad_date': {
    status: 400,
    message: (d) => `日期「${String(d.date ?? '')}」无效，应为 YYYY-MM-DD 格式的真实日期。`,
  },
  'calendar.invalid': {
    status: 422,
    message: (d) =>
      `节假日安排数据有误${d.year ? `（${String(d.year)} 年）` : ''}：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : ''}`,
  },
  'calendar.not_found': {
    status: 404,
    message: (d) => `工作日历中没有 ${String(d.year ?? '')} 年${d.version ? `第 ${String(d.version)} 版` : ''}的数据。`,
  },
  'calendar.unreadable': {
    status: 422,
    message: (d) => `无法读取节假日安排文件 ${String(d.path ?? '')}：${String(d.reason ?? '')}`,
  },
})
