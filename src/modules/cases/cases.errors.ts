import { defineErrors } from '../../core/errors.js'

export const caseError = defineErrors({
  'cases.bad_query': {
    status: 400,
    message: (d) => `查询条件「${String(d.field ?? '')}」不正确：${String(d.rule ?? '')}。`,
  },
})
