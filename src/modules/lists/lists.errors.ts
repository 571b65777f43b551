import { defineErrors } from '../../core/errors.js'

const problemsText = (d: Record<string, unknown>) =>
  Array.isArray(d.problems) ? (d.problems as string[]).join('；') : ''

export const listError = defineErrors({
  'lists.rule_invalid': {
    status: 422,
    message: (d) => `重点关注名单升级规则有误${d.source ? `（${String(d.source)}）` : ''}：${problemsText(d)}`,
  },
  'lists.rule_reason_required': { status: 422, message: '修改升级规则须填写修改原因（reason，2 到 500 个字）。' },
  'lists.rule_unchanged': { status: 422, message: '提交的升级规则与当前版本相同，未生成新版本。' },
  'lists.rule_version_conflict': {
    status: 409,
    message: (d) =>
      `升级规则已被他人修改（当前为第 ${String(d.current ?? '?')} 版，您编辑的是第 ${String(d.base ?? '?')} 版），请刷新后重新编辑。`,
  },
  'lists.rule_not_found': {
    status: 404,
    message: (d) =>
      d.version !== undefined
        ? `升级规则没有第 ${String(d.version)} 版，请用 GET /api/v1/lists/escalation-rule/versions 查看全部版本。`
        : '尚未载入重点关注名单升级规则，请先运行 gongxin migrate。',
  },
  'lists.rule_defaults_unreadable': {
    status: 500,
    message: (d) => `无法读取默认升级规则文件 ${String(d.path ?? '')}：${String(d.reason ?? '')}`,
  },
  'lists.unknown_kind': {
    status: 400,
    message: (d) =>
      `名单类型「${String(d.kind ?? '')}」不存在，应为 red（红名单）、black（黑名单）或 focus（重点关注名单）。`,
  },
  'lists.proposal_not_found': {
    status: 404,
    message: (d) => `列入建议「${String(d.id ?? '')}」不存在，请用 GET /api/v1/lists/proposals 查看待处理的建议。`,
  },
  'lists.proposal_not_open': {
    status: 409,
    message: (d) =>
      `列入建议已处理（状态：${String(d.statusLabel ?? d.status ?? '')}），不能再确认或驳回；请刷新列表查看处理结果。`,
  },
  'lists.document_no_required': {
    status: 422,
    message: '确认列入须填写列入决定文号（documentNo，2 到 100 个字），即认定单位作出列入决定的文书编号。',
  },
  'lists.decision_date_invalid': {
    status: 422,
    message: (d) => `列入决定日期（decisionDate）${String(d.problem ?? '应为 YYYY-MM-DD 格式的日期')}。`,
  },
  'lists.reason_required': {
    status: 422,
    message: '确认列入须填写列入事由（reason，2 到 2000 个字），说明主体存在的失信行为。',
  },
  'lists.basis_required': {
    status: 422,
    message:
      '确认列入须填写列入依据（basis，4 到 2000 个字）：升级规则未设置依据时，应写明据以列入的法律、法规或政策文件。',
  },
  'lists.reject_reason_required': {
    status: 422,
    message: '驳回列入建议须填写驳回理由（reason，2 到 500 个字）。',
  },
  'lists.department_required': {
    status: 422,
    message:
      '无法确定认定单位：当前账号未绑定部门，且升级规则没有设置认定单位（department）。请在升级规则中填写信用主管部门的代码。',
  },
  'lists.department_unknown': {
    status: 422,
    message: (d) =>
      `认定单位「${String(d.dept ?? '')}」不是已登记的部门，请在升级规则中改为已登记的部门代码（见「系统管理 - 部门」）。`,
  },
  'lists.already_listed': {
    status: 409,
    message: (d) =>
      `主体${d.name ? `「${String(d.name)}」` : ''}已在重点关注名单或黑名单中（期限内），无需再次列入；该建议将在下次扫描时标为已失效，也可直接驳回。`,
  },
  'lists.subject_unsupported': {
    status: 422,
    message: (d) =>
      `主体${d.name ? `「${String(d.name)}」` : ''}不能列入重点关注名单：${String(d.problem ?? '重点关注名单只收录有统一社会信用代码的单位')}。`,
  },
  'lists.document_in_use': {
    status: 409,
    message: (d) =>
      `列入决定文号「${String(d.documentNo ?? '')}」已用于该主体的另一条重点关注名单记录，请核对文号（每次列入决定应有自己的文号）。`,
  },
  'lists.record_rejected': {
    status: 422,
    message: (d) => `列入记录未通过校验，未列入：${problemsText(d)}`,
  },
})
