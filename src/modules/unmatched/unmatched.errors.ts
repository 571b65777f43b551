import { defineErrors } from '../../core/errors.js'

export const unmatchedError = defineErrors({
  'unmatched.not_found': {
    status: 404,
    message: (d) => `待匹配主体「${String(d.id ?? '')}」不存在，请用 GET /api/v1/unmatched 查看待匹配的主体。`,
  },
  'unmatched.not_open': {
    status: 409,
    message: (d) =>
      `该待匹配主体已处理（状态：${String(d.statusLabel ?? d.status ?? '')}），其中的行已归集或已由报送单位重新报送，不会再次归集；请刷新列表查看处理结果。`,
  },
  'unmatched.entity_not_found': {
    status: 422,
    message: (d) => `主体「${String(d.entityId ?? '')}」不存在：请从候选主体中选择，或在「主体查询」中核对主体编号。`,
  },
  'unmatched.kind_mismatch': {
    status: 422,
    message: (d) =>
      `不能匹配到自然人「${String(d.name ?? '')}」：待匹配的行政相对人是法人、非法人组织或个体工商户。自然人只按居民身份证号码确定，请选择单位主体。`,
  },
  'unmatched.uscc_mismatch': {
    status: 422,
    message: (d) =>
      `报送的统一社会信用代码为 ${String(d.uscc ?? '')}，而主体「${String(d.name ?? '')}」的统一社会信用代码为 ${String(d.entityUscc ?? '')}：统一社会信用代码终身唯一，以代码为准，不能匹配到代码不同的主体。请选择该代码的主体、登记为新主体，或请报送单位核对代码后重新报送。`,
  },
  'unmatched.uscc_registered': {
    status: 409,
    message: (d) =>
      `统一社会信用代码 ${String(d.uscc ?? '')} 已登记为主体「${String(d.name ?? '')}」：请匹配到该主体（主体编号 ${String(d.entityId ?? '')}）。`,
  },
  'unmatched.register_invalid': {
    status: 422,
    message: (d) =>
      `不能登记为新主体：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : ''}。请修改登记信息，或匹配到已有主体。`,
  },
})
