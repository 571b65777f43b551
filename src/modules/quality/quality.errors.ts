import { defineErrors } from '../../core/errors.js'

export const qualityError = defineErrors({
  'quality.bad_period': {
    status: 422,
    message: (d) =>
      d.reason === 'order'
        ? `统计期间有误：开始日期 ${String(d.from)} 晚于结束日期 ${String(d.to)}。`
        : `统计期间的日期「${String(d.value)}」无效：应为 YYYY-MM-DD 格式的真实日期。`,
  },
})
