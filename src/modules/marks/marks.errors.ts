import { defineErrors } from '../../core/errors.js'

export const markError = defineErrors({
  'mark.unknown_kind': {
    status: 422,
    message: (d) => `未知的标注类型「${String(d.kind ?? '')}」，目前只有 under_objection（异议处理中）。`,
  },
  'mark.reason_required': { status: 422, message: '添加或解除标注须填写原因（reason，2 至 500 字）。' },
  'mark.already_open': { status: 409, message: '该记录已有「异议处理中」标注，无需重复添加。' },
  'mark.not_open': { status: 409, message: '该记录没有未解除的「异议处理中」标注。' },
  'mark.record_inactive': { status: 409, message: '已撤销或已修复的记录不能添加标注。' },
})
