import { defineErrors } from '../../core/errors.js'

const list = (v: unknown): string => (Array.isArray(v) ? v.map(String).join('；') : '')

/** Errors of the credit agency registry and of agencies' reads (docs/agencies.md). */
export const agencyError = defineErrors({
  'agency.bad_uscc': {
    status: 400,
    message: (d) =>
      `信用服务机构的统一社会信用代码「${String(d.uscc ?? '')}」不正确：${list(d.problems) || '请填写 18 位统一社会信用代码'}。`,
  },
  'agency.bad_name': {
    status: 400,
    message: '机构名称 name 不正确：该统一社会信用代码尚未登记为主体时必须填写，1 到 100 个字。',
  },
  'agency.bad_filing_no': {
    status: 400,
    message: '备案编号 filingNo 不正确：应为 2 到 64 个字符，不含空白（如 津信服备〔2026〕001号）。',
  },
  'agency.bad_business_scope': { status: 400, message: '业务范围 businessScope 不正确：应为 1 到 500 个字。' },
  'agency.bad_filed_on': {
    status: 400,
    message: (d) => `备案日期 filedOn「${String(d.filedOn ?? '')}」不正确：应为不晚于今天的日期（YYYY-MM-DD）。`,
  },
  'agency.bad_status': {
    status: 400,
    message: (d) =>
      `状态 status「${String(d.status ?? '')}」不正确：可选 filed（备案）、suspended（暂停）、cancelled（注销）。`,
  },
  'agency.reason_required': { status: 400, message: '暂停或注销信用服务机构须说明原因 reason（1 到 200 个字）。' },
  'agency.exists': {
    status: 409,
    message: (d) =>
      `统一社会信用代码 ${String(d.uscc ?? '')} 已登记为信用服务机构（备案编号 ${String(d.filingNo ?? '')}）：请修改该机构的状态，不要重复备案。`,
  },
  'agency.filing_exists': {
    status: 409,
    message: (d) => `备案编号「${String(d.filingNo ?? '')}」已被「${String(d.name ?? '')}」使用：备案编号不能重复。`,
  },
  'agency.not_found': {
    status: 404,
    message: '找不到该信用服务机构：请核对机构编号（GET /api/v1/agencies 列出已备案的机构）。',
  },
  'agency.bad_transition': {
    status: 409,
    message: (d) =>
      `信用服务机构当前状态为「${String(d.fromLabel ?? d.from ?? '')}」，不能改为「${String(d.toLabel ?? d.to ?? '')}」${d.from === 'cancelled' ? '：注销是最终状态，重新开展业务须重新备案' : ''}。`,
  },
  'agency.principal_not_found': {
    status: 404,
    message: '找不到该账户或密钥：请核对 userId 或 keyId。',
  },
  'agency.principal_role': {
    status: 400,
    message: (d) =>
      `只有角色为「信用服务机构」（agency）的账户或密钥可以归属信用服务机构，该${d.kind === 'api_key' ? '密钥' : '账户'}的角色是 ${String(d.role ?? '')}。`,
  },
  'agency.principal_taken': {
    status: 409,
    message: '该账户或密钥已归属另一家信用服务机构：请先从原机构移除。',
  },
  'agency.not_registered': {
    status: 403,
    message:
      '本账户（密钥）没有归属已备案的信用服务机构，不能查询主体授权的信息：请联系平台运维管理员将账户关联到本机构的备案。',
  },
  'agency.suspended': {
    status: 403,
    message: (d) =>
      `信用服务机构「${String(d.name ?? '')}」的备案已暂停${d.reason ? `（${String(d.reason)}）` : ''}，暂停期间不能查询任何信息。`,
  },
  'agency.cancelled': {
    status: 403,
    message: (d) =>
      `信用服务机构「${String(d.name ?? '')}」的备案已注销${d.reason ? `（${String(d.reason)}）` : ''}，不能查询任何信息。`,
  },
  'agency.no_grant': {
    status: 404,
    message:
      '没有该主体给本机构的有效授权（未授权、已过期或已撤销，或主体不存在）：请主体在「我的信用 · 授权管理」授予本机构 record.all 或具体类别（record.<类别代码>）的查询授权。',
  },
  'agency.scope_not_granted': {
    status: 403,
    message: (d) => `主体的授权不包括类别 ${list(d.classes)}：本机构可以查询的范围是 ${list(d.granted) || '（无）'}。`,
  },
  'agency.unknown_class': { status: 400, message: (d) => `类别代码「${String(d.class ?? '')}」不在信用信息目录中。` },
  'agency.bad_cursor': { status: 400, message: '游标 after 不正确：应为上一页返回的 next（非负整数）。' },
})
