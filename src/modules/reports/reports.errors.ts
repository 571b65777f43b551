import { defineErrors } from '../../core/errors.js'

/** Errors of credit reports and their templates (docs/reports.md). */
export const reportError = defineErrors({
  'report.not_found': {
    status: 404,
    message:
      '找不到该信用报告：请核对报告编号和核验码（报告首页右上角），或确认您有权查看该报告。主体不存在或无权出具时同样返回此错误。',
  },
  'report.forbidden': {
    status: 403,
    message: (d) =>
      `无权出具该主体的${String(d.kindLabel ?? '信用报告')}：完整报告只出具给主体本身、说明用途的部门（report.issue），或持有主体有效授权（授权范围含 ${String(d.scope ?? 'report.full')}）的信用服务机构。公众可以出具组织的公共信用信息概况（kind: public_overview）。`,
  },
  'report.subject_unresolved': {
    status: 422,
    message: (d) =>
      `无法确定报告的主体：${String(d.message ?? '请填写统一社会信用代码（subject.uscc）、主体编号（subject.entityId）或身份证号码（subject.idNumber，须说明用途）')}`,
  },
  'report.subject_required': {
    status: 400,
    message:
      '请指定报告的主体：subject 中填写 uscc（统一社会信用代码）、entityId（主体编号）、name（组织名称）或 idNumber（身份证号码，须说明用途）之一。',
  },
  'report.kind_unknown': {
    status: 400,
    message: (d) =>
      `报告种类「${String(d.kind ?? '')}」不存在：可用 special、public_overview、full、person、bidding、government_procurement、financing、admin_approval（GET /api/v1/report-templates 列出各种类）。`,
  },
  'report.kind_subject': {
    status: 422,
    message: (d) =>
      `${String(d.kindLabel ?? '该报告')}不适用于${String(d.subjectKindLabel ?? '该类主体')}：${String(d.hint ?? '组织请用 full 或 public_overview，自然人请用 person')}。`,
  },
  'report.bad_period': {
    status: 400,
    message: (d) =>
      `报告期间的开始日期 from「${String(d.from ?? '')}」不正确：应为 YYYY-MM-DD，不早于 ${String(d.earliest ?? '')}（最多追溯 ${String(d.maxYears ?? 5)} 年）且不晚于今天。`,
  },
  'report.bad_fields': {
    status: 400,
    message: (d) =>
      `领域 fields 中的「${String(d.unknown ?? '')}」不存在：可选 ${Array.isArray(d.known) ? (d.known as string[]).join('、') : ''}。`,
  },
  'report.option_unsupported': {
    status: 400,
    message: (d) =>
      `${String(d.kindLabel ?? '该报告')}不接受 ${String(d.option ?? '')}：报告期间（from）和领域（fields）只用于专项信用报告（kind: special）。`,
  },
  'report.scenario_mismatch': {
    status: 400,
    message: (d) =>
      `场景报告 ${String(d.kind ?? '')} 的应用场景是「${String(d.expected ?? '')}」，请求中的 scenario「${String(d.scenario ?? '')}」与之不符：可以不填 scenario。`,
  },
  'report.authorization_invalid': {
    status: 404,
    message:
      '找不到可用的授权：授权不存在、已撤销、已过期，或不是授予您的、不含所需范围。请主体在「我的信用」中授权后重试。',
  },
  'report.not_rendered': {
    status: 503,
    message: '报告的 PDF 暂时无法生成，请稍后重试；报告的 JSON（/json）和在线核验不受影响。',
  },
  'report.template_not_found': {
    status: 404,
    message: (d) =>
      `没有报告模板「${String(d.code ?? '')}」${d.version !== undefined ? `的第 ${String(d.version)} 版` : ''}：请用 GET /api/v1/report-templates 查看。`,
  },
  'report.template_version_not_found': {
    status: 404,
    message: (d) =>
      `报告模板「${String(d.code ?? '')}」没有第 ${String(d.version ?? '?')} 版（共 ${String(d.latest ?? 0)} 个版本）。`,
  },
  'report.invalid_definition': {
    status: 422,
    message: (d) =>
      `报告模板定义有误${d.source ? `（${String(d.source)}）` : ''}：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : ''}`,
  },
  'report.reason_required': { status: 422, message: '修改报告模板须填写修改原因（2 到 500 个字）。' },
  'report.unchanged': {
    status: 422,
    message: (d) => `提交的定义与报告模板「${String(d.code ?? '')}」的当前版本相同，未生成新版本。`,
  },
  'report.version_conflict': {
    status: 409,
    message: (d) =>
      `报告模板「${String(d.code ?? '')}」已被他人修改（当前为第 ${String(d.current ?? '?')} 版，您编辑的是第 ${String(d.base ?? '?')} 版），请刷新后重新编辑。`,
  },
  'report.defaults_unreadable': {
    status: 500,
    message: (d) => `无法读取默认报告模板文件 ${String(d.path ?? '')}：${String(d.reason ?? '')}`,
  },
})

export type ReportErrorCode = Parameters<typeof reportError>[0]
