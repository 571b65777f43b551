import { defineErrors } from '../../core/errors.js'

export const entityError = defineErrors({
  'entity.not_found': { status: 404, message: '未找到该信用主体，请核对主体编号或统一社会信用代码。' },
  'entity.invalid': {
    status: 422,
    message: (d) => `主体信息不正确：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : ''}`,
  },
  'entity.identifier_taken': {
    status: 409,
    message: (d) => `${String(d.label ?? '代码')} ${String(d.value ?? '')} 已属于另一个主体，不能重复登记。`,
  },
})
