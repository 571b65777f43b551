import { defineErrors } from '../../core/errors.js'

const STATUS_ZH: Record<string, string> = {
  filed: '履约中',
  fulfilled: '已履约',
  breached: '已认定违诺',
  withdrawn: '已撤回',
}
const OP_ZH: Record<string, string> = { fulfil: '登记履约', breach: '认定违诺', withdraw: '撤回承诺' }

export const commitmentError = defineErrors({
  'commitments.subject_invalid': {
    status: 400,
    message:
      '请提供承诺主体（subject）：统一社会信用代码（uscc）、主体编号（entityId）、名称加代码（name + code）或身份证件号码（idNumber）之一。',
  },
  'commitments.subject_unresolved': {
    status: 422,
    message: (d) =>
      `无法确定承诺主体${d.message ? `：${String(d.message)}` : ''}。请核对统一社会信用代码或主体编号后重试。`,
  },
  'commitments.not_own_entity': {
    status: 403,
    message: '信用主体只能为本单位（本人）作出承诺、查看或撤回本单位（本人）的承诺；subject 请留空或填写本单位代码。',
  },
  'commitments.not_allowed': {
    status: 403,
    message: (d) =>
      d.action === 'decide'
        ? '只有受理该承诺的部门可以登记履约或认定违诺（须有所属部门，并具有「反馈措施实施情况」或「报送信用信息」权限）。'
        : '只有信用主体本身或所属部门的工作人员（具有「反馈措施实施情况」或「报送信用信息」权限）可以办理信用承诺。',
  },
  'commitments.dept_required': {
    status: 422,
    message: '请填写承诺受理部门（dept，部门代码，如 tj-scjg）：信用主体提交承诺时须指明向哪个部门作出承诺。',
  },
  'commitments.dept_unknown': {
    status: 422,
    message: (d) => `承诺受理部门「${String(d.dept ?? '')}」未在平台登记，请填写已登记部门的代码。`,
  },
  'commitments.dept_mismatch': {
    status: 403,
    message: (d) =>
      `部门只能代申请人向本部门（${String(d.own ?? '')}）作出承诺；dept 请留空或填写本部门代码，不能填写「${String(d.dept ?? '')}」。`,
  },
  'commitments.field_required': {
    status: 422,
    message: (d) => `「${String(d.label ?? d.field ?? '')}」（${String(d.field ?? '')}）不能为空，请填写后重试。`,
  },
  'commitments.due_required': {
    status: 422,
    message: (d) =>
      `「${String(d.typeLabel ?? '')}」承诺须填写履约（补齐材料）期限 dueOn（YYYY-MM-DD），如容缺受理的材料补齐日期。`,
  },
  'commitments.date_invalid': {
    status: 422,
    message: (d) =>
      `「${String(d.label ?? d.field ?? '')}」（${String(d.field ?? '')}）的日期 ${String(d.value ?? '')} 不正确：${String(d.rule ?? '')}。`,
  },
  'commitments.number_taken': {
    status: 409,
    message: (d) => `承诺书编号「${String(d.number ?? '')}」在本部门已被使用，请换一个编号，或留空由平台生成。`,
  },
  'commitments.not_found': {
    status: 404,
    message: (d) => `信用承诺「${String(d.id ?? '')}」不存在，或不在您可以查看的范围内。`,
  },
  'commitments.invalid_transition': {
    status: 409,
    message: (d) =>
      `该承诺当前状态为「${STATUS_ZH[String(d.status)] ?? String(d.status ?? '')}」，不能${OP_ZH[String(d.op)] ?? '办理'}：只有「履约中」的承诺可以登记履约、认定违诺或撤回。`,
  },
  'commitments.reason_required': {
    status: 422,
    message: '撤回承诺须说明原因（reason，2 到 500 个字）。',
  },
  'commitments.id_number_in_key': {
    status: 422,
    message: (d) =>
      `「${String(d.label ?? d.field ?? '')}」（${String(d.field ?? '')}）中含有居民身份证号码：编号随记录公示并用作记录的标识，不能含身份证号码，也不能脱敏后使用。请换一个编号${d.field === 'number' ? '，或留空由平台生成' : ''}。`,
  },
  'commitments.breach_document_taken': {
    status: 409,
    message: (d) =>
      `认定文书号「${String(d.documentNo ?? '')}」已用于该主体的另一条违背信用承诺记录，请填写本次认定的文书号。`,
  },
  'commitments.record_rejected': {
    status: 422,
    message: (d) =>
      `信用记录校验未通过，未作任何改动：${Array.isArray(d.problems) ? (d.problems as string[]).join('；') : '请检查填写内容'}。`,
  },
})
