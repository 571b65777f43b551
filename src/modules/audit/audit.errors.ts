import { defineErrors } from '../../core/errors.js'

export const auditError = defineErrors({
  'audit.bad_filter': { status: 400, message: (d) => `审计查询条件不正确：${String(d.reason ?? '')}` },
})
