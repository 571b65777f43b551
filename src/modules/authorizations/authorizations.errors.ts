import { defineErrors } from '../../core/errors.js'

/** Errors of authorisation grants (docs/reports.md). */
export const authorizationError = defineErrors({
  'authorization.not_subject': {
    status: 403,
    message: '只有绑定了信用主体的账户（企业或个人的主体账户及其经办人）可以管理授权。',
  },
  'authorization.bad_grantee': {
    status: 400,
    message:
      '被授权方 grantee 不正确：请填写信用服务机构或部门的代码、统一社会信用代码，或其账户编号（2 到 64 个字符，不含空白）。',
  },
  'authorization.bad_scopes': {
    status: 400,
    message: (d) =>
      `授权范围 scopes 不正确${d.scope ? `（「${String(d.scope)}」）` : ''}：应为 1 到 20 项，每项形如 report.full、report.special（小写字母、数字、下划线，以点分隔）。`,
  },
  'authorization.bad_until': {
    status: 400,
    message: (d) =>
      `授权截止时间 until「${String(d.until ?? '')}」不正确：应为今后 ${String(d.maxDays ?? 366)} 天内的日期（YYYY-MM-DD，当日北京时间 24 时失效）或 ISO-8601 时间。`,
  },
  'authorization.bad_note': { status: 400, message: '备注 note 最多 200 个字。' },
  'authorization.not_found': {
    status: 404,
    message: '找不到该授权：请核对授权编号（GET /api/v1/me/authorizations 列出本主体的授权）。',
  },
})
